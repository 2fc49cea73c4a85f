import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { SavedStatus } from '../../documents/saved-status.js';
import { ShortAddressNodeSocket } from './short-address-socket.js';
import { isSyncUpdate, syncOfflineEditsByHandshake } from '../../documents/wire/offline-queue.js';

export interface ProviderOptions {
  headers?: Record<string, string>;
  /** A document to sync instead of a new empty one (e.g. a browser's copy restored from IndexedDB). */
  doc?: Y.Doc;
  /** Name documents by a short alias on the wire, as the web app does (`documents/wire/address-aliases`). */
  shortAddresses?: boolean;
  /** Send edits made offline in the reconnect's sync handshake instead of one by one, as the web app does (`documents/wire/offline-queue`). */
  offlineEditsByHandshake?: boolean;
}

/** A real `@hocuspocus/provider` client in Node, with promises for the outcomes tests wait on. */
export function connectProvider(url: string, name: string, token: string | (() => string | Promise<string>), options: ProviderOptions = {}) {
  const doc = options.doc ?? new Y.Doc();
  const saved = new SavedStatus(doc);
  /** Stateless messages other than the saved signal, parsed (repairs, access changes). */
  const messages: { type: string; [key: string]: unknown }[] = [];
  // ws accepts headers (a browser would send the session cookie by itself).
  const Socket = options.shortAddresses ? ShortAddressNodeSocket : WebSocket;
  class HeaderWebSocket extends Socket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: options.headers ?? {} });
    }
  }
  const websocketProvider = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: HeaderWebSocket as never });
  if (options.offlineEditsByHandshake) syncOfflineEditsByHandshake(websocketProvider);
  let denied!: (reason: string) => void;
  let authenticated!: (scope: string) => void;
  let synced!: () => void;
  let closed!: (reason: string) => void;
  const outcomes = {
    denied: new Promise<string>((resolve) => (denied = resolve)),
    authenticated: new Promise<string>((resolve) => (authenticated = resolve)),
    synced: new Promise<void>((resolve) => (synced = resolve)),
    /** The reason the server gave when it closed this document's connection. */
    closed: new Promise<string>((resolve) => (closed = resolve)),
  };
  /** Close codes of the underlying WebSocket, in order (a violation closes the socket). */
  const socketCloses: number[] = [];
  websocketProvider.on('close', ({ event }: { event: { code: number } }) => socketCloses.push(event.code));
  const provider = new HocuspocusProvider({
    websocketProvider,
    name,
    document: doc,
    token: typeof token === 'function' ? async () => token() : token,
    onSynced: () => synced(),
    onAuthenticated: ({ scope }) => authenticated(scope),
    onAuthenticationFailed: ({ reason }) => denied(reason),
    onClose: ({ event }) => closed(event.reason),
    onStateless: ({ payload }) => {
      if (saved.receive(payload)) return;
      try {
        messages.push(JSON.parse(payload));
      } catch {
        messages.push({ type: 'unparseable', payload });
      }
    },
  });
  provider.attach();
  return {
    doc,
    provider,
    websocketProvider,
    saved,
    messages,
    socketCloses,
    ...outcomes,
    destroy() {
      provider.destroy();
      // A socket still connecting reports its abort as an 'error' event on the next tick, after the
      // provider has stopped listening: without a listener Node calls it an uncaught exception.
      (websocketProvider.webSocket as { on?(event: 'error', listener: () => void): void } | null)?.on?.('error', () => {});
      websocketProvider.destroy();
    },
  };
}

export type ConnectedProvider = ReturnType<typeof connectProvider>;

/** Sync-update frames (message 0, step 2) as they arrived on a provider's socket, before anything expanded them. */
export function updateFramesOf(provider: ConnectedProvider): Uint8Array[] {
  const frames: Uint8Array[] = [];
  const socket = provider.websocketProvider.webSocket as unknown as WebSocket;
  socket.on('message', (data: Buffer) => {
    const bytes = new Uint8Array(data);
    if (isSyncUpdate(bytes)) frames.push(bytes);
  });
  return frames;
}
