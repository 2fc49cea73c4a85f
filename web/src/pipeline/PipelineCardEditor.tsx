import { type ItemView, moveItem, updateItem } from '../../../documents/pipeline/pipeline.js';
import { type ItemChanges, STAGES } from '../../../documents/pipeline/schema.js';
import { ACCEPT_VIDEO } from '../assets/accepted-types.js';
import { ChooseFiles } from '../assets/ChooseFiles.js';
import { dayOf } from '../board/time.js';
import { OperationError, useOperation } from '../components/operation-error.js';
import { SharedText } from '../components/SharedText.js';
import { LIMITS } from '../limits.js';
import { AssetLinks } from './AssetLinks.js';
import { AssigneePicker } from './AssigneePicker.js';
import { usePipeline } from './context.js';
import { useItemUploads } from './item-uploads.js';
import { STAGE_INFO } from './stages.js';

/**
 * Everything the stage table asks of an item, so every "Needs …" line can be cleared here:
 * brief or script link, assignee, reference link, due date, and the cut to review (a link, or a
 * video file uploaded here and attached through the API). Also its
 * stage, for whoever cannot drag (a keyboard, a phone). Writes go to the shared document like
 * every other edit; a read-only role sees the values with every control disabled.
 */
export function PipelineCardEditor({ item }: { item: ItemView }) {
  const { doc, readOnly, focusSoon } = usePipeline();
  const { error, run, dismiss } = useOperation();
  const uploads = useItemUploads(item);
  const change = (changes: ItemChanges) => run(() => updateItem(doc, item.id, changes));
  const due = dayOf(item.dueDate);
  const setDay = (day: string) => {
    if (day === '') return change({ dueDate: null });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    // Keep a time someone set elsewhere (over REST); a new due date is the start of that day, UTC.
    change({ dueDate: item.dueDate ? `${day}${item.dueDate.slice(10)}` : `${day}T00:00:00Z` });
  };
  const move = (value: string) => {
    const stage = STAGES.find((candidate) => candidate === value);
    if (!stage) return;
    // The card is drawn anew in its new column (after this handler): keep the focus on this control there.
    if (run(() => moveItem(doc, item.id, stage))) focusSoon(`[data-testid="editor-${CSS.escape(item.id)}"] [name="item-stage"]`);
  };
  // A reference is a link to mirror; a video is the cut to review (it counts as a reference too, as the stage table says).
  const references = item.assets.filter((asset) => asset.kind === 'url');
  const cuts = item.assets.filter((asset) => asset.kind === 'video');
  const others = item.assets.filter((asset) => asset.kind !== 'url' && asset.kind !== 'video');

  return (
    <div className="card-editor pipeline-editor" data-testid={`editor-${item.id}`}>
      <label>
        Stage
        <select name="item-stage" disabled={readOnly} value={item.stage} onChange={(event) => move(event.target.value)}>
          {STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {STAGE_INFO[stage].name}
            </option>
          ))}
        </select>
      </label>
      <SharedText name="item-brief" label="Brief" multiline disabled={readOnly} limit={LIMITS.itemBrief} value={item.brief} onCommit={(brief) => change({ brief })} />
      <SharedText name="item-script" label="Script link" disabled={readOnly} limit={LIMITS.itemScript} value={item.scriptDocument ?? ''} placeholder="A document or https://…" onCommit={(link) => change({ scriptDocument: link.trim() || null })} />
      <AssigneePicker item={item} onPick={(assigneeId) => change({ assigneeId })} />
      <div className="due-field">
        <label>
          Due date
          <input type="date" name="item-due" disabled={readOnly} value={due} onChange={(event) => setDay(event.target.value)} />
        </label>
        {due && !readOnly && (
          <button type="button" className="link" onClick={() => change({ dueDate: null })}>
            Clear
          </button>
        )}
      </div>
      <AssetLinks item={item} assets={references} listLabel="Reference links" add={{ name: 'item-reference', label: 'Reference video link', kind: 'url', assetName: 'Reference' }} />
      <AssetLinks item={item} assets={cuts} listLabel="Cuts to review" add={{ name: 'item-cut', label: 'Cut to review (video link)', kind: 'video', assetName: 'Cut to review' }} />
      {uploads.canUpload && (
        <div className="item-upload">
          <ChooseFiles label="Upload the cut (video file)" accept={ACCEPT_VIDEO} onFiles={uploads.upload} className="button small" testId="upload-cut" />
          <span className="muted small">or drop any file on the card</span>
        </div>
      )}
      {others.length > 0 && (
        <div className="field-group">
          <span className="field-label">Other assets</span>
          <AssetLinks item={item} assets={others} listLabel="Other assets" />
        </div>
      )}
      <OperationError error={error} onDismiss={dismiss} />
    </div>
  );
}
