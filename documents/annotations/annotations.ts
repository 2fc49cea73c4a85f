import * as Y from 'yjs';
import { DocumentError, alreadyExists, notFound, valid } from '../document-error.js';
import { entryMaps, markSchemaVersion, readCollection, storedSchemaVersion, toYMap } from '../entries.js';
import { type ResolvedAnchor, resolveAnchor } from './anchor.js';
import { ANNOTATIONS_SCHEMA_VERSION, type Anchor, REPLIES, type ReplyEntry, SOURCES, type SourceEntry, THREADS, type ThreadEntry, anchor as anchorSchema, replyEntry, sourceEntry, threadEntry } from './schema.js';

export type ThreadView = ThreadEntry & { replies: ReplyEntry[]; position?: ResolvedAnchor };

export interface AnnotationsView {
  schemaVersion: number;
  sources: SourceEntry[];
  threads: ThreadView[];
}

const byCreation = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Threads in reading order (anchor start, then creation); with `text`, each with its range in that text now. */
export function readAnnotations(doc: Y.Doc, options: { target?: string; text?: string } = {}): AnnotationsView {
  const replies = new Map<string, ReplyEntry[]>();
  for (const reply of readCollection(doc, REPLIES).sort(byCreation)) {
    replies.set(reply.threadId, [...(replies.get(reply.threadId) ?? []), reply.deleted ? { ...reply, body: '' } : reply]);
  }
  const threads = readCollection(doc, THREADS)
    .filter((thread) => options.target === undefined || thread.target === options.target)
    .map((thread): ThreadView => ({
      ...thread,
      replies: replies.get(thread.id) ?? [],
      ...(options.text === undefined ? {} : { position: resolveAnchor(thread.anchor, options.text) }),
    }))
    .sort((a, b) => (a.position?.start ?? a.anchor.start) - (b.position?.start ?? b.anchor.start) || byCreation(a, b));
  const sources = readCollection(doc, SOURCES).sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { schemaVersion: storedSchemaVersion(doc, ANNOTATIONS_SCHEMA_VERSION), sources, threads };
}

export function initAnnotations(doc: Y.Doc): void {
  doc.transact(() => markSchemaVersion(doc, ANNOTATIONS_SCHEMA_VERSION));
}

/** Adds a text to annotate, or replaces the text of the one with this id. */
export function putSource(doc: Y.Doc, source: SourceEntry): void {
  const checked = valid(sourceEntry, source);
  doc.transact(() => {
    const sources = entryMaps(doc, SOURCES);
    const existing = sources.get(checked.id);
    if (!(existing instanceof Y.Map)) {
      sources.set(checked.id, toYMap(checked));
      return;
    }
    for (const key of ['title', 'text'] as const) if (existing.get(key) !== checked[key]) existing.set(key, checked[key]);
  });
}

function entry(doc: Y.Doc, collection: typeof THREADS | typeof REPLIES, id: string): Y.Map<unknown> {
  const map = entryMaps(doc, collection).get(id);
  if (!(map instanceof Y.Map)) throw notFound(collection === THREADS ? 'thread' : 'reply', id);
  return map;
}

function validAnchor(value: Anchor): Anchor {
  const parsed = valid(anchorSchema, value, 'anchor');
  if (parsed.end < parsed.start) throw new DocumentError('INVALID_RANGE', 'an anchor ends at or after its start', { issues: [{ path: 'anchor.end', message: 'must not be before anchor.start' }] });
  return parsed;
}

export function addThread(doc: Y.Doc, thread: { id: string; target: string; anchor: Anchor; authorId: string; body: string; createdAt: string }): void {
  const checked = valid(threadEntry, { ...thread, anchor: validAnchor(thread.anchor), resolved: false, resolvedBy: null, resolvedAt: null });
  doc.transact(() => {
    const threads = entryMaps(doc, THREADS);
    if (threads.has(checked.id)) throw alreadyExists('thread', checked.id);
    threads.set(checked.id, toYMap(checked));
  });
}

/** Stores where the quote was found again, so later readers start from the new place. */
export function reanchorThread(doc: Y.Doc, id: string, anchor: Anchor): void {
  const checked = validAnchor(anchor);
  doc.transact(() => entry(doc, THREADS, id).set('anchor', checked));
}

export function resolveThread(doc: Y.Doc, id: string, by: { by: string; at: string }): void {
  const at = valid(threadEntry.shape.createdAt, by.at, 'at');
  const who = valid(threadEntry.shape.authorId, by.by, 'by');
  doc.transact(() => {
    const thread = entry(doc, THREADS, id);
    thread.set('resolved', true);
    thread.set('resolvedBy', who);
    thread.set('resolvedAt', at);
  });
}

export function reopenThread(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    const thread = entry(doc, THREADS, id);
    thread.set('resolved', false);
    thread.set('resolvedBy', null);
    thread.set('resolvedAt', null);
  });
}

export function addReply(doc: Y.Doc, reply: { id: string; threadId: string; authorId: string; body: string; createdAt: string }): void {
  const checked = valid(replyEntry, { ...reply, editedAt: null, deleted: false });
  doc.transact(() => {
    entry(doc, THREADS, checked.threadId);
    const replies = entryMaps(doc, REPLIES);
    if (replies.has(checked.id)) throw alreadyExists('reply', checked.id);
    replies.set(checked.id, toYMap(checked));
  });
}

function authored(doc: Y.Doc, id: string, authorId: string): Y.Map<unknown> {
  const reply = entry(doc, REPLIES, id);
  if (reply.get('authorId') !== authorId) throw new DocumentError('NOT_AUTHOR', 'only its author may change a reply', { entity: 'reply', id });
  return reply;
}

export function editReply(doc: Y.Doc, id: string, edit: { authorId: string; body: string; at: string }): void {
  const body = valid(replyEntry.shape.body, edit.body, 'body');
  const at = valid(replyEntry.shape.createdAt, edit.at, 'at');
  doc.transact(() => {
    const reply = authored(doc, id, edit.authorId);
    reply.set('body', body);
    reply.set('editedAt', at);
  });
}

/** Soft delete: the conversation keeps its shape. */
export function deleteReply(doc: Y.Doc, id: string, authorId: string): void {
  doc.transact(() => authored(doc, id, authorId).set('deleted', true));
}
