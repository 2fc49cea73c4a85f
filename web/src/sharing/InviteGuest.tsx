import { type FormEvent, useState } from 'react';
import { inviteGuest } from './sharing-api.js';
import type { GrantRole, SharingTarget, StoredAccess } from './types.js';
import { inviteErrorText } from './words.js';
import { GrantRoleSelect } from './GrantRoleSelect.js';

interface Props {
  target: SharingTarget;
  /** The access as stored once the invitation went through (it takes effect at once, before Save). */
  onInvited: (stored: StoredAccess) => void;
}

/**
 * Shares this one document with someone outside the project: their email and what they may do.
 * Its own form (a dialog's Enter in the email field invites, and does not save the grants).
 */
export function InviteGuest({ target, onInvited }: Props) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<GrantRole>('editor');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [invited, setInvited] = useState<string | null>(null);
  const invite = async (submit: FormEvent<HTMLFormElement>) => {
    submit.preventDefault();
    if (busy) return;
    setBusy(true);
    setInvited(null);
    try {
      onInvited(await inviteGuest(target, email.trim(), role));
      setError(null);
      setInvited(`Invited ${email.trim()}: they find it under “Shared with me” once they sign in with that address.`);
      setEmail('');
    } catch (caught) {
      setError(inviteErrorText(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="share-add share-invite" data-testid="share-invite" aria-labelledby="share-invite-heading" onSubmit={(submit) => void invite(submit)}>
      <h3 id="share-invite-heading">Invite by email</h3>
      <p className="muted small">Someone outside the project opens this document alone, as a guest.</p>
      <label>
        Email
        <input type="email" name="guest-email" required autoComplete="off" value={email} onChange={(change) => setEmail(change.target.value)} />
      </label>
      <label>
        Guest access
        <GrantRoleSelect value={role} onChange={setRole} />
      </label>
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Inviting…' : 'Invite'}
      </button>
      {error && (
        <p className="error" role="alert" data-testid="invite-error">
          {error}
        </p>
      )}
      <p className="ok small" role="status" data-testid="invite-done">
        {invited}
      </p>
    </form>
  );
}
