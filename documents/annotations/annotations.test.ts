import { DocumentError } from '../document-error.js';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { enforceModel } from '../enforce.js';
import { ReplicaNetwork, seededRandom } from '../testing/replica-network.js';
import { anchorFromSelection, resolveAnchor } from './anchor.js';
import { addReply, addThread, deleteReply, editReply, putSource, readAnnotations, reanchorThread, reopenThread, resolveThread } from './annotations.js';
import { annotationsModel } from './model.js';

const TEXT = 'Open on the product. Cut to the snow. Close on the logo.';

function annotations(): Y.Doc {
  const doc = new Y.Doc();
  annotationsModel.seed(doc);
  return doc;
}

const thread = (id: string, start: number, end: number, createdAt = '2026-11-25T10:00:00Z') => ({
  id,
  target: 'script:launch',
  anchor: anchorFromSelection(TEXT, start, end),
  authorId: 'ann',
  body: `about ${TEXT.slice(start, end)}`,
  createdAt,
});

describe('anchors', () => {
  it('finds the quote where it was, where it moved (nearest occurrence), or reports it detached', () => {
    const anchor = anchorFromSelection(TEXT, 21, 37);
    expect(anchor.quote).toBe('Cut to the snow.');
    expect(resolveAnchor(anchor, TEXT)).toEqual({ start: 21, end: 37, status: 'exact' });
    const edited = `Intro. ${TEXT}`;
    expect(resolveAnchor(anchor, edited)).toEqual({ start: 28, end: 44, status: 'moved' });
    const twice = `Cut to the snow. ${'x'.repeat(2)}${TEXT}`;
    expect(resolveAnchor(anchor, twice)).toMatchObject({ start: 40, status: 'moved' });
    expect(resolveAnchor(anchor, 'Everything was rewritten.')).toEqual({ start: 21, end: 25, status: 'detached' });
    expect(resolveAnchor(anchorFromSelection(TEXT, 5, 5), TEXT)).toEqual({ start: 5, end: 5, status: 'exact' });
    expect(() => anchorFromSelection(TEXT, 10, 5)).toThrow(DocumentError);
    expect(() => anchorFromSelection(TEXT, 0, TEXT.length + 1)).toThrow(DocumentError);
  });
});

