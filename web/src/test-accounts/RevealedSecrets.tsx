import { useEffect, useState } from 'react';
import type { RevealedAccount } from './types.js';

/** How long revealed secrets stay on screen before they hide again (a reveal is audited each time). */
export const REVEAL_SECONDS = 30;

/** A value with a copy button; the clipboard API needs a secure context (https or localhost), otherwise it says so. */
function Secret({ label, value, testId }: { label: string; value: string; testId: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="revealed-secret">
      <span className="muted small">{label}</span>
      <code data-testid={testId}>{value}</code>
      <button className="button small" type="button" onClick={() => void copy()} aria-label={`Copy ${label.toLowerCase()}`}>
        Copy
      </button>
      <span className="small" role="status">
        {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'This browser did not allow copying: select the text instead' : ''}
      </span>
    </div>
  );
}

/** The secrets of one reveal, with a countdown; calls `onHide` when it runs out. The TOTP code has its own, shorter life. */
export function RevealedSecrets({ revealed, onHide }: { revealed: RevealedAccount; onHide(): void }) {
  const [shownAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const elapsed = Math.floor((now - shownAt) / 1000);
  const left = REVEAL_SECONDS - elapsed;
  useEffect(() => {
    if (left <= 0) onHide();
  }, [left, onHide]);
  const codeLeft = revealed.totp ? revealed.totp.secondsRemaining - elapsed : 0;

  return (
    <div className="revealed panel" data-testid="revealed">
      <p className="revealed-countdown" aria-live="polite">
        Hides in <span data-testid="reveal-countdown">{Math.max(0, left)}</span> s{' '}
        <button className="link" type="button" onClick={onHide}>
          Hide now
        </button>
      </p>
      {revealed.password !== null && <Secret label="Password" value={revealed.password} testId="revealed-password" />}
      {revealed.previousPassword !== null && revealed.previousPasswordUntil !== null && (
        <div className="revealed-previous">
          <Secret label="Previous password" value={revealed.previousPassword} testId="revealed-previous" />
          <span className="muted small">kept until {new Date(revealed.previousPasswordUntil).toLocaleString()}</span>
        </div>
      )}
      {revealed.totp &&
        (codeLeft > 0 ? (
          <div className="revealed-totp">
            <Secret label="Current code" value={revealed.totp.code} testId="revealed-totp" />
            <span className="muted small">changes in {codeLeft} s</span>
          </div>
        ) : (
          <p className="muted small">The code has changed: reveal again for the current one.</p>
        ))}
      {revealed.totpSeed !== null && <Secret label="TOTP seed" value={revealed.totpSeed} testId="revealed-seed" />}
      {revealed.notes !== null && (
        <div className="revealed-secret">
          <span className="muted small">Notes</span>
          <pre className="revealed-notes">{revealed.notes}</pre>
        </div>
      )}
    </div>
  );
}
