import { type CardView, archiveCard, updateCard } from '../../../documents/kanban/board.js';
import type { CardChanges } from '../../../documents/kanban/schema.js';
import { type Draft, SharedText } from '../components/SharedText.js';
import { LIMITS } from '../limits.js';
import { Comments } from './Comments.js';
import { useBoard } from './context.js';
import { Labels } from './Labels.js';
import { Assignees } from './People.js';
import { dayOf, dueText, today } from './time.js';

/** A card opened in place: its text, due date, people, labels, archiving and comments. Viewers see the same, without controls. */
export function CardEditor({ card, titleDraft, onTitleDraft, onClose }: { card: CardView; titleDraft: Draft; onTitleDraft: (draft: Draft) => void; onClose: () => void }) {
  const { doc, readOnly, run, announce } = useBoard();
  const change = (changes: CardChanges) => run(() => updateCard(doc, card.id, changes));
  const due = dayOf(card.dueDate);
  const setDay = (day: string) => {
    if (day === '') return change({ dueDate: null });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    // Keep a time set elsewhere (over REST); a new due date is the start of that day, UTC.
    change({ dueDate: card.dueDate ? `${day}${card.dueDate.slice(10)}` : `${day}T00:00:00Z` });
  };
  const archive = () => {
    if (!run(() => archiveCard(doc, card.id, true))) return;
    announce(`Archived “${card.title || 'Untitled'}”. Restore it from Archived.`);
    onClose();
  };

  return (
    <div className="card-editor" data-testid={`editor-${card.id}`}>
      <SharedText name="card-title" label="Title" disabled={readOnly} limit={LIMITS.cardTitle} value={card.title} draft={titleDraft} onDraft={onTitleDraft} onCommit={(title) => change({ title: title.trim() })} />
      <SharedText name="card-description" label="Description" multiline disabled={readOnly} limit={LIMITS.cardDescription} value={card.description} onCommit={(description) => change({ description })} />
      {readOnly ? (
        <div className="field-group">
          <span className="field-label">Due date</span>
          <p className={`small${due && due < today() ? ' overdue-text' : ''}`}>{due ? dueText(due) : 'None'}</p>
        </div>
      ) : (
        <div className="due-field">
          <label>
            Due date
            <input type="date" name="card-due" value={due} onChange={(e) => setDay(e.target.value)} />
          </label>
          {due && (
            <button type="button" className="link" onClick={() => change({ dueDate: null })}>
              Clear
            </button>
          )}
        </div>
      )}
      <Assignees card={card} />
      <Labels card={card} />
      {!readOnly && (
        <div className="card-actions">
          <button type="button" className="button danger-outline" data-testid="archive-card" onClick={archive}>
            Archive card
          </button>
        </div>
      )}
      <Comments card={card} />
    </div>
  );
}
