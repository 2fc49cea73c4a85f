import { parseDocumentName } from '../../../documents/document-name.js';
import { useCollab } from '../collab.js';
import { useMe } from '../me.js';
import { AccessMessage, StatusBar } from '../components/StatusBar.js';
import { HistoryButton } from '../history/HistoryButton.js';
import { ClosedDocument } from '../sharing/ClosedDocument.js';
import { ShareButton } from '../sharing/ShareButton.js';
import type { SharedDocument } from '../sharing/types.js';
import { useDocumentStanding } from '../sharing/use-document-standing.js';
import { GRANT_ROLE_LABEL } from '../sharing/words.js';
import { href } from '../router.js';
import { DocumentViews } from './DocumentViews.js';

export function DocumentPage({ name }: { name: string }) {
  const parsed = parseDocumentName(name);
  if (!parsed.ok) return <AccessMessage reason="document-not-found" />;
  return <OpenDocument name={name} kind={parsed.value.kind} projectId={parsed.value.projectId} id={parsed.value.id} />;
}

function OpenDocument({ name, kind, projectId, id }: { name: string; kind: string; projectId: string; id: string }) {
  const me = useMe();
  const session = useCollab(name, me.id);
  const { title, guestOf } = useDocumentStanding(me.id, name, projectId, id);
  const guest = guestOf !== null;
  if (!session) return <div className="loading">Opening…</div>;
  if (session.access === 'closed') return <ClosedDocument reason={session.reason} projectId={projectId} guest={guest} />;
  if (!session.local && !session.online && !navigator.onLine) {
    return (
      <section className="page">
        <BackLink projectId={projectId} guest={guest} />
        <p className="notice" role="status" data-testid="not-on-this-device">
          This document is not kept on this device for you, so it cannot be opened offline. It opens as soon as you are back online.
        </p>
      </section>
    );
  }
  // Until the server says otherwise, nothing is editable: a viewer must never see a control work.
  const readOnly = session.access !== 'read-write';
  return (
    <section className="page wide">
      <BackLink projectId={projectId} guest={guest} />
      {title && <h1 data-testid="document-title">{title}</h1>}
      <StatusBar session={session} actions={guestOf ? <GuestBadge shared={guestOf} /> : <MemberActions kind={kind} projectId={projectId} documentId={id} readOnly={readOnly} title={title} />} />
      {session.wasReset && <p className="notice" role="status" data-testid="document-reset-notice">This document was rewritten on the server (a person’s data was erased). The copy in this browser was replaced; edits made here that had not been saved were lost.</p>}
      {session.repaired.length > 0 && <p className="notice">The server corrected an edit: {session.repaired.join('; ')}</p>}
      <DocumentViews session={session} kind={kind} projectId={projectId} documentId={id} readOnly={readOnly} guest={guest} />
    </section>
  );
}

/** Back to the project, or for a guest (to whom the project is closed) to what is shared with them. */
function BackLink({ projectId, guest }: { projectId: string; guest: boolean }) {
  return <p>{guest ? <a href={href.shared()}>← Shared with me</a> : <a href={href.project(projectId)}>← Project</a>}</p>;
}

/** History and Share need the project's APIs: members only (Share only shows for owners and admins). */
function MemberActions({ kind, projectId, documentId, readOnly, title }: { kind: string; projectId: string; documentId: string; readOnly: boolean; title: string | null }) {
  return (
    <>
      <HistoryButton kind={kind} projectId={projectId} documentId={documentId} readOnly={readOnly} />
      <ShareButton projectId={projectId} documentId={documentId} title={title} />
    </>
  );
}

/** Where a guest's access comes from, in place of the members' actions. */
function GuestBadge({ shared }: { shared: SharedDocument }) {
  return (
    <span className="muted small" data-testid="guest-badge">
      Guest of {shared.projectName} · {GRANT_ROLE_LABEL[shared.role]}
    </span>
  );
}
