import { type FormEvent, useState } from 'react';
import { type CreatedLink, LINK_LABEL_MAX, LINK_PASSWORD, LINK_ROLES, type LinkRole, isLinkRole } from './link-types.js';
import { isoWithOffset, localInputValue } from './link-time.js';
import { createShareLink } from './links-api.js';
import type { SharingTarget } from './types.js';
import { LINK_ROLE_LABEL, linkErrorText } from './words.js';

/**
 * Makes a share link: what its visitors may do, how they are named, and optionally a password and
 * an expiry (a local date and time, sent with this browser's offset). Its own form, like the
 * invitation's, so Enter here makes a link and saves nothing else.
 */
export function CreateLink({ target, onCreated }: { target: SharingTarget; onCreated: (link: CreatedLink) => void }) {
  const [role, setRole] = useState<LinkRole>('viewer');
  const [label, setLabel] = useState('');
  const [password, setPassword] = useState('');
  const [expires, setExpires] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const create = async (submit: FormEvent<HTMLFormElement>) => {
    submit.preventDefault();
    if (busy) return;
    const expiresAt = isoWithOffset(expires);
    if (expires && !expiresAt) return setError('Not created: the expiry is not a date and time.');
    setBusy(true);
    try {
      onCreated(await createShareLink(target, { role, label, password, expiresAt }));
      setError(null);
      setLabel('');
      setPassword('');
      setExpires('');
    } catch (caught) {
      setError(linkErrorText('Not created', caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="share-add share-create-link" data-testid="share-create-link" aria-labelledby="share-create-link-heading" onSubmit={(submit) => void create(submit)}>
      <h4 id="share-create-link-heading">Create link</h4>
      <label>
        Link access
        <select name="link-role" value={role} onChange={(change) => isLinkRole(change.target.value) && setRole(change.target.value)}>
          {LINK_ROLES.map((option) => (
            <option key={option} value={option}>
              {LINK_ROLE_LABEL[option]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Visitors are called
        <input name="link-label" autoComplete="off" maxLength={LINK_LABEL_MAX} placeholder="Visitor with a link" value={label} onChange={(change) => setLabel(change.target.value)} />
      </label>
      <label>
        Password (optional)
        <input type="password" name="link-password" autoComplete="new-password" minLength={LINK_PASSWORD.min} maxLength={LINK_PASSWORD.max} value={password} onChange={(change) => setPassword(change.target.value)} />
      </label>
      <label>
        Expires (optional)
        <input type="datetime-local" name="link-expires" min={localInputValue(new Date())} value={expires} onChange={(change) => setExpires(change.target.value)} />
      </label>
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Creating…' : 'Create link'}
      </button>
      <p className="muted small">A commenter can comment on annotated texts; everything else it only views. A password has {LINK_PASSWORD.min} characters or more.</p>
      {error && (
        <p className="error" role="alert" data-testid="link-create-error">
          {error}
        </p>
      )}
    </form>
  );
}
