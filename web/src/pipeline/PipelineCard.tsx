import { type DragEvent, useRef } from 'react';
import type { ItemView } from '../../../documents/pipeline/pipeline.js';
import { carriesFiles, useFileDrop } from '../assets/use-file-drop.js';
import { UploadProgress } from '../assets/UploadProgress.js';
import { dayOf, initialsOf } from '../board/time.js';
import { EditingNow, editingOutline } from '../presence/EditingNow.js';
import { useEditingNow } from '../presence/use-editing-now.js';
import { usePublishEditing, useStillAt } from '../presence/use-publish-editing.js';
import { usePipeline } from './context.js';
import { useItemUploads } from './item-uploads.js';
import { PipelineCardEditor } from './PipelineCardEditor.js';

/** An item on the pipeline board: its type, title (which opens the editor), assignee, due date and what its stage still needs; a file dropped on it is uploaded and attached to it. */
export function PipelineCard({ item, editing, onEdit, onDrop }: { item: ItemView; editing: boolean; onEdit: () => void; onDrop: (event: DragEvent) => void }) {
  const { readOnly, nameOf } = usePipeline();
  const due = dayOf(item.dueDate);
  const assignee = item.assigneeId === null ? null : nameOf(item.assigneeId);
  const area = useRef<HTMLElement>(null);
  // Open here and still at it: the others see this person on the item until they close it or go elsewhere.
  usePublishEditing(useStillAt(area, editing) ? item.id : null);
  const outline = editingOutline(useEditingNow(item.id));
  // A file dropped on the card is uploaded and attached to it; a card dropped on it still moves as before.
  const uploads = useItemUploads(item);
  const fileDrop = useFileDrop(uploads.upload, uploads.canUpload);
  return (
    <article
      ref={area}
      className={`card${editing ? ' editing' : ''}${fileDrop.dragging ? ' file-over' : ''}${outline.className}`}
      style={outline.style}
      data-testid={`item-${item.id}`}
      data-title={item.title}
      // Open, it holds fields: a drag would start when someone selects text in them.
      draggable={!readOnly && !editing}
      onDragStart={(event) => {
        event.dataTransfer.setData('text/item', item.id);
        event.dataTransfer.effectAllowed = 'move';
      }}
      onDragEnter={fileDrop.props.onDragEnter}
      onDragLeave={fileDrop.props.onDragLeave}
      onDragOver={(event) => (carriesFiles(event) ? fileDrop.props.onDragOver(event) : !readOnly && event.preventDefault())}
      onDrop={(event) => (carriesFiles(event) ? fileDrop.props.onDrop(event) : onDrop(event))}
    >
      <div className="card-head">
        <span className={`chip ${item.type}`}>{item.type}</span>
        <button type="button" className="card-title" onClick={onEdit} aria-expanded={editing} title={item.title || undefined}>
          <span className="card-title-text">{item.title || <em className="muted">Untitled</em>}</span>
        </button>
      </div>
      <EditingNow id={item.id} />
      {(assignee || due) && (
        <div className="card-facts">
          {due && (
            <span className="due" data-testid={`due-${item.id}`}>
              Due {due}
            </span>
          )}
          {assignee && item.assigneeId && (
            <span className="person-chip" data-testid={`assignee-${item.id}`} data-user={item.assigneeId} title={`Assigned to ${assignee}`}>
              <span className="initials" aria-hidden="true">
                {initialsOf(assignee)}
              </span>
              <span className="person-name">{assignee}</span>
            </span>
          )}
        </div>
      )}
      {item.missing.length > 0 && (
        <ul className="missing" data-testid={`missing-${item.id}`}>
          {item.missing.map((need) => (
            <li key={need.id}>Needs {need.description}</li>
          ))}
        </ul>
      )}
      <UploadProgress jobs={uploads.jobs} onCancel={uploads.cancel} onDismiss={uploads.dismiss} />
      {editing && <PipelineCardEditor item={item} />}
    </article>
  );
}
