import { type DragEvent, type FormEvent, useState } from 'react';
import type * as Y from 'yjs';
import { addItem, moveItem, readPipeline } from '../../../documents/pipeline/pipeline.js';
import type { Stage } from '../../../documents/pipeline/schema.js';
import { useDocumentView } from '../collab.js';
import { LimitedInput, refuseInvalid } from '../components/Limited.js';
import { OperationError, useOperation } from '../components/operation-error.js';
import { PipelineCardEditor, dayOf } from '../components/PipelineCardEditor.js';
import { LIMITS } from '../limits.js';

const LABEL: Record<Stage, string> = { idea: 'Idea', script: 'Script', 'body-mirroring': 'Body mirroring', production: 'Production', review: 'Review' };
const read = (doc: Y.Doc) => readPipeline(doc);

/** Stages as columns; each card lists what its stage still needs and opens an editor to give it. Drag to move. */
export function PipelineView({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean }) {
  const pipeline = useDocumentView(doc, read);
  const [title, setTitle] = useState('');
  const [type, setType] = useState<'video' | 'campaign'>('video');
  const [editing, setEditing] = useState<string | null>(null);
  const { error, run, dismiss } = useOperation();
  const drop = (stage: Stage, index: number) => (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    const id = event.dataTransfer.getData('text/item');
    if (id && !readOnly) run(() => moveItem(doc, id, stage, index));
  };
  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (refuseInvalid(event.currentTarget)) return;
    if (run(() => addItem(doc, { id: crypto.randomUUID().replace(/-/g, '').slice(0, 16), type, title }))) setTitle('');
  };
  return (
    <div>
      <OperationError error={error} onDismiss={dismiss} />
      <div className="board pipeline" data-testid="pipeline" tabIndex={0} role="region" aria-label="Pipeline stages">
        {pipeline.stages.map(({ stage, items }) => (
          <section key={stage} className="column" data-testid={`stage-${stage}`} onDragOver={(event) => !readOnly && event.preventDefault()} onDrop={drop(stage, items.length)}>
            <h3>
              {LABEL[stage]} <span className="count">{items.length}</span>
            </h3>
            {items.map((item, index) => (
              <article
                key={item.id}
                className="card"
                data-testid={`item-${item.id}`}
                data-title={item.title}
                draggable={!readOnly}
                onDragStart={(event) => event.dataTransfer.setData('text/item', item.id)}
                onDragOver={(event) => !readOnly && event.preventDefault()}
                onDrop={drop(stage, index)}
              >
                <div className="card-head">
                  <span className={`chip ${item.type}`}>{item.type}</span>
                  <button className="card-title" onClick={() => setEditing(editing === item.id ? null : item.id)} aria-expanded={editing === item.id} title={item.title || undefined}>
                    <span className="card-title-text">{item.title || <em className="muted">Untitled</em>}</span>
                  </button>
                </div>
                {(item.assigneeId || item.dueDate) && (
                  <div className="chips">
                    {item.assigneeId && <span className="chip person">@{item.assigneeId}</span>}
                    {item.dueDate && (
                      <span className="chip" data-testid={`due-${item.id}`}>
                        Due {dayOf(item.dueDate)}
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
                {editing === item.id && <PipelineCardEditor doc={doc} item={item} readOnly={readOnly} />}
              </article>
            ))}
          </section>
        ))}
      </div>
      {!readOnly && (
        <form className="inline-form" onSubmit={add}>
          <select name="item-type" aria-label="Item type" value={type} onChange={(e) => setType(e.target.value as 'video' | 'campaign')}>
            <option value="video">Video</option>
            <option value="campaign">Campaign</option>
          </select>
          <LimitedInput name="item-title" placeholder="New idea" aria-label="New idea title" required limit={LIMITS.itemTitle} value={title} onChange={(e) => setTitle(e.target.value)} />
          <button className="button primary" type="submit">
            Add
          </button>
        </form>
      )}
    </div>
  );
}
