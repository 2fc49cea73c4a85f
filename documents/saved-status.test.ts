import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SavedStatus, encodeSavedMessage } from './saved-status.js';

describe('saved status', () => {
  it('is saved once the server has committed every change of ours, including a previous session’s', () => {
    // A first session edits offline, then the page reloads: the edits stay, the client id changes.
    const before = new Y.Doc();
    before.getMap('m').set('offline', 1);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(before));
    const status = new SavedStatus(doc);
    const seen: boolean[] = [];
    status.onChange((saved) => seen.push(saved));
    expect(status.saved).toBe(true);
    status.track([before.clientID]);
    expect(status.saved).toBe(false);
    doc.getMap('m').set('now', 2);
    expect(status.receive(encodeSavedMessage(new Map([[doc.clientID, 1]])))).toBe(true);
    expect(status.saved).toBe(false);
    expect(status.savedClients).toEqual([doc.clientID]);
    status.receive(encodeSavedMessage(new Map([[before.clientID, 1]])));
    expect(status.saved).toBe(true);
    expect(seen.at(-1)).toBe(true);
    expect(status.receive('{"type":"repaired","reasons":[]}')).toBe(false);
    expect(status.receive('not json')).toBe(false);
  });
});
