import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { LoadedFirstStates } from './loaded-first-states.js';

function board(): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap('cards').set('a', 'first');
  return doc;
}

describe('LoadedFirstStates', () => {
  afterEach(() => vi.useRealTimers());

  it('encodes a document once for everyone asking before it changes', () => {
    const states = new LoadedFirstStates();
    const doc = board();
    const first = states.stateOf(doc);
    expect(states.stateOf(doc)).toBe(first);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, first.updates[0]!);
    expect(copy.getMap('cards').get('a')).toBe('first');
    expect(first.stateVector).toEqual(Y.encodeStateVector(doc));
    expect(first.complete).toBe(true);
  });

  it('encodes it again once it changed, with the change', () => {
    const states = new LoadedFirstStates();
    const doc = board();
    const before = states.stateOf(doc);
    doc.getMap('cards').set('b', 'second');
    const after = states.stateOf(doc);
    expect(after).not.toBe(before);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, after.updates[0]!);
    expect(copy.getMap('cards').get('b')).toBe('second');
    expect(after.stateVector).toEqual(Y.encodeStateVector(doc));
  });

  it('lets an unchanged document’s encoding go after a second, and a destroyed one’s at once', () => {
    vi.useFakeTimers();
    const states = new LoadedFirstStates();
    const doc = board();
    const kept = states.stateOf(doc);
    vi.advanceTimersByTime(900);
    expect(states.stateOf(doc)).toBe(kept);
    vi.advanceTimersByTime(200);
    expect(states.stateOf(doc)).not.toBe(kept);

    const other = board();
    const before = states.stateOf(other);
    other.destroy();
    expect(states.stateOf(other)).not.toBe(before);
  });
});
