import { type DragEvent, type FormEvent, useState } from 'react';
import type * as Y from 'yjs';
import { type CardView, addCard, moveCard, readBoard, updateCard } from '../../../documents/kanban/board.js';
import { useDocumentView } from '../collab.js';

const newId = () => crypto.randomUUID().replace(/-/g, '').slice(0, 16);
const list = (value: string) => value.split(',').map((item) => item.trim()).filter(Boolean);

/**
 * A Kanban board: drag cards between and within columns (HTML drag and drop), edit a card in
 * place. Every action is a board operation on the shared document; nothing waits for a server.
 */
export function BoardView({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean }) {
  const board = useDocumentView(doc, readBoard);
  const [editing, setEditing] = useState<string | null>(null);
  const [dragOver, setDragOver] = useState<string | null>(null);

  const drop = (columnId: string, index: number) => (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setDragOver(null);
    const cardId = event.dataTransfer.getData('text/card');
    if (cardId && !readOnly) moveCard(doc, cardId, columnId, index);
  };

  return (
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
                <Card key={card.id} card={card} readOnly={readOnly} editing={editing === card.id} onEdit={() => setEditing(editing === card.id ? null : card.id)} onDrop={drop(column.id, index)} doc={doc} />
              ))}
              {!readOnly && <AddCard onAdd={(title) => addCard(doc, { id: newId(), columnId: column.id, title })} />}
            </section>
          );
        })}
    </div>
  );
}

function Card({ card, readOnly, editing, onEdit, onDrop, doc }: { card: CardView; readOnly: boolean; editing: boolean; onEdit: () => void; onDrop: (event: DragEvent) => void; doc: Y.Doc }) {
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
      <button className="card-title" onClick={onEdit} aria-expanded={editing}>
        {card.title || <em className="muted">Untitled</em>}
      </button>
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
          <label>
            Title
            <input name="card-title" disabled={readOnly} defaultValue={card.title} onBlur={(e) => e.target.value !== card.title && updateCard(doc, card.id, { title: e.target.value })} />
          </label>
          <label>
            Description
            <textarea name="card-description" disabled={readOnly} defaultValue={card.description} onBlur={(e) => e.target.value !== card.description && updateCard(doc, card.id, { description: e.target.value })} />
          </label>
          <label>
            Assignees
            <input name="card-assignees" disabled={readOnly} defaultValue={card.assignees.join(', ')} onBlur={(e) => updateCard(doc, card.id, { assignees: list(e.target.value) })} />
          </label>
          <label>
            Labels
            <input name="card-labels" disabled={readOnly} defaultValue={card.labels.join(', ')} onBlur={(e) => updateCard(doc, card.id, { labels: list(e.target.value) })} />
          </label>
        </div>
      )}
    </article>
  );
}

function AddCard({ onAdd }: { onAdd: (title: string) => void }) {
  const [title, setTitle] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    onAdd(title.trim());
    setTitle('');
  };
  return (
    <form className="add-card" onSubmit={submit}>
      <input name="new-card" placeholder="Add a card" value={title} onChange={(e) => setTitle(e.target.value)} />
    </form>
  );
}
