import { type FormEvent, useState } from 'react';
import type { ProfileChanges, User } from '../session.js';
import { failureText } from './failure-text.js';

/** The server's limit for a display name (rest/auth: displayName). */
const NAME_MAX = 100;
/** What a colour input shows before someone picks one (the server derives theirs until then). */
const UNCHOSEN = '#4f46e5';

/**
 * The signed-in person in the top bar; clicking it opens their profile: the name others see, and
 * the colour of their initials and presence on every board (or the one the server gives them).
 */
export function ProfileName({ user, update }: { user: User; update(changes: ProfileChanges): Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(user.name);
  const [color, setColor] = useState<string | null>(user.color ?? null);
  const [error, setError] = useState<string | null>(null);
  const tooLong = draft.trim().length > NAME_MAX;

  const open = () => {
    setDraft(user.name);
    setColor(user.color ?? null);
    setEditing(true);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim() || tooLong) return;
    try {
      await update({ name: draft.trim(), color });
      setEditing(false);
      setError(null);
    } catch (failure) {
      setError(failureText(failure, 'Could not change your profile'));
    }
  };

  if (!editing) {
    return (
      <button className="link me" data-testid="me" title="Your profile: name and colour" onClick={open}>
        {user.color && <span className="me-swatch" aria-hidden="true" style={{ background: user.color }} />}
        {user.name || user.email}
      </button>
    );
  }
  return (
    <form className="inline-form profile-name" onSubmit={(event) => void submit(event)}>
      <label className="visually-hidden" htmlFor="profile-name">
        Your name
      </label>
      <input id="profile-name" name="profile-name" value={draft} autoFocus aria-invalid={tooLong} aria-describedby={tooLong || error ? 'profile-name-error' : undefined} onChange={(e) => setDraft(e.target.value)} />
      <label className="profile-color">
        Colour
        <input type="color" name="profile-color" value={color ?? UNCHOSEN} onChange={(e) => setColor(e.target.value)} />
      </label>
      {color !== null && (
        <button className="link" type="button" onClick={() => setColor(null)}>
          Default colour
        </button>
      )}
      <button className="button primary" type="submit" disabled={!draft.trim() || tooLong}>
        Save
      </button>
      <button className="button" type="button" onClick={() => setEditing(false)}>
        Cancel
      </button>
      {(tooLong || error) && (
        <span className="error" id="profile-name-error" role="alert">
          {tooLong ? `A name can be at most ${NAME_MAX} characters — ${draft.trim().length - NAME_MAX} too many.` : error}
        </span>
      )}
    </form>
  );
}
