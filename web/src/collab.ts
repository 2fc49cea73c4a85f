import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { SavedStatus } from '../../documents/saved-status.js';
import { syncOfflineEditsByHandshake } from '../../documents/wire/offline-queue.js';
import { currentAccessToken } from './api.js';
import { documentDatabase, forgetDocument, isKnownDocument, localKey, rememberDocument } from './local-data.js';
import { pushChannel } from './notifications/push.js';
import { ShortAddressWebSocket } from './short-address-websocket.js';
import { receiveVotes } from './votes/push.js';
import { receiveDashboard } from './analytics/push.js';
import { EditingPublisher } from './presence/editing-publisher.js';
import { EDITING_FIELD, type EditingPeer, type PeerPresence, type PresenceUser, readPeerPresence, samePresence } from './presence/editing-state.js';

export type { EditingPeer, PresenceUser } from './presence/editing-state.js';

export type Access = 'connecting' | 'read-write' | 'readonly' | 'closed';
export type SaveState = 'saved' | 'saving' | 'offline';

export interface CollabSession {
  doc: Y.Doc;
  access: Access;
  /** Why the server refused or closed the document (e.g. access-revoked). */
  reason: string | null;
  save: SaveState;
  /** Everyone else on this document now, as the server stamped them. */
  peers: PresenceUser[];
  /** Who else has which card, item or event open (validated: junk from a peer counts as nothing open). */
  editing: EditingPeer[];
  /** Tells the others which item this person has open (null: none); sent only when it changes. */
  setEditing: (id: string | null) => void;
  /** What the server last repaired in our edits, if anything. */
  repaired: string[];
  online: boolean;
  /** Whether this browser keeps a copy for this person (offline, nothing else can be shown). */
  local: boolean;
  /**
   * The server rewrote the document's history (someone's data was erased): this browser's copy was
   * dropped, with any edits it had not sent, and the document loaded afresh.
   */
  wasReset: boolean;
}

/** The server closes with this when a document was reset, and refuses a copy made before it with it too. */
const DOCUMENT_RESET = { code: 4410, reason: 'document-reset' } as const;
const isReset = (event: { code?: number; reason?: string }) => event.code === DOCUMENT_RESET.code || event.reason === DOCUMENT_RESET.reason;

/**
 * Answers after which this person's local copy must go: the server says they may not have it, or
 * it is gone. Not 'unauthorized' or 'token-expired': those ask for a sign-in, and unsaved offline
 * edits must survive one.
 */
const FORGET_ON = new Set(['access-revoked', 'document-not-found', 'not-found', 'forbidden', 'invalid-document-name']);

/** The access the server last granted this person here: offline, it is what the page can offer until it hears again. */
function lastAccess(key: string): Access {
  const stored = localStorage.getItem(key);
  return stored === 'read-write' || stored === 'readonly' ? stored : 'connecting';
}

function readTracked(key: string): number[] {
  try {
    return JSON.parse(localStorage.getItem(key) ?? '[]') as number[];
  } catch {
    return [];
  }
}

/**
 * A visit through a share link: the link's own access token stands in for the session's, and
 * nothing of the visit is kept in this browser (no IndexedDB copy, no marks in localStorage), so it
 * leaves nothing behind and never touches the copies of whoever is signed in here.
 */
export interface LinkVisit {
  /** The token for the provider; asked again when the server wants a fresher one before the last expires. */
  token: () => Promise<string>;
}

/**
 * Opens a collaborative document for the signed-in person: restored from their copy in this
 * browser's IndexedDB first when they have one (so it works offline and across reloads), then
 * synced through the server. A copy is made only once the server has let them in, and removed when
 * it says they may no longer have it. The saved state comes from the server's saved signal,
 * covering edits made before a reload too. With `visit`, it is opened for a share link's visitor
 * instead, online only.
 */
