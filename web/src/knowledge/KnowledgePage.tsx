import '../styles/knowledge.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, sessionRequest } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { useProject } from '../notifications/project-role.js';
import { href } from '../router.js';
import type { Citation } from './chat-stream.js';
import { KnowledgeChat } from './KnowledgeChat.js';

interface KnowledgeDocument {
  id: string;
  title: string;
  kind: string | null;
  status: 'queued' | 'processing' | 'ready' | 'failed';
  progress: number;
  error: { code: string; message: string } | null;
  content?: string | null;
}

/**
 * The project's knowledge documents (uploaded files to search and ask about): a list with each
 * file's status, a reader showing one document's text, and the chat beside it. A citation opens
 * its document and scrolls to the passage. Loaded only when opened.
 */
export default function KnowledgePage({ projectId }: { projectId: string }) {
  const { project, canWrite } = useProject(projectId);
  const [documents, setDocuments] = useState<KnowledgeDocument[] | null>(null);
  const [open, setOpen] = useState<KnowledgeDocument | null>(null);
  const [passage, setPassage] = useState<{ start: number; end: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mark = useRef<HTMLElement>(null);
  const project_ = encodeURIComponent(projectId);

  const load = useCallback(async () => {
    try {
      setDocuments((await api<KnowledgeDocument[]>('GET', `/api/documents?projectId=${project_}&limit=100`)).data);
    } catch (failure) {
      setError(failureText(failure));
    }
  }, [project_]);
  useEffect(() => void load(), [load]);
  const unsettled = documents?.some((d) => d.status === 'queued' || d.status === 'processing') ?? false;
  useEffect(() => {
    if (!unsettled) return;
    const timer = setTimeout(() => void load(), 2_000);
    return () => clearTimeout(timer);
  }, [unsettled, documents, load]);
  useEffect(() => mark.current?.scrollIntoView({ block: 'center', behavior: 'smooth' }), [passage, open]);

  const read = async (id: string, range: { start: number; end: number } | null = null) => {
    try {
      setOpen((await api<KnowledgeDocument>('GET', `/api/documents/${encodeURIComponent(id)}?projectId=${project_}&content=true`)).data);
      setPassage(range);
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  const upload = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const form = new FormData();
    form.set('projectId', projectId);
    for (const file of Array.from(files)) form.append('file', file, file.name);
    try {
      const failed = await sessionRequest('/api/documents', { method: 'POST', body: form }, async (response) =>
        response.ok ? null : (((await response.json().catch(() => null)) as { error?: { message: string } } | null)?.error?.message ?? 'The upload failed.'),
      );
      if (failed) setError(failed);
    } catch (failure) {
      setError(failureText(failure));
    }
    await load();
  };
  const cite = (citation: Citation) => void read(citation.documentId, { start: citation.start, end: citation.end });
  const content = open?.content ?? '';

  return (
    <section className="page knowledge-page">
      <p>
        <a href={href.project(projectId)}>← {project?.name ?? 'Project'}</a>
      </p>
      <div className="page-head">
        <h1>Knowledge</h1>
      </div>
      <p className="muted">Uploaded files to search and ask about (PDF, DOCX, Markdown, HTML, text): not the project’s collaborative documents.</p>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="knowledge-layout">
        <nav className="knowledge-documents" aria-label="Knowledge documents">
          {canWrite && (
            <label className="button">
              Upload files
              <input type="file" multiple hidden accept=".pdf,.docx,.md,.markdown,.html,.htm,.txt" onChange={(event) => void upload(event.target.files)} />
            </label>
          )}
          <ul>
            {(documents ?? []).map((d) => (
              <li key={d.id}>
                <button type="button" className="link" onClick={() => void read(d.id)} disabled={d.status !== 'ready'}>
                  {d.title}
                </button>{' '}
                <small>{d.status === 'failed' ? `failed: ${d.error?.code ?? ''}` : d.status === 'ready' ? d.kind : `${d.status} ${d.progress}%`}</small>
              </li>
            ))}
          </ul>
        </nav>
        <article className="knowledge-reader" data-testid="knowledge-reader" tabIndex={0} aria-label="Reader">
          {open ? (
            <>
              <h2>{open.title}</h2>
              <div className="knowledge-text">
                {passage ? (
                  <>
                    {content.slice(0, passage.start)}
                    <mark ref={mark}>{content.slice(passage.start, passage.end)}</mark>
                    {content.slice(passage.end)}
                  </>
                ) : (
                  content
                )}
              </div>
            </>
          ) : (
            <p className="empty-state">Choose a document to read it, or ask a question.</p>
          )}
        </article>
        <KnowledgeChat projectId={projectId} documentId={null} onCite={cite} />
      </div>
    </section>
  );
}
