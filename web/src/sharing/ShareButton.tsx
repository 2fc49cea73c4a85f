import { Suspense, lazy, useRef, useState } from 'react';
import { useProject } from '../notifications/project-role.js';

// Only owners and admins open it, and rarely: it loads when first opened, not on every visit.
const ShareDialog = lazy(() => import('./ShareDialog.js').then((module) => ({ default: module.ShareDialog })));

interface Props {
  projectId: string;
  documentId: string;
  /** The document's title, named in the dialog (null before it is known). */
  title: string | null;
}

/** "Share" beside the document's status, for owners and admins only (they manage who has access; the server refuses others). */
export function ShareButton({ projectId, documentId, title }: Props) {
  const { canManage } = useProject(projectId);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  if (!canManage) return null;
  return (
    <>
      <button ref={button} type="button" className="button small" data-testid="share-open" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen(true)}>
        Share
      </button>
      {open && (
        <Suspense fallback={<span className="loading" role="status">Loading…</span>}>
          <ShareDialog
            target={{ projectId, documentId }}
            title={title}
            onClose={() => {
              setOpen(false);
              button.current?.focus();
            }}
          />
        </Suspense>
      )}
    </>
  );
}
