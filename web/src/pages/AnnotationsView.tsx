import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { anchorFromSelection } from '../../../documents/annotations/anchor.js';
import { addReply, addThread, putSource, readAnnotations, reopenThread, resolveThread } from '../../../documents/annotations/annotations.js';
import { useDocumentView } from '../collab.js';
import { useMe } from '../me.js';

const newId = () => crypto.randomUUID().replace(/-/g, '').slice(0, 16);
const read = (doc: Y.Doc) => readAnnotations(doc);

/** A text beside its comment threads: select text, start a thread, reply, resolve. */
export function AnnotationsView({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean }) {
  const view = useDocumentView(doc, read);
  const me = useMe();
  const [sourceId, setSourceId] = useState<string | null>(null);
  const source = view.sources.find((s) => s.id === sourceId) ?? view.sources[0];
  const textRef = useRef<HTMLPreElement>(null);
  const [comment, setComment] = useState('');
  const [selection, setSelection] = useState<{ start: number; end: number } | null>(null);
  const threads = source ? readAnnotations(doc, { target: source.id, text: source.text }).threads : [];

  const captureSelection = () => {
    const selected = window.getSelection();
    const element = textRef.current;
    if (!selected || selected.rangeCount === 0 || !element || !element.contains(selected.anchorNode)) return;
    const range = selected.getRangeAt(0);
    const before = document.createRange();
    before.selectNodeContents(element);
    before.setEnd(range.startContainer, range.startOffset);
    const start = before.toString().length;
    setSelection({ start, end: start + range.toString().length });
  };
  const startThread = (event: FormEvent) => {
    event.preventDefault();
    if (!source || !selection) return;
    addThread(doc, { id: newId(), target: source.id, anchor: anchorFromSelection(source.text, selection.start, selection.end), authorId: me.id, body: comment, createdAt: new Date().toISOString() });
    setComment('');
    setSelection(null);
  };

  return (
    <div className="annotations" data-testid="annotations">
      <div className="source">
        {view.sources.length > 1 && (
          <select value={source?.id} onChange={(e) => setSourceId(e.target.value)}>
            {view.sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        )}
        {source ? (
          <pre ref={textRef} className="source-text" onMouseUp={captureSelection} data-testid="source-text">
            {highlight(source.text, threads.filter((t) => !t.resolved).map((t) => t.position!))}
          </pre>
        ) : (
          <p className="muted">No text yet.</p>
        )}
        {!readOnly && <SourceForm onSave={(title, text) => putSource(doc, { id: source?.id ?? newId(), title, text })} initial={source} />}
      </div>
      <aside className="threads">
        {!readOnly && source && (
          <form className="card-form" onSubmit={startThread}>
            <p className="muted">{selection && selection.end > selection.start ? `“${source.text.slice(selection.start, selection.end).slice(0, 80)}”` : 'Select text to comment on it.'}</p>
            <textarea name="thread-body" placeholder="Comment" required value={comment} onChange={(e) => setComment(e.target.value)} />
            <button className="button primary" type="submit" disabled={!selection || selection.end <= selection.start}>
              Comment
            </button>
          </form>
        )}
        {threads.map((thread) => (
          <article key={thread.id} className={`thread${thread.resolved ? ' resolved' : ''}`} data-testid={`thread-${thread.id}`}>
            <blockquote className={thread.position?.status === 'detached' ? 'detached' : ''}>{thread.anchor.quote}</blockquote>
            <p>{thread.body}</p>
            {thread.replies.map((reply) => (
              <p key={reply.id} className="reply">
                {reply.deleted ? <em className="muted">deleted</em> : reply.body}
              </p>
            ))}
            {!readOnly && (
              <>
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    const input = (event.currentTarget.elements.namedItem('reply') as HTMLInputElement | null)!;
                    addReply(doc, { id: newId(), threadId: thread.id, authorId: me.id, body: input.value, createdAt: new Date().toISOString() });
                    input.value = '';
                  }}
                >
                  <input name="reply" placeholder="Reply" required />
                </form>
                <button className="link" onClick={() => (thread.resolved ? reopenThread(doc, thread.id) : resolveThread(doc, thread.id, { by: me.id, at: new Date().toISOString() }))}>
                  {thread.resolved ? 'Reopen' : 'Resolve'}
                </button>
              </>
            )}
          </article>
        ))}
      </aside>
    </div>
  );
}

function highlight(text: string, ranges: { start: number; end: number }[]) {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const parts: ReactNode[] = [];
  let at = 0;
  sorted.forEach((range, i) => {
    if (range.start < at) return;
    parts.push(text.slice(at, range.start), <mark key={i}>{text.slice(range.start, range.end)}</mark>);
    at = range.end;
  });
  parts.push(text.slice(at));
  return parts;
}

function SourceForm({ onSave, initial }: { onSave: (title: string, text: string) => void; initial: { title: string; text: string } | undefined }) {
  const [open, setOpen] = useState(!initial);
  if (!open) {
    return (
      <button className="link" onClick={() => setOpen(true)}>
        Edit text
      </button>
    );
  }
  return (
    <form
      className="card-form"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        onSave((form.elements.namedItem('source-title') as HTMLInputElement).value, (form.elements.namedItem('source-text') as HTMLTextAreaElement).value);
        setOpen(false);
      }}
    >
      <input name="source-title" placeholder="Title" required defaultValue={initial?.title} />
      <textarea name="source-text" placeholder="Paste the script or text to discuss" rows={8} required defaultValue={initial?.text} />
      <button className="button" type="submit">
        Save text
      </button>
    </form>
  );
}
