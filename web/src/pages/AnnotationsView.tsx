import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { anchorFromSelection } from '../../../documents/annotations/anchor.js';
import { addReply, addThread, putSource, readAnnotations, reopenThread, resolveThread } from '../../../documents/annotations/annotations.js';
import { useDocumentView } from '../collab.js';
import { LimitedInput, LimitedTextarea, refuseInvalid } from '../components/Limited.js';
import { OperationError, useOperation } from '../components/operation-error.js';
import { LIMITS, checkLimit } from '../limits.js';
import { useMe } from '../me.js';
import { useMembers } from '../members.js';
import { sinceText, useNow } from '../time-text.js';

const newId = () => crypto.randomUUID().replace(/-/g, '').slice(0, 16);
const read = (doc: Y.Doc) => readAnnotations(doc);

/**
 * A text beside its comment threads: select text, start a thread, reply, resolve. `commentOnly`:
 * the text is not theirs to change (a commenter's share link), so it offers no editing of it.
 */
export function AnnotationsView({ doc, readOnly, projectId, guest, commentOnly = false }: { doc: Y.Doc; readOnly: boolean; projectId: string; guest: boolean; commentOnly?: boolean }) {
  const { nameOf } = useMembers(guest ? null : projectId);
  const now = useNow();
  /** Who wrote it and when, as people read it: a name, and "3 minutes ago" (the exact time on hover). */
  const byline = (authorId: string, at: string) => (
    <span className="byline muted small" data-testid="byline">
      {nameOf(authorId)} · <time dateTime={at} title={new Date(at).toLocaleString()}>{sinceText(at, now)}</time>
    </span>
  );
  const view = useDocumentView(doc, read);
  const me = useMe();
  const [sourceId, setSourceId] = useState<string | null>(null);
  const source = view.sources.find((s) => s.id === sourceId) ?? view.sources[0];
  const textRef = useRef<HTMLPreElement>(null);
  const [comment, setComment] = useState('');
  const [selection, setSelection] = useState<{ start: number; end: number } | null>(null);
  const threads = source ? readAnnotations(doc, { target: source.id, text: source.text }).threads : [];
  const { error, run, dismiss } = useOperation();
  const quote = source && selection ? checkLimit(source.text.slice(selection.start, selection.end), LIMITS.quote) : null;

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
  const startThread = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!source || !selection || quote?.over || refuseInvalid(event.currentTarget)) return;
    const added = run(() =>
      addThread(doc, { id: newId(), target: source.id, anchor: anchorFromSelection(source.text, selection.start, selection.end), authorId: me.id, body: comment, createdAt: new Date().toISOString() }),
    );
    if (!added) return;
    setComment('');
    setSelection(null);
  };

  return (
    <div className="annotations" data-testid="annotations">
      <OperationError error={error} onDismiss={dismiss} />
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
          <p className="empty-state" data-testid="no-source">
            {readOnly || commentOnly ? 'No text to annotate yet. An editor of this project can paste one in.' : 'No text to annotate yet. Paste a script or a brief below and save it; then select words in it to comment on them.'}
          </p>
        )}
        {!readOnly && !commentOnly && <SourceForm onSave={(title, text) => run(() => putSource(doc, { id: source?.id ?? newId(), title, text }))} initial={source} />}
      </div>
      <aside className="threads">
        {!readOnly && source && (
          <form className="card-form" onSubmit={startThread}>
            <p className="muted">{selection && selection.end > selection.start ? `“${source.text.slice(selection.start, selection.end).slice(0, 80)}”` : 'Select text to comment on it.'}</p>
            {quote?.message && (
              <p className="error" role="alert" data-testid="limit-message">
                {quote.message}: select less.
              </p>
            )}
            <LimitedTextarea name="thread-body" placeholder="Comment" aria-label="Comment" required limit={LIMITS.threadBody} value={comment} onChange={(e) => setComment(e.target.value)} />
            <button className="button primary" type="submit" disabled={!selection || selection.end <= selection.start || quote?.over}>
              Comment
            </button>
          </form>
        )}
        {threads.map((thread) => (
          <article key={thread.id} className={`thread${thread.resolved ? ' resolved' : ''}`} data-testid={`thread-${thread.id}`}>
            <blockquote className={thread.position?.status === 'detached' ? 'detached' : ''}>{thread.anchor.quote}</blockquote>
            {byline(thread.authorId, thread.createdAt)}
            <p>{thread.body}</p>
            {thread.resolved && thread.resolvedBy && thread.resolvedAt && <p className="muted small">Resolved by {nameOf(thread.resolvedBy)} · {sinceText(thread.resolvedAt, now)}</p>}
            {thread.replies.map((reply) => (
              <div key={reply.id} className="reply">
                {reply.deleted ? <em className="muted">deleted</em> : (
                  <>
                    {byline(reply.authorId, reply.createdAt)}
                    <p>{reply.body}</p>
                  </>
                )}
              </div>
            ))}
            {!readOnly && (
              <>
                <ReplyForm onReply={(body) => run(() => addReply(doc, { id: newId(), threadId: thread.id, authorId: me.id, body, createdAt: new Date().toISOString() }))} />
                <button className="link" onClick={() => run(() => (thread.resolved ? reopenThread(doc, thread.id) : resolveThread(doc, thread.id, { by: me.id, at: new Date().toISOString() })))}>
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

function ReplyForm({ onReply }: { onReply: (body: string) => boolean }) {
  const [body, setBody] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (refuseInvalid(event.currentTarget)) return;
        if (onReply(body)) setBody('');
      }}
    >
      <LimitedInput name="reply" placeholder="Reply" aria-label="Reply" required limit={LIMITS.replyBody} value={body} onChange={(e) => setBody(e.target.value)} />
    </form>
  );
}

function SourceForm({ onSave, initial }: { onSave: (title: string, text: string) => boolean; initial: { title: string; text: string } | undefined }) {
  const [open, setOpen] = useState(!initial);
  const [title, setTitle] = useState(initial?.title ?? '');
  const [text, setText] = useState(initial?.text ?? '');
  if (!open) {
    return (
      <button
        className="link"
        onClick={() => {
          setTitle(initial?.title ?? '');
          setText(initial?.text ?? '');
          setOpen(true);
        }}
      >
        Edit text
      </button>
    );
  }
  return (
    <form
      className="card-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (refuseInvalid(event.currentTarget)) return;
        if (onSave(title, text)) setOpen(false);
      }}
    >
      <LimitedInput name="source-title" placeholder="Title" aria-label="Title" required limit={LIMITS.sourceTitle} value={title} onChange={(e) => setTitle(e.target.value)} />
      <LimitedTextarea name="source-text" placeholder="Paste the script or text to discuss" aria-label="Text" rows={8} required limit={LIMITS.sourceText} value={text} onChange={(e) => setText(e.target.value)} />
      <button className="button" type="submit">
        Save text
      </button>
    </form>
  );
}
