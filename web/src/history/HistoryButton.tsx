import { useRef, useState } from 'react';
import { canWriteDocuments, useProject } from '../notifications/project-role.js';
import { HistoryPanel } from './HistoryPanel.js';

interface Props {
  kind: string;
  projectId: string;
  documentId: string;
  /** As the document page knows it from the live connection: a viewer's is read-only. */
  readOnly: boolean;
}

/** "History" beside the document's status, opening its history panel. */
export function HistoryButton({ kind, projectId, documentId, readOnly }: Props) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button ref={button} type="button" className="button small history-button" data-testid="history-open" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen(true)}>
        History
      </button>
      {open && (
        <HistoryAccess
          kind={kind}
          projectId={projectId}
          documentId={documentId}
          readOnly={readOnly}
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
        />
      )}
    </>
  );
}

/**
 * Who may do what here. Naming needs write access to this document (a commenter writes
 * annotations); restoring needs the project role that edits every document, because a restore
 * puts back and removes everyone's entries. The server checks both again.
 */
function HistoryAccess({ kind, projectId, documentId, readOnly, onClose }: Props & { onClose: () => void }) {
  const { project } = useProject(projectId);
  const canRestore = !readOnly && canWriteDocuments(project?.role);
  return <HistoryPanel kind={kind} target={{ projectId, documentId }} canName={!readOnly} canRestore={canRestore} onClose={onClose} />;
}
