import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { StoredDocument } from '../storage/document-log.js';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { AuthStep, MessageType, SyncStep } from '../documents/wire/protocol.js';
import { authenticationAnswer, firstState, firstSyncFrames } from './stored-first-sync.js';

function stored(snapshot: Uint8Array | null, tail: Uint8Array[], withVector = true): StoredDocument {
  const updates = snapshot ? [snapshot, ...tail] : tail;
  return {
    updates,
    tailLength: tail.length,
    storedBytes: updates.reduce((sum, update) => sum + update.byteLength, 0),
    snapshotBytes: snapshot?.byteLength ?? 0,
    snapshotStateVector: snapshot && withVector ? Y.encodeStateVectorFromUpdate(snapshot) : null,
  };
}

/** A document's updates as its `update` events log them. */
function logged(doc: Y.Doc, edit: () => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  edit();
  return Y.encodeStateAsUpdate(doc, before);
}

describe('what an empty client is sent of a stored document', () => {
  it('states exactly what the snapshot and the log after it hold', () => {
    const doc = new Y.Doc();
    doc.getMap('cards').set('a', 'A');
    const snapshot = Y.encodeStateAsUpdate(doc);
    const tail = [logged(doc, () => doc.getMap('cards').set('b', 'B')), logged(doc, () => doc.getMap('cards').delete('a'))];
    for (const withVector of [true, false]) {
      const state = firstState(stored(snapshot, tail, withVector))!;
      expect(state.complete).toBe(true);
      expect(state.updates[0]).toEqual(snapshot);
      const replica = new Y.Doc();
      for (const update of state.updates) Y.applyUpdate(replica, update);
      expect(Y.encodeStateAsUpdate(replica)).toEqual(Y.encodeStateAsUpdate(doc));
      expect(Y.decodeStateVector(state.stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
    }
  });

  it('never states more than it holds: a logged update that does not follow on is not counted', () => {
    const writer = new Y.Doc();
    writer.getMap('cards').set('a', 'A');
    const snapshot = Y.encodeStateAsUpdate(writer);
    const skipped = logged(writer, () => writer.getMap('cards').set('b', 'B'));
    const after = logged(writer, () => writer.getMap('cards').set('c', 'C'));
    // The log lost `skipped`: `after` starts beyond what the snapshot holds.
    const state = firstState(stored(snapshot, [after]))!;
    expect(Y.decodeStateVector(state.stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVectorFromUpdate(snapshot)));
    expect(skipped.byteLength).toBeGreaterThan(0);
  });

  it('sends only the snapshot ahead of a long log, which the server then sends from memory', () => {
    const doc = new Y.Doc();
    doc.getMap('cards').set('a', 'A');
    const snapshot = Y.encodeStateAsUpdate(doc);
    const tail = Array.from({ length: 501 }, (_, n) => logged(doc, () => doc.getMap('cards').set('a', `A${n}`)));
    const state = firstState(stored(snapshot, tail))!;
    expect(state).toEqual({ updates: [snapshot], stateVector: Y.encodeStateVectorFromUpdate(snapshot), complete: false });
  });

  it('has nothing to offer without a snapshot (a small document, quick to load)', () => {
    const doc = new Y.Doc();
    expect(firstState(stored(null, [logged(doc, () => doc.getMap('cards').set('a', 'A'))]))).toBeNull();
  });
});

describe('the frames that start a client from storage', () => {
  it('are the updates under the address, then "synced"; built once per state and address for a herd', () => {
    const doc = new Y.Doc();
    doc.getMap('cards').set('a', 'A');
    const state = firstState(stored(Y.encodeStateAsUpdate(doc), []))!;
    const frames = firstSyncFrames(state, 'kanban:p:d');
    expect(frames).toHaveLength(2);
    const [update, done] = frames.map((frame) => decoding.createDecoder(frame));
    expect([decoding.readVarString(update!), decoding.readVarUint(update!), decoding.readVarUint(update!)]).toEqual(['kanban:p:d', MessageType.Sync, SyncStep.Update]);
    expect(decoding.readVarUint8Array(update!)).toEqual(state.updates[0]);
    expect([decoding.readVarString(done!), decoding.readVarUint(done!), decoding.readVarUint(done!)]).toEqual(['kanban:p:d', MessageType.Sync, SyncStep.Step2]);
    // Twenty clients of one address share the frames; another address gets its own.
    expect(firstSyncFrames(state, 'kanban:p:d')).toBe(frames);
    expect(decoding.readVarString(decoding.createDecoder(firstSyncFrames(state, 'kanban:p:e')[0]!))).toBe('kanban:p:e');
    // Incomplete: the server's own answer after loading says "synced".
    expect(firstSyncFrames({ ...state, complete: false }, 'kanban:p:d')).toHaveLength(1);
  });
});

describe('the frame that says an address is authenticated', () => {
  const authenticatedAddress = (frame: Uint8Array) => {
    const answer = authenticationAnswer(frame);
    return answer?.authenticated ? answer.address : null;
  };
  const frame = (address: string, type: number, step: number) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, address);
    encoding.writeVarUint(encoder, type);
    encoding.writeVarUint(encoder, step);
    encoding.writeVarString(encoder, 'read-write');
    return encoding.toUint8Array(encoder);
  };

  it('is found whatever the address length, and no other frame is taken for it', () => {
    for (const address of ['k', 'kanban:p:d', `kanban:${'x'.repeat(200)}`, `ø${'y'.repeat(20_000)}`]) {
      expect(authenticatedAddress(frame(address, MessageType.Auth, AuthStep.Authenticated))).toBe(address);
      expect(authenticatedAddress(frame(address, MessageType.Auth, AuthStep.PermissionDenied))).toBeNull();
      expect(authenticatedAddress(frame(address, MessageType.Sync, AuthStep.Authenticated))).toBeNull();
    }
    expect(authenticatedAddress(new Uint8Array([]))).toBeNull();
    expect(authenticatedAddress(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBeNull();
    expect(authenticatedAddress(new Uint8Array([5, 1, 2]))).toBeNull();
  });

  it('is told apart from the one that refuses it, and from an auth message that is neither', () => {
    expect(authenticationAnswer(frame('kanban:p:d', MessageType.Auth, AuthStep.Authenticated))).toEqual({ address: 'kanban:p:d', authenticated: true });
    expect(authenticationAnswer(frame('kanban:p:d', MessageType.Auth, AuthStep.PermissionDenied))).toEqual({ address: 'kanban:p:d', authenticated: false });
    expect(authenticationAnswer(frame('kanban:p:d', MessageType.Auth, AuthStep.Token))).toBeNull();
    expect(authenticationAnswer(frame('kanban:p:d', MessageType.Awareness, AuthStep.PermissionDenied))).toBeNull();
  });
});
