import type * as Y from 'yjs';
import { type ItemView, addAsset, removeAsset, updateItem } from '../../../documents/pipeline/pipeline.js';
import type { ItemChanges } from '../../../documents/pipeline/schema.js';
import { LIMITS } from '../limits.js';
import { useMe } from '../me.js';
import { OperationError, useOperation } from './operation-error.js';
import { SharedText } from './SharedText.js';

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
 * Edits what the stage table asks of a pipeline item: brief, script link, reference link (an
 * asset), due date and assignee. Writes go to the shared document like every other edit here;
 * a read-only role sees the values with every control disabled.
 */
export function PipelineCardEditor({ doc, item, readOnly }: { doc: Y.Doc; item: ItemView; readOnly: boolean }) {
  const me = useMe();
  const { error, run, dismiss, setError } = useOperation();
  const change = (changes: ItemChanges) => run(() => updateItem(doc, item.id, changes));
  const references = item.assets.filter((asset) => asset.kind === 'url' || asset.kind === 'video');
  const addReference = (url: string) => {
    const trimmed = url.trim();
    if (!trimmed) return true;
    if (!isWebAddress(trimmed)) {
      setError('A reference must be an http(s) link.');
      return false;
    }
    return run(() => addAsset(doc, { id: newId(), itemId: item.id, kind: 'url', name: 'Reference', url: trimmed, addedBy: me.id, addedAt: new Date().toISOString() }));
  };
  const setDay = (day: string) => {
    if (day === '') return change({ dueDate: null });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    // Keep a time someone set elsewhere (over REST); a new due date is the start of that day, UTC.
    change({ dueDate: item.dueDate ? `${day}${item.dueDate.slice(10)}` : `${day}T00:00:00Z` });
  };

  return (
    <div className="card-editor" data-testid={`editor-${item.id}`}>
      <SharedText name="item-brief" label="Brief" multiline disabled={readOnly} limit={LIMITS.itemBrief} value={item.brief} onCommit={(brief) => change({ brief })} />
      <SharedText name="item-script" label="Script link" disabled={readOnly} limit={LIMITS.itemScript} value={item.scriptDocument ?? ''} placeholder="A document or https://…" onCommit={(link) => change({ scriptDocument: link.trim() || null })} />
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
      <SharedText name="item-reference" label="Reference video link" disabled={readOnly} limit={LIMITS.assetUrl} value="" placeholder="https://…" onCommit={addReference} />
      <label>
        Due date
        <input type="date" name="item-due" disabled={readOnly} value={dayOf(item.dueDate)} onChange={(e) => setDay(e.target.value)} />
      </label>
      <SharedText name="item-assignee" label="Assignee" disabled={readOnly} limit={LIMITS.itemAssignee} value={item.assigneeId ?? ''} onCommit={(assignee) => change({ assigneeId: assignee.trim() || null })} />
      <OperationError error={error} onDismiss={dismiss} />
    </div>
  );
}