export function useCollab(name: string, userId: string, visit?: LinkVisit): CollabSession | null {
  const [state, setState] = useState<CollabSession | null>(null);
  // Bumped when the server reset the document: the effect starts over with a new, empty Y.Doc.
  const [generation, setGeneration] = useState(0);
  // Read when the provider asks, so a new function does not reconnect; whether there is one does.
  const visitToken = useRef(visit?.token);
  useEffect(() => {
    visitToken.current = visit?.token;
  });
  const visiting = visit !== undefined;

  useEffect(() => {
    const TRACKED = localKey(userId, 'clients', name);
    const ACCESS = localKey(userId, 'access', name);
    // Whether this browser keeps anything of the document (never for a link's visitor).
    const keep = !visiting;
    // Made here, not during render: each mount owns (and destroys) its own document.
    const doc = new Y.Doc();
    const known = keep && isKnownDocument(userId, name);
    let destroyed = false;
    // Bound late: the provider it sends through is made below, and nothing calls it before the first render.
    // A card closing as the page goes may clear after the provider is gone: nothing is left to tell.
    const editing = new EditingPublisher((mark) => {
      if (!destroyed) provider.setAwarenessField(EDITING_FIELD, mark);
    });
    const initialAccess = keep ? lastAccess(ACCESS) : 'connecting';
    editing.setReadOnly(initialAccess !== 'read-write');
    const setEditing = (id: string | null) => editing.setEditing(id);
    setState({ doc, access: initialAccess, reason: null, save: 'offline', peers: [], editing: [], setEditing, repaired: [], online: false, local: known, wasReset: generation > 0 });
    let presence: PeerPresence = { peers: [], editing: [] };
    const update = (patch: Partial<Omit<CollabSession, 'doc' | 'setEditing'>>) => {
      if (keep && (patch.access === 'read-write' || patch.access === 'readonly')) localStorage.setItem(ACCESS, patch.access);
      if (keep && patch.access === 'closed') localStorage.removeItem(ACCESS);
      if (patch.access) editing.setReadOnly(patch.access !== 'read-write');
      setState((previous) => (previous?.doc === doc ? { ...previous, ...patch } : previous));
    };
    const saved = new SavedStatus(doc);
    let local: IndexeddbPersistence | null = known ? new IndexeddbPersistence(documentDatabase(userId, name), doc) : null;
    let forgotten = false;
    /** The server let this person in: from now on the document is kept in this browser for them. */
    const keepLocally = () => {
      if (!keep || local || forgotten) return;
      rememberDocument(userId, name);
      local = new IndexeddbPersistence(documentDatabase(userId, name), doc);
      update({ local: true });
    };
    const forgetLocally = (reason: string) => {
      if (!keep || !FORGET_ON.has(reason) || forgotten) return;
      forgotten = true;
      const closing = local?.destroy() ?? Promise.resolve();
      local = null;
      update({ local: false });
      void closing.then(() => forgetDocument(userId, name));
    };
    /**
     * The document was reset on the server: merging this copy would bring erased values back (the
     * server refuses it anyway). The copy goes, IndexedDB included, before a fresh document loads.
     */
    let resetting = false;
    const dropAndReload = () => {
      if (resetting || destroyed) return;
      resetting = true;
      forgotten = true;
      provider.destroy();
      socket.destroy();
      const closing = local?.destroy() ?? Promise.resolve();
      local = null;
      void closing
        .then(() => (keep ? forgetDocument(userId, name) : undefined))
        .finally(() => {
          if (!destroyed) setGeneration((n) => n + 1);
        });
    };
    const tracked = new Set([...(keep ? readTracked(TRACKED) : []), doc.clientID]);
    saved.track(tracked);
    const storeTracked = () => {
      if (keep) localStorage.setItem(TRACKED, JSON.stringify([...tracked]));
    };
    storeTracked();
    let connected = false;
    // This connection also carries the person's live notifications (the bell listens); a link's identity has none.
    const pushes = keep ? pushChannel() : { setOpen: () => {}, receive: () => {}, close: () => {} };
    const refreshSave = () => {
      for (const id of saved.savedClients) if (id !== doc.clientID) tracked.delete(id);
      storeTracked();
      update({ save: !connected ? 'offline' : saved.saved ? 'saved' : 'saving' });
    };
    const stopSaved = saved.onChange(refreshSave);
    const socket = new HocuspocusProviderWebsocket({ url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`, WebSocketPolyfill: ShortAddressWebSocket });
    syncOfflineEditsByHandshake(socket);
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name,
      document: doc,
      // Asked again by the server before the token expires: a refreshed one keeps the socket open.
      token: async () => (keep ? await currentAccessToken() : await visitToken.current?.()) ?? '',
      onAuthenticated: ({ scope }) => {
        keepLocally();
        update({ access: scope === 'readonly' ? 'readonly' : 'read-write', reason: null });
      },
      onAuthenticationFailed: ({ reason }) => {
        forgetLocally(reason);
        update({ access: 'closed', reason });
      },
      onClose: ({ event }) => {
        if (isReset(event)) return dropAndReload();
        forgetLocally(event.reason);
        if (['access-revoked', 'document-not-found', 'token-expired'].includes(event.reason)) update({ access: 'closed', reason: event.reason });
      },
      onStatus: ({ status }) => {
        connected = status === 'connected';
        pushes.setOpen(connected);
        update({ online: connected });
        refreshSave();
      },
      onStateless: ({ payload }) => {
        if (saved.receive(payload)) return;
        const message = JSON.parse(payload) as { type?: string; readOnly?: boolean; reasons?: string[]; notification?: unknown };
        if (message.type === 'notification') return pushes.receive(message);
        // Live vote aggregates ride on every document connection: handed on to whatever shows vote numbers.
        if (message.type === 'votes') return receiveVotes(message);
        if (message.type === 'dashboard') return receiveDashboard(message);
        if (message.type === 'access') update({ access: message.readOnly ? 'readonly' : 'read-write' });
        if (message.type === 'repaired') update({ repaired: message.reasons ?? [] });
      },
      onAwarenessChange: ({ states }) => {
        const next = readPeerPresence(states, doc.clientID);
        if (samePresence(next, presence)) return;
        presence = next;
        update(next);
      },
    });
    provider.setAwarenessField('active', true);
    provider.attach();
    // The browser knows first when the network goes: stop trying, and resume when it is back.
    const goOffline = () => socket.disconnect();
    const goOnline = () => void socket.connect();
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    if (!navigator.onLine) goOffline();
    const warn = (event: BeforeUnloadEvent) => {
      if (!saved.saved) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      destroyed = true;
      window.removeEventListener('beforeunload', warn);
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
      stopSaved();
      pushes.close();
      provider.destroy();
      socket.destroy();
      void local?.destroy();
      doc.destroy();
    };
  }, [name, userId, generation, visiting]);

  return state;
}

/** Re-renders on every change of the document and returns `read(doc)`. */
export function useDocumentView<View>(doc: Y.Doc, read: (doc: Y.Doc) => View): View {
  const snapshot = useMemo(() => {
    let cached: { version: number; view: View } | null = null;
    let version = 0;
    return {
      subscribe: (listener: () => void) => {
        const onUpdate = () => {
          version++;
          listener();
        };
        doc.on('update', onUpdate);
        return () => doc.off('update', onUpdate);
      },
      get: () => {
        if (!cached || cached.version !== version) cached = { version, view: read(doc) };
        return cached.view;
      },
    };
  }, [doc, read]);
  return useSyncExternalStore(snapshot.subscribe, snapshot.get);
}
