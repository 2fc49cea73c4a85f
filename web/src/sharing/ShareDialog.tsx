import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type ProjectMember, useMembers } from '../members.js';
import { AddGrant } from './AddGrant.js';
import { GrantList } from './GrantList.js';
import { InviteGuest } from './InviteGuest.js';
import { MemberAccessChoice } from './MemberAccessChoice.js';
import { ShareLinks } from './ShareLinks.js';
import { removeGuest, saveDocumentAccess } from './sharing-api.js';
import type { AccessDraft, SharingTarget } from './types.js';
import { useDocumentAccess } from './use-document-access.js';
import { draftOf, removeGuestErrorText, shareErrorText, withGuestsOf } from './words.js';

/**
 * Who may do what with one document, in a modal dialog (the native <dialog>: focus moves in and
 * stays, Escape closes): what members without a grant do, and the grants that cap a member or a
 * whole project role. Nothing changes until Save (invitations and links take effect at once); the
 * server checks everything again.
 */
export function ShareDialog({ target, title, onClose }: { target: SharingTarget; title: string | null; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const { stored, error: loadError } = useDocumentAccess(target);
  const { members } = useMembers(target.projectId);
  const [draft, setDraft] = useState<AccessDraft | null>(null);
  const editing = draft ?? stored;

  return (
    <dialog ref={dialog} className="share-dialog" aria-labelledby="share-heading" data-testid="share-dialog" onClose={onClose}>
      <header className="share-head">
        <h2 id="share-heading">Share</h2>
        <button type="button" className="button small" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </header>
      {title && <p className="share-title">{title}</p>}
      {loadError && (
        <p className="error" role="alert">
          {loadError}
        </p>
      )}
      {!editing && !loadError && (
        <p className="loading" role="status">
          Loading who has access…
        </p>
      )}
      {editing && <ShareForm target={target} draft={editing} members={members} onChange={setDraft} />}
      {/* A form of its own after the grants' (forms do not nest): an invitation takes effect at once. */}
      {editing && <InviteGuest target={target} onInvited={(invited) => setDraft((current) => withGuestsOf(current ?? editing, invited))} />}
      {/* Links load on their own: they work whatever the grants are. */}
      <ShareLinks target={target} />
    </dialog>
  );
}

interface FormProps {
  target: SharingTarget;
  draft: AccessDraft;
  members: ProjectMember[];
  onChange: (draft: AccessDraft) => void;
}

function ShareForm({ target, draft, members, onChange }: FormProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const change = (next: AccessDraft) => {
    setSaved(null);
    onChange(next);
  };
  const save = async (submit: FormEvent<HTMLFormElement>) => {
    submit.preventDefault();
    if (busy) return;
    setBusy(true);
    setSaved(null);
    try {
      onChange(draftOf(await saveDocumentAccess(target, draft)));
      setError(null);
      setSaved('Saved. People who have it open follow at once.');
    } catch (caught) {
      setError(shareErrorText(caught));
    } finally {
      setBusy(false);
    }
  };
  const dropGuest = async (userId: string, label: string) => {
    if (busy) return;
    setBusy(true);
    setSaved(null);
    try {
      onChange(withGuestsOf(draft, await removeGuest(target, userId)));
      setError(null);
      setSaved(`${label} no longer has access.`);
    } catch (caught) {
      setError(removeGuestErrorText(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="share-form" onSubmit={(submit) => void save(submit)}>
      <MemberAccessChoice value={draft.memberAccess} onChange={(memberAccess) => change({ ...draft, memberAccess })} />
      <section className="share-section" aria-labelledby="share-grants-heading">
        <h3 id="share-grants-heading">Grants</h3>
        <p className="muted small">A grant sets what a member, or everyone with a project role, may do here. It never gives more than their project role. Guests are people outside the project invited to this document alone.</p>
        <GrantList
          grants={draft.grants}
          members={members}
          onRole={(index, role) => change({ ...draft, grants: draft.grants.map((grant, at) => (at === index ? { ...grant, role } : grant)) })}
          onRemove={(index) => change({ ...draft, grants: draft.grants.filter((_, at) => at !== index) })}
          onRemoveGuest={(userId, label) => void dropGuest(userId, label)}
        />
        <AddGrant members={members} grants={draft.grants} onAdd={(grant) => change({ ...draft, grants: [...draft.grants, grant] })} />
      </section>
      <p className="share-note">Owners and admins always keep full access.</p>
      {error && (
        <p className="error operation-error" role="alert" data-testid="share-error">
          {error}
        </p>
      )}
      <div className="share-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        {/* Always there, so that what appears in it is announced. */}
        <p className="ok share-saved" role="status" data-testid="share-saved">
          {saved}
        </p>
      </div>
    </form>
  );
}
