import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { type CardView, addComment, deleteComment, editComment } from '../../../documents/kanban/board.js';
import type { CommentEntry } from '../../../documents/kanban/schema.js';
import { LimitedTextarea, refuseInvalid } from '../components/Limited.js';
import { newId, useBoard } from './context.js';
import { BOARD_LIMITS } from './limits.js';
import { initialsOf, sinceText, useNow } from './time.js';

/** Ctrl/⌘+Enter sends the form the field is in. */
const sendOnModEnter = (event: KeyboardEvent<HTMLTextAreaElement>) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }
};

/** A card's conversation: everyone's comments, oldest first; people edit and delete their own. */
export function Comments({ card }: { card: CardView }) {
  const { doc, readOnly, run, me } = useBoard();
  const now = useNow();
  const [body, setBody] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (refuseInvalid(event.currentTarget) || !body.trim()) return;
    if (run(() => addComment(doc, { id: newId(), cardId: card.id, authorId: me.id, body: body.trim(), at: new Date().toISOString() }))) setBody('');
  };
  const shown = card.comments.filter((comment) => !comment.deleted).length;
  return (
    <section className="comments" aria-label="Comments" data-testid="comments">
      <h4>Comments{shown > 0 ? ` (${shown})` : ''}</h4>
      {card.comments.length === 0 && <p className="muted small">No comments yet.</p>}
      <ol className="comment-list">
        {card.comments.map((comment) => (
          <Comment key={comment.id} comment={comment} now={now} />
        ))}
      </ol>
      {!readOnly && (
        <form className="comment-form" onSubmit={submit}>
          <LimitedTextarea name="comment-body" label="Add a comment" rows={2} limit={BOARD_LIMITS.comment} value={body} onChange={(e) => setBody(e.target.value)} onKeyDown={sendOnModEnter} />
          <button type="submit" className="button primary" disabled={!body.trim()}>
            Comment
          </button>
        </form>
      )}
    </section>
  );
}

function Comment({ comment, now }: { comment: CommentEntry; now: number }) {
  const { doc, readOnly, run, me, nameOf } = useBoard();
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const mine = comment.authorId === me.id && !readOnly && !comment.deleted;
  const author = nameOf(comment.authorId);
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (editing === null || refuseInvalid(event.currentTarget) || !editing.trim()) return;
    if (run(() => editComment(doc, comment.id, { authorId: me.id, body: editing.trim(), at: new Date().toISOString() }))) setEditing(null);
  };
  return (
    <li className={`comment${comment.deleted ? ' deleted' : ''}`} data-testid={`comment-${comment.id}`} data-author={comment.authorId}>
      <div className="comment-head">
        <span className="initials" aria-hidden="true">
          {initialsOf(author)}
        </span>
        <strong className="comment-author">{author}</strong>
        <time className="muted" dateTime={comment.createdAt} title={new Date(comment.createdAt).toLocaleString()}>
          {sinceText(comment.createdAt, now)}
        </time>
        {comment.editedAt && !comment.deleted && (
          <span className="muted" title={`Edited ${new Date(comment.editedAt).toLocaleString()}`}>
            (edited)
          </span>
        )}
      </div>
      {comment.deleted ? (
        <p className="muted comment-body">Comment deleted.</p>
      ) : editing !== null ? (
        <form className="comment-form" onSubmit={save}>
          <LimitedTextarea name="comment-edit" label="Edit your comment" rows={2} autoFocus limit={BOARD_LIMITS.comment} value={editing} onChange={(e) => setEditing(e.target.value)} onKeyDown={sendOnModEnter} />
          <div className="confirm-buttons">
            <button type="submit" className="button primary" disabled={!editing.trim()}>
              Save
            </button>
            <button type="button" className="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="comment-body">{comment.body}</p>
      )}
      {mine && editing === null && (
        <div className="comment-actions">
          {confirming ? (
            <>
              <span>Delete this comment?</span>
              <button type="button" className="link danger" data-testid="confirm-delete-comment" onClick={() => run(() => deleteComment(doc, comment.id, me.id)) && setConfirming(false)}>
                Delete
              </button>
              <button type="button" className="link" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <>
              <button type="button" className="link" data-testid="edit-comment" onClick={() => setEditing(comment.body)}>
                Edit
              </button>
              <button type="button" className="link danger" data-testid="delete-comment" onClick={() => setConfirming(true)}>
                Delete
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}
