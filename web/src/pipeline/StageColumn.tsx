import type { DragEvent } from 'react';
import { type ItemView, moveItem } from '../../../documents/pipeline/pipeline.js';
import type { Stage } from '../../../documents/pipeline/schema.js';
import { usePipeline } from './context.js';
import { PipelineCard } from './PipelineCard.js';
import { STAGE_INFO, stageNeedsText } from './stages.js';

/** One stage: its name, what happens there and what it asks of an item, then its items. Drop an item to move it here. */
export function StageColumn({ stage, items, editing, onEdit }: { stage: Stage; items: ItemView[]; editing: string | null; onEdit: (itemId: string | null) => void }) {
  const { doc, readOnly, run } = usePipeline();
  const drop = (index: number) => (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    const id = event.dataTransfer.getData('text/item');
    if (id && !readOnly) run(() => moveItem(doc, id, stage, index));
  };
  return (
    <section className="column stage" data-testid={`stage-${stage}`} onDragOver={(event) => !readOnly && event.preventDefault()} onDrop={drop(items.length)}>
      <header className="stage-head">
        <h3>
          {STAGE_INFO[stage].name}{' '}
          <span className="count">
            {items.length}
            <span className="visually-hidden"> item{items.length === 1 ? '' : 's'}</span>
          </span>
        </h3>
        <p className="stage-about">{STAGE_INFO[stage].about}</p>
        <p className="stage-needs" data-testid={`requirements-${stage}`}>
          {stageNeedsText(stage)}
        </p>
      </header>
      {items.map((item, index) => (
        <PipelineCard key={item.id} item={item} editing={editing === item.id} onEdit={() => onEdit(editing === item.id ? null : item.id)} onDrop={drop(index)} />
      ))}
    </section>
  );
}
