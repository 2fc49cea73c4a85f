import { useEffect, useRef, useState } from 'react';
import type { CreatedLink } from './link-types.js';

/**
 * The address of a link just made, shown this once (the server keeps only its hash): in a
 * read-only field, selected, with Copy. Where the clipboard is closed to the page (an insecure
 * origin, a refused permission) the selected field is the way to copy it.
 */
export function NewLinkAddress({ link, onDismiss }: { link: CreatedLink; onDismiss: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
    setCopied(null);
  }, [link.url]);
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link.url);
      setCopied('Copied.');
    } catch {
      field.current?.focus();
      field.current?.select();
      setCopied('Copying was not allowed here: the address is selected, copy it with Ctrl+C (⌘C on a Mac).');
    }
  };
  return (
    <div className="share-new-link" data-testid="share-new-link">
      <label>
        Link for “{link.label}”: copy it now, it is not shown again
        <input ref={field} readOnly name="new-link-url" value={link.url} onFocus={(focus) => focus.currentTarget.select()} />
      </label>
      <div className="share-new-link-actions">
        <button type="button" className="button primary" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="button" onClick={onDismiss}>
          Done
        </button>
        <p className="ok small" role="status" data-testid="new-link-copied">
          {copied}
        </p>
      </div>
    </div>
  );
}