describe('annotation threads', () => {
  it('adds threads and replies, resolves, reopens, edits and soft-deletes replies', () => {
    const doc = annotations();
    addThread(doc, thread('t2', 38, 55));
    addThread(doc, thread('t1', 0, 20));
    addReply(doc, { id: 'r1', threadId: 't1', authorId: 'bob', body: 'Agreed', createdAt: '2026-11-25T10:01:00Z' });
    addReply(doc, { id: 'r2', threadId: 't1', authorId: 'ann', body: 'Thanks', createdAt: '2026-11-25T10:02:00Z' });
    resolveThread(doc, 't1', { by: 'ann', at: '2026-11-25T10:03:00Z' });
    editReply(doc, 'r1', { authorId: 'bob', body: 'Agreed!', at: '2026-11-25T10:04:00Z' });
    deleteReply(doc, 'r2', 'ann');
    const view = readAnnotations(doc, { text: `Intro. ${TEXT}` });
    expect(view.threads.map((t) => t.id)).toEqual(['t1', 't2']);
    expect(view.threads[0]).toMatchObject({ resolved: true, resolvedBy: 'ann', position: { start: 7, status: 'moved' } });
    expect(view.threads[0]!.replies).toMatchObject([{ id: 'r1', body: 'Agreed!', editedAt: '2026-11-25T10:04:00Z' }, { id: 'r2', body: '', deleted: true }]);
    reopenThread(doc, 't1');
    reanchorThread(doc, 't1', { start: 7, end: 27, quote: TEXT.slice(0, 20) });
    expect(readAnnotations(doc, { text: `Intro. ${TEXT}` }).threads[0]).toMatchObject({ resolved: false, resolvedBy: null, position: { status: 'exact' } });
    expect(readAnnotations(doc, { target: 'other' }).threads).toEqual([]);
    putSource(doc, { id: 'script', title: 'Launch script', text: TEXT });
    putSource(doc, { id: 'script', title: 'Launch script', text: `Intro. ${TEXT}` });
    expect(readAnnotations(doc).sources).toEqual([{ id: 'script', title: 'Launch script', text: `Intro. ${TEXT}` }]);
  });

  it('refuses bad input and other people’s edits without changing the document', () => {
    const doc = annotations();
    addThread(doc, thread('t1', 0, 20));
    addReply(doc, { id: 'r1', threadId: 't1', authorId: 'bob', body: 'Mine', createdAt: '2026-11-25T10:01:00Z' });
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => addThread(doc, thread('t1', 0, 4))).toThrow(DocumentError);
    expect(() => addReply(doc, { id: 'r2', threadId: 'nope', authorId: 'bob', body: 'x', createdAt: '2026-11-25T10:01:00Z' })).toThrow(DocumentError);
    expect(() => editReply(doc, 'r1', { authorId: 'mallory', body: 'hijacked', at: '2026-11-25T10:05:00Z' })).toThrow(DocumentError);
    expect(() => deleteReply(doc, 'r1', 'mallory')).toThrow(DocumentError);
    expect(() => reanchorThread(doc, 't1', { start: 9, end: 3, quote: '' })).toThrow(DocumentError);
    expect(() => resolveThread(doc, 't1', { by: 'ann', at: 'yesterday' })).toThrow();
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('keeps replies written offline by two people, in a deterministic order, and a concurrent resolve', () => {
    const a = annotations();
    addThread(a, thread('t1', 0, 20));
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    addReply(a, { id: 'ra', threadId: 't1', authorId: 'ann', body: 'A', createdAt: '2026-11-25T10:01:00Z' });
    addReply(b, { id: 'rb', threadId: 't1', authorId: 'bob', body: 'B', createdAt: '2026-11-25T10:01:00Z' });
    resolveThread(b, 't1', { by: 'bob', at: '2026-11-25T10:02:00Z' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readAnnotations(a)).toEqual(readAnnotations(b));
    expect(readAnnotations(a).threads[0]).toMatchObject({ resolved: true, replies: [{ id: 'ra' }, { id: 'rb' }] });
  });

  it('the server removes replies to missing threads and fixes a backwards anchor', () => {
    const server = annotations();
    const reasons: string[] = [];
    const client = Symbol('client');
    enforceModel(server, annotationsModel, { shouldCheck: (o) => o === client, actorOf: () => undefined, repairOrigin: 'repair', onRepaired: (r) => reasons.push(...r), onRepairFailed: (error) => { throw error; } });
    const hostile = new Y.Doc();
    Y.applyUpdate(hostile, Y.encodeStateAsUpdate(server));
    addThread(hostile, thread('t1', 0, 20));
    addReply(hostile, { id: 'r1', threadId: 't1', authorId: 'bob', body: 'x', createdAt: '2026-11-25T10:01:00Z' });
    hostile.getMap('replies').set('r2', new Y.Map<unknown>(Object.entries({ id: 'r2', threadId: 'ghost', authorId: 'm', body: 'x', createdAt: '2026-11-25T10:01:00Z', editedAt: null, deleted: false })));
    hostile.getMap<Y.Map<unknown>>('threads').get('t1')!.set('anchor', { start: 9, end: 2, quote: 'x' });
    Y.applyUpdate(server, Y.encodeStateAsUpdate(hostile), client);
    expect([...server.getMap('replies').keys()]).toEqual(['r1']);
    expect(readAnnotations(server).threads[0]!.anchor).toEqual({ start: 9, end: 9, quote: 'x' });
    expect(reasons.join('\n')).toMatch(/removed 1 reply[\s\S]*collapsed/);
  });
});

describe('annotations convergence under random concurrent edits', () => {
  it.each(Array.from({ length: 30 }, (_, i) => 4000 + i))('seed %i: replicas converge, each thread and reply once', (seed) => {
    const rand = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
    const network = new ReplicaNetwork(annotations(), 4);
    const { replicas } = network;
    let threads = 0;
    let replies = 0;
    for (let step = 0; step < 120; step++) {
      const index = Math.floor(rand() * replicas.length);
      const doc = replicas[index]!;
      const view = readAnnotations(doc);
      const threadIds = view.threads.map((t) => t.id);
      const own = view.threads.flatMap((t) => t.replies).filter((r) => r.authorId === `u${index}` && !r.deleted).map((r) => r.id);
      const when = new Date(Date.UTC(2026, 10, 25, 10, 0, step)).toISOString();
      const action = rand();
      if (action < 0.2) {
        const start = Math.floor(rand() * 40);
        addThread(doc, { ...thread(`t${seed}-${threads++}`, start, start + Math.floor(rand() * 15), when), authorId: `u${index}` });
      } else if (action < 0.45 && threadIds.length) addReply(doc, { id: `r${seed}-${replies++}`, threadId: pick(threadIds), authorId: `u${index}`, body: `b${step}`, createdAt: when });
      else if (action < 0.55 && threadIds.length) (rand() < 0.5 ? resolveThread(doc, pick(threadIds), { by: `u${index}`, at: when }) : reopenThread(doc, pick(threadIds)));
      else if (action < 0.62 && own.length) editReply(doc, pick(own), { authorId: `u${index}`, body: `e${step}`, at: when });
      else if (action < 0.66 && own.length) deleteReply(doc, pick(own), `u${index}`);
      else network.deliverSome(rand);
    }
    network.exchangeAll();
    const views = replicas.map((doc) => readAnnotations(doc, { text: TEXT }));
    for (const view of views) expect(view).toEqual(views[0]);
    expect(views[0]!.threads).toHaveLength(threads);
    const replyIds = views[0]!.threads.flatMap((t) => t.replies.map((r) => r.id));
    expect(new Set(replyIds).size).toBe(replies);
    // A resolved thread always names who resolved it (the three fields are written together).
    for (const t of views[0]!.threads) expect(t.resolved ? t.resolvedBy !== null : t.resolvedBy === null).toBe(true);
  });
});
