import { useState } from 'react';
import { api } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { LIMITS } from '../limits.js';
import { href } from '../router.js';
import type { DocumentSummary } from './offline-copy.js';
import { RenameForm } from './RenameForm.js';

export const KINDS = [
  ['kanban', 'Kanban board'],
  ['calendar', 'Content calendar'],
  ['pipeline', 'Pipeline board'],
  ['annotations', 'Annotations'],
] as const;

export const kindLabel = (kind: string) => KINDS.find(([value]) => value === kind)?.[1] ?? kind;

/** Whether a role may rename, archive and restore a document of this kind, as the server's `mayWrite`: commenters only annotations. */
export function mayChangeDocument(role: string | undefined, kind: string): boolean {
  if (role === 'owner' || role === 'admin' || role === 'editor') return true;
  return role === 'commenter' && kind === 'annotations';
}

interface ListProps {
  documents: DocumentSummary[];
  role: string | undefined;
  /** Offline nothing can be changed: the controls are not offered. */
  online: boolean;
  /** `/api/projects/:id/documents`. */
  base: string;
  /** After a change the server accepted: the lists are fetched again. */
  onChanged: () => void;
}

/** The project's open documents, each with rename and archive for the roles the server allows. */
export function DocumentList({ documents, role, online, base, onChanged }: ListProps) {
  return (
    <ul className="tiles document-tiles">
      {documents.map((doc) => (
        <DocumentRow key={doc.id} doc={doc} canChange={online && mayChangeDocument(role, doc.kind)} base={base} onChanged={onChanged} />
      ))}
    </ul>
  );
}

function DocumentRow({ doc, canChange, base, onChanged }: { doc: DocumentSummary; canChange: boolean; base: string; onChanged: ListProps['onChanged'] }) {
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm-archive'>('view');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `${base}/${encodeURIComponent(doc.id)}`;
  const archive = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('DELETE', path);
      onChanged();
    } catch (failure) {
      setError(failureText(failure, 'Could not archive it'));
      setBusy(false);
      setMode('view');
    }
  };
  return (
    <li className="document-row" data-title={doc.title}>
      <a className="tile" href={href.document(doc.name)} data-testid={`document-${doc.kind}`}>
        <strong>{doc.title}</strong>
        <span className="muted">{kindLabel(doc.kind)}</span>
      </a>
      {canChange && mode === 'view' && (
        <div className="row-actions">
          <button type="button" className="link" data-testid="rename-document" aria-label={`Rename ${doc.title}`} onClick={() => setMode('rename')}>
            Rename
          </button>
          <button type="button" className="link danger" data-testid="archive-document" aria-label={`Archive ${doc.title}`} onClick={() => setMode('confirm-archive')}>
            Archive
          </button>
        </div>
      )}
      {mode === 'rename' && (
        <RenameForm
          name="document-rename"
          label={`New title for ${doc.title}`}
          initial={doc.title}
          limit={LIMITS.documentTitle}
          onSave={async (title) => {
            await api('PUT', path, { title });
            onChanged();
          }}
          onDone={() => setMode('view')}
        />
      )}
      {mode === 'confirm-archive' && (
        <div className="confirm" role="group" aria-label={`Archive ${doc.title}?`}>
          <p>Archive “{doc.title}”? It leaves this list and closes for everyone; it can be restored from Archived documents.</p>
          <button type="button" className="button danger" data-testid="confirm-archive" disabled={busy} onClick={() => void archive()}>
            Archive
          </button>
          <button type="button" className="button" onClick={() => setMode('view')}>
            Keep it
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** Archived documents: they cannot be opened, only restored (by the roles that may change them). */
export function ArchivedList({ documents, role, online, base, onChanged }: ListProps) {
  const [error, setError] = useState<string | null>(null);
  const restore = async (doc: DocumentSummary) => {
    setError(null);
    try {
      await api('POST', `${base}/${encodeURIComponent(doc.id)}/restore`);
      onChanged();
    } catch (failure) {
      setError(failureText(failure, 'Could not restore it'));
    }
  };
  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul className="archived-list">
        {documents.map((doc) => (
          <li key={doc.id} data-testid="archived-document" data-title={doc.title}>
            <span className="archived-title">{doc.title}</span>
            <span className="muted">{kindLabel(doc.kind)}</span>
            {online && mayChangeDocument(role, doc.kind) && (
              <button type="button" className="button" data-testid="restore-document" aria-label={`Restore ${doc.title}`} onClick={() => void restore(doc)}>
                Restore
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
