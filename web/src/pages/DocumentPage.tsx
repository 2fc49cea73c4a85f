import { useEffect, useState } from 'react';
import { parseDocumentName } from '../../../documents/document-name.js';
import { api } from '../api.js';
import { useCollab } from '../collab.js';
import { useMe } from '../me.js';
import { AccessMessage, StatusBar } from '../components/StatusBar.js';
import { HistoryButton } from '../history/HistoryButton.js';
import { PresenceScope } from '../presence/PresenceScope.js';
import { ClosedDocument } from '../sharing/ClosedDocument.js';
import { ShareButton } from '../sharing/ShareButton.js';
import { keepTitle, keptTitle } from '../projects/offline-copy.js';
import { href } from '../router.js';
import { AnnotationsView } from './AnnotationsView.js';
import { BoardView } from './BoardView.js';
import { CalendarView } from './CalendarView.js';
import { PipelineView } from './PipelineView.js';

export function DocumentPage({ name }: { name: string }) {
  const parsed = parseDocumentName(name);
  if (!parsed.ok) return <AccessMessage reason="document-not-found" />;
  return <OpenDocument name={name} kind={parsed.value.kind} projectId={parsed.value.projectId} id={parsed.value.id} />;
}

function OpenDocument({ name, kind, projectId, id }: { name: string; kind: string; projectId: string; id: string }) {
  const me = useMe();
  const session = useCollab(name, me.id);
  // This person's copy of the title as last fetched: offline (and before the server answers) it is what shows.
  const [title, setTitle] = useState<string | null>(() => keptTitle(me.id, name));
  useEffect(() => {
    setTitle(keptTitle(me.id, name));
    let live = true;
    void api<{ title: string }>('GET', `/api/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(id)}`)
      .then((reply) => {
        keepTitle(me.id, name, reply.data.title);
        if (live) setTitle(reply.data.title);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [me.id, name, projectId, id]);
  if (!session) return <div className="loading">Opening…</div>;
  if (session.access === 'closed') return <ClosedDocument reason={session.reason} projectId={projectId} />;
  if (!session.local && !session.online && !navigator.onLine) {
    return (
      <section className="page">
        <p>
          <a href={href.project(projectId)}>← Project</a>
        </p>
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
      <p>
        <a href={href.project(projectId)}>← Project</a>
      </p>
      {title && <h1 data-testid="document-title">{title}</h1>}
      <StatusBar
        session={session}
        actions={
          <>
            <HistoryButton kind={kind} projectId={projectId} documentId={id} readOnly={readOnly} />
            <ShareButton projectId={projectId} documentId={id} title={title} />
          </>
        }
      />
      {session.wasReset && <p className="notice" role="status" data-testid="document-reset-notice">This document was rewritten on the server (a person’s data was erased). The copy in this browser was replaced; edits made here that had not been saved were lost.</p>}
      {session.repaired.length > 0 && <p className="notice">The server corrected an edit: {session.repaired.join('; ')}</p>}
      {/* Who has which card, item or event open: any view shows it with <EditingNow id> and publishes with usePublishEditing. */}
      <PresenceScope session={session}>
        {kind === 'kanban' && <BoardView doc={session.doc} readOnly={readOnly} projectId={projectId} />}
        {kind === 'calendar' && <CalendarView doc={session.doc} readOnly={readOnly} projectId={projectId} />}
        {kind === 'pipeline' && <PipelineView doc={session.doc} readOnly={readOnly} projectId={projectId} pipelineId={id} />}
        {kind === 'annotations' && <AnnotationsView doc={session.doc} readOnly={readOnly} projectId={projectId} />}
      </PresenceScope>
    </section>
  );
}
