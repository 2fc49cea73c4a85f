import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { DocumentError } from '../../../documents/document-error.js';
import { type ItemView, addAsset, removeAsset, updateItem } from '../../../documents/pipeline/pipeline.js';
import type { ItemChanges } from '../../../documents/pipeline/schema.js';
import { useMe } from '../me.js';

const newId = () => crypto.randomUUID().replace(/-/g, '').slice(0, 16);

const isWebAddress = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

/** The calendar day of an ISO instant as written (what a date input shows), or ''. */
export const dayOf = (instant: string | null) => instant?.slice(0, 10) ?? '';

/**
 * A text field bound to a value others may change meanwhile: it shows the shared value until
 * focused, keeps what is typed while focused, and commits on blur (or Enter for one line).
 */
function SharedText({ name, value, disabled, multiline, placeholder, clearAfterCommit, onCommit }: { name: string; value: string; disabled: boolean; multiline?: boolean; placeholder?: string; clearAfterCommit?: boolean; onCommit: (value: string) => void }) {
  const [draft, setDraft] = useState(value);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setDraft(value);
  }, [value]);
  const common = {
    name,
    disabled,
    placeholder,
    value: draft,
    onFocus: () => (focused.current = true),
    onBlur: () => {
      focused.current = false;
      if (draft === value) return;
      onCommit(draft);
      if (clearAfterCommit) setDraft(value);
    },
  };
  if (multiline) return <textarea {...common} onChange={(e) => setDraft(e.target.value)} />;
  const enter = (event: KeyboardEvent<HTMLInputElement>) => event.key === 'Enter' && event.currentTarget.blur();
  return <input {...common} onChange={(e) => setDraft(e.target.value)} onKeyDown={enter} />;
}

/**
 * Edits what the stage table asks of a pipeline item: brief, script link, reference link (an
 * asset), due date and assignee. Writes go to the shared document like every other edit here;
 * a read-only role sees the values with every control disabled.
 */
export function PipelineCardEditor({ doc, item, readOnly }: { doc: Y.Doc; item: ItemView; readOnly: boolean }) {
  const me = useMe();
  const [error, setError] = useState<string | null>(null);
  const run = (write: () => void) => {
    try {
      write();
      setError(null);
    } catch (caught) {
      if (!(caught instanceof DocumentError)) throw caught;
      setError(caught.message);
    }
  };
  const change = (changes: ItemChanges) => run(() => updateItem(doc, item.id, changes));
  const references = item.assets.filter((asset) => asset.kind === 'url' || asset.kind === 'video');
  const addReference = (url: string) => {
    const trimmed = url.trim();
    if (!trimmed) return;
    if (!isWebAddress(trimmed)) return setError('A reference must be an http(s) link.');
    run(() => addAsset(doc, { id: newId(), itemId: item.id, kind: 'url', name: 'Reference', url: trimmed, addedBy: me.id, addedAt: new Date().toISOString() }));
  };
  const setDay = (day: string) => {
    if (day === '') return change({ dueDate: null });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    // Keep a time someone set elsewhere (over REST); a new due date is the start of that day, UTC.
    change({ dueDate: item.dueDate ? `${day}${item.dueDate.slice(10)}` : `${day}T00:00:00Z` });
  };

  return (
    <div className="card-editor" data-testid={`editor-${item.id}`}>
      <label>
        Brief
        <SharedText name="item-brief" multiline disabled={readOnly} value={item.brief} onCommit={(brief) => change({ brief })} />
      </label>
      <label>
        Script link
        <SharedText name="item-script" disabled={readOnly} value={item.scriptDocument ?? ''} placeholder="A document or https://…" onCommit={(link) => change({ scriptDocument: link.trim() || null })} />
      </label>
      <div className="chips" data-testid={`references-${item.id}`}>
        {references.map((asset) => (
          <span key={asset.id} className="chip">
            {isWebAddress(asset.url) ? (
              <a href={asset.url} target="_blank" rel="noreferrer noopener">
                {asset.name || asset.url}
              </a>
            ) : (
              asset.name || asset.url
            )}
            {!readOnly && (
              <button type="button" className="quiet" aria-label={`Remove ${asset.name || 'reference'}`} onClick={() => run(() => removeAsset(doc, asset.id))}>
                ×
              </button>
            )}
          </span>
        ))}
      </div>
      <label>
        Reference video link
        <SharedText name="item-reference" disabled={readOnly} value="" clearAfterCommit placeholder="https://…" onCommit={addReference} />
      </label>
      <label>
        Due date
        <input type="date" name="item-due" disabled={readOnly} value={dayOf(item.dueDate)} onChange={(e) => setDay(e.target.value)} />
      </label>
      <label>
        Assignee
        <SharedText name="item-assignee" disabled={readOnly} value={item.assigneeId ?? ''} onCommit={(assignee) => change({ assigneeId: assignee.trim() || null })} />
      </label>
      {error && (
        <p className="missing" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
