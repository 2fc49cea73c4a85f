import { type FormEvent, useState } from 'react';
import type { User } from '../session.js';
import { failureText } from './failure-text.js';

/** The server's limit for a display name (rest/auth: displayName). */
const NAME_MAX = 100;

/** The signed-in person's name in the top bar; clicking it lets them change it (their profile). */
export function ProfileName({ user, rename }: { user: User; rename(name: string): Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(user.name);
  const [error, setError] = useState<string | null>(null);
  const tooLong = draft.trim().length > NAME_MAX;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim() || tooLong) return;
    try {
      await rename(draft.trim());
      setEditing(false);
      setError(null);
    } catch (failure) {
      setError(failureText(failure, 'Could not change your name'));
    }
  };

  if (!editing) {
    return (
      <button className="link me" data-testid="me" title="Change your name" onClick={() => (setDraft(user.name), setEditing(true))}>
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
