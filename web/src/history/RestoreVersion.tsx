import { useEffect, useRef, useState } from 'react';
import { OperationError, operationErrorText } from '../components/operation-error.js';
import { restoreVersion } from './history-api.js';
import type { HistoryTarget, RestoreResult, Version } from './types.js';
import { restoredText, versionKindText } from './version-words.js';

interface Props {
  target: HistoryTarget;
  version: Version;
  /** After a restore: the list shows the version saved before it. */
  onRestored: (result: RestoreResult) => void;
  /** Opens another version's preview (the one saved before the restore, to undo it). */
  onOpenVersion: (versionId: string) => void;
}

/**
 * Restoring asks first, in place: it changes the document for everyone in it. The server edits
 * the live document, so this page's board (and everyone else's) follows by itself; nothing reloads.
 */
export function RestoreVersion({ target, version, onRestored, onOpenVersion }: Props) {
  const [step, setStep] = useState<'idle' | 'confirming' | 'restoring'>('idle');
  const [result, setResult] = useState<RestoreResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const savedBefore = result?.savedBefore ?? null;
  // The confirmation (where focus was) is gone once the restore is done: focus goes to what it did.
  useEffect(() => {
    if (result) outcome.current?.focus();
  }, [result]);

  const restore = async () => {
    setStep('restoring');
    try {
      const done = await restoreVersion(target, version.id);
      setResult(done);
      setError(null);
      onRestored(done);
    } catch (caught) {
      setError(operationErrorText(caught).replace(/^Not saved:/, 'Not restored:'));
    } finally {
      setStep('idle');
    }
  };

  return (
    <div className="history-restore">
      <button type="button" className="button danger-outline" data-testid="history-restore" aria-expanded={step !== 'idle'} disabled={step === 'restoring'} onClick={() => setStep(step === 'idle' ? 'confirming' : 'idle')}>
        Restore this version
      </button>
      {step !== 'idle' && (
        <div className="confirm" role="group" aria-label="Confirm restoring this version" data-testid="history-confirm">
          <p>
            Make the document what it was in this version ({versionKindText(version)})? It changes for everyone in it now. The document as it is now is saved first, as “Before a restore”, so
            this can be undone.
          </p>
          <div className="confirm-buttons">
            <button type="button" className="button danger" data-testid="history-confirm-restore" disabled={step === 'restoring'} onClick={() => void restore()}>
              {step === 'restoring' ? 'Restoring…' : 'Restore'}
            </button>
            <button type="button" className="button" disabled={step === 'restoring'} onClick={() => setStep('idle')}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <OperationError error={error} onDismiss={() => setError(null)} />
      {/* Always there, so that the outcome is announced when it appears. */}
      <div ref={outcome} className="history-restored" role="status" tabIndex={-1} data-testid="history-restored">
        {result && (
          <>
            <p>{restoredText(result)}</p>
            {savedBefore && (
              <button type="button" className="link" data-testid="history-open-before" onClick={() => onOpenVersion(savedBefore)}>
                Show the version saved before the restore
              </button>
            )}
          </>
        )}
      </div>
    </div>
  );
}
