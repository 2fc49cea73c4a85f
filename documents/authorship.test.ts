import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addReply, addThread, readAnnotations, resolveThread } from './annotations/annotations.js';
import { annotationsModel } from './annotations/model.js';
import type { Actor } from './authorship.js';
import { enforceModel } from './enforce.js';

const ACTORS: Record<string, Actor> = {
  carol: { id: 'carol', moderator: false },
  dave: { id: 'dave', moderator: false },
  erin: { id: 'erin', moderator: true },
};

/** A server replica with enforcement, and one client replica per person whose updates it applies as theirs. */
function room() {
  const server = new Y.Doc();
  annotationsModel.seed(server);
  const reasons: string[][] = [];
  enforceModel(server, annotationsModel, {
    shouldCheck: (origin) => typeof origin === 'string' && origin in ACTORS,
    actorOf: (origin) => (typeof origin === 'string' ? ACTORS[origin] : undefined),
    repairOrigin: 'repair',
    onRepaired: (fixes) => reasons.push(fixes),
    onRepairFailed: (error) => {
      throw error;
    },
  });
  const clients = Object.fromEntries(
    Object.keys(ACTORS).map((name) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
      return [name, doc];
    }),
  );
  /** Sends what `name` did since the last sync to the server, then brings everyone up to date. */
  const sync = (name: string) => {
    Y.applyUpdate(server, Y.encodeStateAsUpdate(clients[name]!, Y.encodeStateVector(server)), name);
    for (const doc of Object.values(clients)) Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
  };
  return { server, clients, sync, reasons };
}

const thread = (id: string, authorId: string) => ({ id, target: 'script', anchor: { start: 0, end: 4, quote: 'Open' }, authorId, body: `Thread ${id}`, createdAt: '2026-12-01T10:00:00Z' });

describe('entries with owners', () => {
  it('stamps a new thread and reply with their real author, whatever the client claimed', () => {
    const { server, clients, sync } = room();
    addThread(clients.carol!, thread('t1', 'erin'));
    addReply(clients.carol!, { id: 'r1', threadId: 't1', authorId: 'erin', body: 'Me too', createdAt: '2026-12-01T10:01:00Z' });
    sync('carol');
    const view = readAnnotations(server);
    expect(view.threads[0]).toMatchObject({ id: 't1', authorId: 'carol' });
    expect(view.threads[0]!.replies[0]).toMatchObject({ id: 'r1', authorId: 'carol' });
  });

  it('puts back someone else’s thread a commenter removed, with its replies, and their edits to it', () => {
    const { server, clients, sync, reasons } = room();
    addThread(clients.carol!, thread('t1', 'carol'));
    addReply(clients.carol!, { id: 'r1', threadId: 't1', authorId: 'carol', body: 'More', createdAt: '2026-12-01T10:01:00Z' });
    sync('carol');
    clients.dave!.getMap('threads').delete('t1');
    sync('dave');
    expect(readAnnotations(server).threads.map((t) => [t.id, t.replies.map((r) => r.id)])).toEqual([['t1', ['r1']]]);
    expect(reasons.flat().join('\n')).toContain('threads/t1');
    clients.dave!.getMap<Y.Map<unknown>>('threads').get('t1')!.set('body', 'Rewritten by Dave');
    clients.dave!.getMap<Y.Map<unknown>>('replies').get('r1')!.set('body', 'Dave was here');
    sync('dave');
    expect(readAnnotations(server).threads[0]).toMatchObject({ body: 'Thread t1', replies: [{ body: 'More' }] });
    // Replicas converge on the repaired state.
    expect(readAnnotations(clients.dave!)).toEqual(readAnnotations(server));
  });

  it('lets any commenter resolve a thread, in their own name; lets editors remove it; nobody rewrites its author', () => {
    const { server, clients, sync } = room();
    addThread(clients.carol!, thread('t1', 'carol'));
    sync('carol');
    resolveThread(clients.dave!, 't1', { by: 'carol', at: '2026-12-01T11:00:00Z' });
    sync('dave');
    expect(readAnnotations(server).threads[0]).toMatchObject({ resolved: true, resolvedBy: 'dave' });
    clients.erin!.getMap<Y.Map<unknown>>('threads').get('t1')!.set('authorId', 'erin');
    sync('erin');
    expect(readAnnotations(server).threads[0]).toMatchObject({ authorId: 'carol' });
    clients.erin!.getMap('threads').delete('t1');
    sync('erin');
    expect(readAnnotations(server).threads).toEqual([]);
  });

  it('keeps the annotated text to editors', () => {
    const { server, clients, sync } = room();
    const source = (text: string) => new Y.Map<unknown>(Object.entries({ id: 'script', title: 'Script', text }));
    clients.carol!.getMap('sources').set('script', source('Written by a commenter'));
    sync('carol');
    expect(server.getMap('sources').has('script')).toBe(false);
    clients.erin!.getMap('sources').set('script', source('Open on a beach'));
    sync('erin');
    clients.dave!.getMap<Y.Map<unknown>>('sources').get('script')!.set('text', 'Changed by a commenter');
    sync('dave');
    expect(server.getMap<Y.Map<unknown>>('sources').get('script')!.get('text')).toBe('Open on a beach');
  });
});
