import { type DragEvent, type KeyboardEvent, useRef, useState } from 'react';
import { type BoardView, type CardView, moveCard } from '../../../documents/kanban/board.js';
import type { Draft } from '../components/SharedText.js';
import { EditingNow, editingOutline } from '../presence/EditingNow.js';
import { useEditingNow } from '../presence/use-editing-now.js';
import { usePublishEditing, useStillAt } from '../presence/use-publish-editing.js';
import { carriesFiles, useFileDrop } from '../assets/use-file-drop.js';
import { CardEditor } from './CardEditor.js';
import { CardFiles } from './CardFiles.js';
import { attachFileToCard } from './card-files.js';
import { useBoard } from './context.js';
import { LabelChip } from './Labels.js';
import { DIRECTION_KEYS, keyboardMove } from './moves.js';
import { PersonChip } from './People.js';
import { dayOf, dueText, today } from './time.js';

const NOWHERE: Record<string, string> = { left: 'no column to its left', right: 'no column to its right', up: 'already first in its column', down: 'already last in its column' };

/** A card on the board: its title (which opens the editor), labels, due date, people and comment count. */
export function BoardCard({ card, board, editing, onEdit, onClose, onDrop }: { card: CardView; board: BoardView; editing: boolean; onEdit: () => void; onClose: () => void; onDrop: (event: DragEvent) => void }) {
  const { doc, readOnly, run, announce, focusCardSoon, uploads, guest } = useBoard();
  // Kept here, not in the editor: a title refused for its length stays (with its message) when the editor closes and opens again.
  const [titleDraft, setTitleDraft] = useState<Draft>(null);
  const due = dayOf(card.dueDate);
  const overdue = due !== '' && due < today();
  const comments = card.comments.filter((comment) => !comment.deleted).length;
  const name = card.title || 'Untitled';
  const area = useRef<HTMLElement>(null);
  // Open here and still at it: the others see this person on the card until they close it or go elsewhere.
  usePublishEditing(useStillAt(area, editing) ? card.id : null);
  const outline = editingOutline(useEditingNow(card.id));
  // A file dropped on the card is uploaded, then attached to it once the server has verified it; a card dropped on it still moves as before.
  const fileDrop = useFileDrop((files) => uploads.start(files, { target: card.id, onVerified: async (asset) => attachFileToCard(doc, card.id, asset.id) }), !readOnly && !guest);

  const keys = (event: KeyboardEvent<HTMLButtonElement>) => {
    const direction = DIRECTION_KEYS[event.key];
    if (readOnly || !direction || !event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const move = keyboardMove(board, card.id, direction);
    if (!move) return announce(`“${name}” is ${NOWHERE[direction]}.`);
    focusCardSoon(card.id);
    if (run(() => moveCard(doc, card.id, move.columnId, move.index))) announce(`Moved “${name}” to ${move.columnTitle}, position ${move.position} of ${move.of}.`);
    else focusCardSoon(null);
  };

  return (
    <article
      ref={area}
      className={`card${editing ? ' editing' : ''}${fileDrop.dragging ? ' file-over' : ''}${outline.className}`}
      style={outline.style}
      data-testid={`card-${card.id}`}
      data-title={card.title}
      draggable={!readOnly && !editing}
      onDragStart={(event) => {
        event.dataTransfer.setData('text/card', card.id);
        event.dataTransfer.effectAllowed = 'move';
      }}
      onDragEnter={fileDrop.props.onDragEnter}
      onDragLeave={fileDrop.props.onDragLeave}
      onDragOver={(event) => (carriesFiles(event) ? fileDrop.props.onDragOver(event) : !readOnly && event.preventDefault())}
      onDrop={(event) => (carriesFiles(event) ? fileDrop.props.onDrop(event) : onDrop(event))}
    >
      <button
        type="button"
        className="card-title"
        onClick={onEdit}
        onKeyDown={keys}
        aria-expanded={editing}
        aria-keyshortcuts={readOnly ? undefined : 'Alt+ArrowLeft Alt+ArrowRight Alt+ArrowUp Alt+ArrowDown'}
        title={card.title || undefined}
      >
        <span className="card-title-text">{card.title || <em className="muted">Untitled</em>}</span>
      </button>
      <EditingNow id={card.id} />
      {titleDraft !== null && !editing && (
        <p className="limit-note over" data-testid="unsaved-title">
          A new title is not saved yet: open the card to finish it.
        </p>
      )}
      {(card.labels.length > 0 || card.assignees.length > 0 || due || comments > 0) && (
        <div className="card-meta">
          {card.labels.length > 0 && (
            <ul className="chips" aria-label="Labels">
              {card.labels.map((label) => (
                <li key={label}>
                  <LabelChip label={label} />
                </li>
              ))}
            </ul>
          )}
          <div className="card-facts">
            {due && (
              <span className={`due${overdue ? ' overdue' : ''}`} data-testid={`due-${card.id}`} data-day={due} title={due}>
                {dueText(due)}
                {overdue && <span className="due-flag"> · overdue</span>}
              </span>
            )}
            {comments > 0 && (
              <span className="comment-count" data-testid={`comment-count-${card.id}`}>
                <svg className="comment-icon" viewBox="0 0 16 16" width="13" height="13" aria-hidden="true" focusable="false">
                  <path d="M2 3.5A1.5 1.5 0 0 1 3.5 2h9A1.5 1.5 0 0 1 14 3.5v6a1.5 1.5 0 0 1-1.5 1.5H7l-3 3v-3h-.5A1.5 1.5 0 0 1 2 9.5z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
                </svg>
                {comments}
                <span className="visually-hidden"> comment{comments === 1 ? '' : 's'}</span>
              </span>
            )}
            {card.assignees.length > 0 && (
              <ul className="people" aria-label="Assignees">
                {card.assignees.map((assignee) => (
                  <li key={assignee}>
                    <PersonChip userId={assignee} compact />
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
      <CardFiles cardId={card.id} links={card.links} jobs={uploads.jobs.filter((job) => job.target === card.id)} />
      {editing && <CardEditor card={card} titleDraft={titleDraft} onTitleDraft={setTitleDraft} onClose={onClose} />}
    </article>
  );
}
