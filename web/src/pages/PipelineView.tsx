import { type DragEvent, type FormEvent, useState } from 'react';
import type * as Y from 'yjs';
import { addItem, moveItem, readPipeline, updateItem } from '../../../documents/pipeline/pipeline.js';
import type { Stage } from '../../../documents/pipeline/schema.js';
import { useDocumentView } from '../collab.js';

const LABEL: Record<Stage, string> = { idea: 'Idea', script: 'Script', 'body-mirroring': 'Body mirroring', production: 'Production', review: 'Review' };
const read = (doc: Y.Doc) => readPipeline(doc);

/** Stages as columns; each card lists what its stage still needs. Drag to move. */
export function PipelineView({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean }) {
  const pipeline = useDocumentView(doc, read);
  const [title, setTitle] = useState('');
  const [type, setType] = useState<'video' | 'campaign'>('video');
  const drop = (stage: Stage, index: number) => (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    const id = event.dataTransfer.getData('text/item');
    if (id && !readOnly) moveItem(doc, id, stage, index);
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    addItem(doc, { id: crypto.randomUUID().replace(/-/g, '').slice(0, 16), type, title });
    setTitle('');
  };
  return (
    <div>
      <div className="board pipeline" data-testid="pipeline">
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
                draggable={!readOnly}
                onDragStart={(event) => event.dataTransfer.setData('text/item', item.id)}
                onDragOver={(event) => !readOnly && event.preventDefault()}
                onDrop={drop(stage, index)}
              >
                <div className="card-head">
                  <span className={`chip ${item.type}`}>{item.type}</span>
                  <strong>{item.title}</strong>
                </div>
                {item.assigneeId && <div className="muted">@{item.assigneeId}</div>}
                {item.missing.length > 0 && (
                  <ul className="missing" data-testid={`missing-${item.id}`}>
                    {item.missing.map((need) => (
                      <li key={need.id}>Needs {need.description}</li>
                    ))}
                  </ul>
                )}
                {!readOnly && (
                  <input
                    className="quiet"
                    name="assignee"
                    placeholder="Assignee"
                    defaultValue={item.assigneeId ?? ''}
                    onBlur={(e) => e.target.value !== (item.assigneeId ?? '') && updateItem(doc, item.id, { assigneeId: e.target.value || null })}
                  />
                )}
              </article>
            ))}
          </section>
        ))}
      </div>
      {!readOnly && (
        <form className="inline-form" onSubmit={add}>
          <select name="item-type" value={type} onChange={(e) => setType(e.target.value as 'video' | 'campaign')}>
            <option value="video">Video</option>
            <option value="campaign">Campaign</option>
          </select>
          <input name="item-title" placeholder="New idea" required value={title} onChange={(e) => setTitle(e.target.value)} />
          <button className="button primary" type="submit">
            Add
          </button>
        </form>
      )}
    </div>
  );
}
