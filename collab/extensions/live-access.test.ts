import type { Connection, connectedPayload } from '@hocuspocus/server';
import { describe, expect, it } from 'vitest';
import { AccessEvents } from '../../identity/membership-events.js';
import { silentLogger } from '../../test/helpers/logger.js';
import type { CollabContext } from '../context.js';
import { LiveAccess, effectOf } from './live-access.js';

const projectId = '11111111-1111-4111-8111-111111111111';
const user = { id: 'u1', email: 'u1@example.com', name: 'U1', avatarUrl: null, color: null, createdAt: new Date(0) };
const document = { kind: 'kanban', projectId, id: 'b1' } as const;

function userContext(sessionId = 's1'): CollabContext {
  return { document, principal: { type: 'user', user, sessionId }, role: 'editor', checkedAt: 0 };
}

function keyContext(keyRole: 'admin' | 'editor', createdBy = 'u1'): CollabContext {
  return { document, principal: { type: 'apiKey', apiKeyId: 'k1', projectId, role: keyRole, keyRole, createdBy }, role: keyRole, checkedAt: 0 };
}

/** The decisions behind live access; the sockets themselves are tested end to end in test/. */
describe('effectOf', () => {
  it('closes the connections of an ended session only', () => {
    const ended = { type: 'sessionEnded', projectId: null, userId: 'u1', sessionId: 's1' } as const;
    expect(effectOf(userContext('s1'), ended)).toMatchObject({ kind: 'close', reason: { reason: 'session-ended' } });
    expect(effectOf(userContext('s2'), ended)).toEqual({ kind: 'keep' });
    expect(effectOf(keyContext('editor'), ended)).toEqual({ kind: 'keep' });
  });

  it('moves a key with its creator, never above its own role, and closes it when they leave', () => {
    const member = (role: 'owner' | 'viewer' | null, userId = 'u1') => ({ type: 'member', projectId, userId, role }) as const;
    expect(effectOf(keyContext('editor'), member('viewer'))).toEqual({ kind: 'role', role: 'viewer' });
    expect(effectOf(keyContext('editor'), member('owner'))).toEqual({ kind: 'role', role: 'editor' });
    expect(effectOf(keyContext('admin'), member(null))).toMatchObject({ kind: 'close', reason: { reason: 'access-revoked' } });
    expect(effectOf(keyContext('admin'), member(null, 'someone-else'))).toEqual({ kind: 'keep' });
    expect(effectOf(keyContext('admin'), { type: 'member', projectId: 'another-project', userId: 'u1', role: null })).toEqual({ kind: 'keep' });
  });
});

describe('a connection whose authentication overlapped a change', () => {
  /** Just what LiveAccess uses of a connection. */
  function fakeConnection() {
    const closed: string[] = [];
    const connection = { readOnly: false, onClose: () => connection, close: (reason: { reason: string }) => closed.push(reason.reason), sendStateless: () => {} };
    return { connection: connection as unknown as Connection<CollabContext>, closed };
  }

  it('hears, at connect, a change committed after its authentication began reading', async () => {
    const events = new AccessEvents();
    const live = new LiveAccess(events, silentLogger);
    const started = Date.now();
    events.emit({ type: 'sessionEnded', projectId: null, userId: 'u1', sessionId: 's1' });
    const late = fakeConnection();
    await live.connected({ connection: late.connection, context: { ...userContext(), checkedAt: started } } as connectedPayload<CollabContext>);
    expect(late.closed).toEqual(['session-ended']);
    // One that began after the change read the new state already: nothing to replay.
    const after = fakeConnection();
    await live.connected({ connection: after.connection, context: { ...userContext(), checkedAt: Date.now() + 1 } } as connectedPayload<CollabContext>);
    expect(after.closed).toEqual([]);
    await live.onDestroy();
  });
});
