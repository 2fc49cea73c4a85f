import type { CollabSession } from '../collab.js';
import { PresenceScope } from '../presence/PresenceScope.js';
import { AnnotationsView } from './AnnotationsView.js';
import { BoardView } from './BoardView.js';
import { CalendarView } from './CalendarView.js';
import { PipelineView } from './PipelineView.js';

interface Props {
  session: CollabSession;
  kind: string;
  projectId: string;
  documentId: string;
  readOnly: boolean;
  /** Not a member (a guest, or a share link's visitor): the project's own parts are left out. */
  guest: boolean;
  /** May comment but not change the text commented on (a commenter's share link). */
  commentOnly?: boolean;
}

/** The view of a document's kind, with who has what open: the same for members, guests and a link's visitors. */
export function DocumentViews({ session, kind, projectId, documentId, readOnly, guest, commentOnly = false }: Props) {
  return (
    // Who has which card, item or event open: any view shows it with <EditingNow id> and publishes with usePublishEditing.
    <PresenceScope session={session}>
      {kind === 'kanban' && <BoardView doc={session.doc} readOnly={readOnly} projectId={projectId} guest={guest} />}
      {kind === 'calendar' && <CalendarView doc={session.doc} readOnly={readOnly} projectId={projectId} guest={guest} />}
      {kind === 'pipeline' && <PipelineView doc={session.doc} readOnly={readOnly} projectId={projectId} pipelineId={documentId} guest={guest} />}
      {kind === 'annotations' && <AnnotationsView doc={session.doc} readOnly={readOnly} projectId={projectId} guest={guest} commentOnly={commentOnly} />}
    </PresenceScope>
  );
}
