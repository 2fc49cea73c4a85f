import { type DragEvent, type KeyboardEvent, useRef, useState } from 'react';
import { type BoardView, addCard, archiveColumn, moveCard, moveColumn, renameColumn } from '../../../documents/kanban/board.js';
import { LimitedInput } from '../components/Limited.js';
import { checkLimit } from '../limits.js';
import { AddCard } from './AddCard.js';
import { BoardCard } from './Card.js';
import { newId, useBoard } from './context.js';
import { BOARD_LIMITS } from './limits.js';
import { indexAfter, indexBefore } from './order.js';

type ColumnView = BoardView['columns'][number];

const CARD_TYPE = 'text/card';
const COLUMN_TYPE = 'text/column';

/** One column: its header (rename, move, archive), its cards (drag and drop, keyboard moves) and "Add a card". */
export function Column({ column, board, editing, onEdit }: { column: ColumnView; board: BoardView; editing: string | null; onEdit: (cardId: string | null) => void }) {
  const { doc, readOnly, run, announce } = useBoard();
  const [dragOver, setDragOver] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const columns = board.columns.filter((candidate) => !candidate.archived);
  const position = columns.findIndex((candidate) => candidate.id === column.id);
  const cards = column.cards.filter((card) => !card.archived);

  const moveTo = (columnId: string, index: number, direction: string) => {
    if (run(() => moveColumn(doc, columnId, index))) announce(`Moved the column “${column.title}” ${direction}.`);
  };
  const moveLeft = () => {
    const left = columns[position - 1];
    if (left) moveTo(column.id, indexBefore(board.columns, column.id, left.id), 'left');
  };
  const moveRight = () => {
    const right = columns[position + 1];
    if (right) moveTo(column.id, indexAfter(board.columns, column.id, right.id), 'right');
  };

  /** A drop before `beforeCardId` (the end when null): a card moves there, a column moves beside this one. */
  const dropBefore = (beforeCardId: string | null) => (event: DragEvent) => {
    if (readOnly) return;
    const cardId = event.dataTransfer.getData(CARD_TYPE);
    const columnId = event.dataTransfer.getData(COLUMN_TYPE);
    event.preventDefault();
    event.stopPropagation();
    setDragOver(false);
    if (cardId) {
      if (cardId === beforeCardId) return;
      // Dropped on a card below it in the same column: it goes after that card, as it looks when dragging down.
      const from = column.cards.findIndex((card) => card.id === cardId);
      const onto = beforeCardId === null ? -1 : column.cards.findIndex((card) => card.id === beforeCardId);
      const index = from >= 0 && onto > from && beforeCardId !== null ? indexAfter(column.cards, cardId, beforeCardId) : indexBefore(column.cards, cardId, beforeCardId);
      run(() => moveCard(doc, cardId, column.id, index));
    } else if (columnId && columnId !== column.id) {
      const from = columns.findIndex((candidate) => candidate.id === columnId);
      const index = from < position ? indexAfter(board.columns, columnId, column.id) : indexBefore(board.columns, columnId, column.id);
      run(() => moveColumn(doc, columnId, index));
    }
  };

  return (
    <section
      className={`column${dragOver ? ' drag-over' : ''}`}
      data-testid={`column-${column.id}`}
      data-title={column.title}
      aria-label={`Column ${column.title}`}
      onDragOver={(event) => {
        if (readOnly) return;
        event.preventDefault();
        setDragOver(true);
      }}
      onDragLeave={() => setDragOver(false)}
      onDrop={dropBefore(null)}
    >
      <header
        className="column-head"
        draggable={!readOnly && !renaming}
        onDragStart={(event) => {
          event.dataTransfer.setData(COLUMN_TYPE, column.id);
          event.dataTransfer.effectAllowed = 'move';
        }}
      >
        {renaming ? (
          <ColumnTitleField title={column.title} onDone={(title) => {
            setRenaming(false);
            if (title !== null && title !== column.title) run(() => renameColumn(doc, column.id, title));
          }} />
        ) : (
          <h3>
            {readOnly ? (
              <span className="column-title">{column.title || <em className="muted">Untitled</em>}</span>
            ) : (
              <button type="button" className="column-title" data-testid="rename-column" onClick={() => setRenaming(true)} title="Rename this column">
                {column.title || <em className="muted">Untitled</em>}
                <span className="visually-hidden"> (rename)</span>
              </button>
            )}
            <span className="count">
              {cards.length}
              <span className="visually-hidden"> card{cards.length === 1 ? '' : 's'}</span>
            </span>
          </h3>
        )}
        {!readOnly && !renaming && (
          <div className="column-tools">
            <button type="button" className="icon-button" data-testid="move-column-left" aria-label={`Move column ${column.title} left`} disabled={position <= 0} onClick={moveLeft}>
              ←
            </button>
            <button type="button" className="icon-button" data-testid="move-column-right" aria-label={`Move column ${column.title} right`} disabled={position >= columns.length - 1} onClick={moveRight}>
              →
            </button>
            <button type="button" className="icon-button" data-testid="archive-column" aria-label={`Archive column ${column.title}`} aria-expanded={confirming} onClick={() => setConfirming(!confirming)}>
              Archive
            </button>
          </div>
        )}
      </header>
      {confirming && !readOnly && (
        <div className="confirm" role="group" aria-label="Confirm archiving" data-testid="confirm-archive">
          <p>
            Archive “{column.title}”{cards.length > 0 ? ` and its ${cards.length} card${cards.length === 1 ? '' : 's'}` : ''}? You can restore it from Archived.
          </p>
          <div className="confirm-buttons">
            <button
              type="button"
              className="button danger"
              data-testid="confirm-archive-column"
              onClick={() => {
                setConfirming(false);
                if (run(() => archiveColumn(doc, column.id, true))) announce(`Archived the column “${column.title}”.`);
              }}
            >
              Archive column
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {cards.map((card) => (
        <BoardCard key={card.id} card={card} board={board} editing={editing === card.id} onEdit={() => onEdit(editing === card.id ? null : card.id)} onClose={() => onEdit(null)} onDrop={dropBefore(card.id)} />
      ))}
      {!readOnly && <AddCard onAdd={(title) => run(() => addCard(doc, { id: newId(), columnId: column.id, title }))} />}
    </section>
  );
}

/** The column's title as a field: Enter or leaving it renames, Escape gives up. `onDone(null)` when nothing is to change. */
function ColumnTitleField({ title, onDone }: { title: string; onDone: (title: string | null) => void }) {
  const [value, setValue] = useState(title);
  const done = useRef(false);
  const finish = (keep: boolean) => {
    if (done.current) return;
    const trimmed = value.trim();
    if (keep && checkLimit(value, BOARD_LIMITS.columnTitle).over) return;
    done.current = true;
    onDone(keep && trimmed ? trimmed : null);
  };
  const keys = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      finish(true);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      finish(false);
    }
  };
  return (
    <div className="column-rename">
      <LimitedInput name="column-title" aria-label="Column title" autoFocus limit={BOARD_LIMITS.columnTitle} value={value} onChange={(e) => setValue(e.target.value)} onKeyDown={keys} onBlur={() => finish(true)} />
    </div>
  );
}
