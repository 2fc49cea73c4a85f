import { type DragEvent, type FormEvent, useState } from 'react';
import type * as Y from 'yjs';
import { type CardView, addCard, moveCard, readBoard, updateCard } from '../../../documents/kanban/board.js';
import type { CardChanges } from '../../../documents/kanban/schema.js';
import { useDocumentView } from '../collab.js';
import { LimitedInput, refuseInvalid } from '../components/Limited.js';
import { OperationError, useOperation } from '../components/operation-error.js';
import { type Draft, SharedText } from '../components/SharedText.js';
import { LIMITS, listItems } from '../limits.js';

const newId = () => crypto.randomUUID().replace(/-/g, '').slice(0, 16);
const list = (value: string) => listItems(value, ',');

/**
 * A Kanban board: drag cards between and within columns (HTML drag and drop), edit a card in
 * place. Every action is a board operation on the shared document; nothing waits for a server.
 */
export function BoardView({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean; projectId: string }) {
  const board = useDocumentView(doc, readBoard);
  const [editing, setEditing] = useState<string | null>(null);
  const [dragOver, setDragOver] = useState<string | null>(null);
  const { error, run, dismiss } = useOperation();

  const drop = (columnId: string, index: number) => (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setDragOver(null);
    const cardId = event.dataTransfer.getData('text/card');
    if (cardId && !readOnly) run(() => moveCard(doc, cardId, columnId, index));
  };
  const change = (id: string, changes: CardChanges) => run(() => updateCard(doc, id, changes));

  return (
    <>
      <OperationError error={error} onDismiss={dismiss} />
      <div className="board" data-testid="board">
        {board.columns
          .filter((column) => !column.archived)
          .map((column) => {
            const cards = column.cards.filter((card) => !card.archived);
            return (
              <section
                key={column.id}
                className={`column${dragOver === column.id ? ' drag-over' : ''}`}
                data-testid={`column-${column.id}`}
                onDragOver={(event) => {
                  if (readOnly) return;
                  event.preventDefault();
                  setDragOver(column.id);
                }}
                onDragLeave={() => setDragOver(null)}
                onDrop={drop(column.id, cards.length)}
              >
                <h3>
                  {column.title} <span className="count">{cards.length}</span>
                </h3>
                {cards.map((card, index) => (
                  <Card key={card.id} card={card} readOnly={readOnly} editing={editing === card.id} onEdit={() => setEditing(editing === card.id ? null : card.id)} onDrop={drop(column.id, index)} onUpdate={(changes) => change(card.id, changes)} />
                ))}
                {!readOnly && <AddCard onAdd={(title) => run(() => addCard(doc, { id: newId(), columnId: column.id, title }))} />}
              </section>
            );
          })}
      </div>
    </>
  );
}

function Card({ card, readOnly, editing, onEdit, onDrop, onUpdate }: { card: CardView; readOnly: boolean; editing: boolean; onEdit: () => void; onDrop: (event: DragEvent) => void; onUpdate: (changes: CardChanges) => boolean }) {
  // Kept here, not in the editor: a title refused for its length stays (with its message) when the editor closes and opens again.
  const [titleDraft, setTitleDraft] = useState<Draft>(null);
  return (
    <article
      className="card"
      data-testid={`card-${card.id}`}
      data-title={card.title}
      draggable={!readOnly}
      onDragStart={(event) => {
        event.dataTransfer.setData('text/card', card.id);
        event.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(event) => !readOnly && event.preventDefault()}
      onDrop={onDrop}
    >
      <button className="card-title" onClick={onEdit} aria-expanded={editing} title={card.title || undefined}>
        <span className="card-title-text">{card.title || <em className="muted">Untitled</em>}</span>
      </button>
      {titleDraft !== null && !editing && (
        <p className="limit-note over" data-testid="unsaved-title">
          A new title is not saved yet: open the card to finish it.
        </p>
      )}
      {(card.labels.length > 0 || card.assignees.length > 0) && (
        <div className="chips">
          {card.labels.map((label) => (
            <span key={label} className="chip">
              {label}
            </span>
          ))}
          {card.assignees.map((assignee) => (
            <span key={assignee} className="chip person">
              @{assignee}
            </span>
          ))}
        </div>
      )}
      {editing && (
        <div className="card-editor">
          <SharedText name="card-title" label="Title" disabled={readOnly} limit={LIMITS.cardTitle} value={card.title} draft={titleDraft} onDraft={setTitleDraft} onCommit={(title) => onUpdate({ title: title.trim() })} />
          <SharedText name="card-description" label="Description" multiline disabled={readOnly} limit={LIMITS.cardDescription} value={card.description} onCommit={(description) => onUpdate({ description })} />
          <SharedText name="card-assignees" label="Assignees" disabled={readOnly} limit={LIMITS.cardAssignees} value={card.assignees.join(', ')} onCommit={(assignees) => onUpdate({ assignees: list(assignees) })} />
          <SharedText name="card-labels" label="Labels" disabled={readOnly} limit={LIMITS.cardLabels} value={card.labels.join(', ')} onCommit={(labels) => onUpdate({ labels: list(labels) })} />
        </div>
      )}
    </article>
  );
}

function AddCard({ onAdd }: { onAdd: (title: string) => boolean }) {
  const [title, setTitle] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (refuseInvalid(event.currentTarget) || !title.trim()) return;
    if (onAdd(title.trim())) setTitle('');
  };
  return (
    <form className="add-card" onSubmit={submit}>
      <LimitedInput name="new-card" placeholder="Add a card" aria-label="New card title" limit={LIMITS.cardTitle} value={title} onChange={(e) => setTitle(e.target.value)} />
    </form>
  );
}
