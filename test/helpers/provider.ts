import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { SavedStatus } from '../../documents/saved-status.js';

/** A real `@hocuspocus/provider` client in Node, with promises for the outcomes tests wait on. */
export function connectProvider(url: string, name: string, token: string, options: { headers?: Record<string, string> } = {}) {
  const doc = new Y.Doc();
  const saved = new SavedStatus(doc);
  // ws accepts headers (a browser would send the session cookie by itself).
  class HeaderWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: options.headers ?? {} });
    }
  }
  const websocketProvider = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: HeaderWebSocket as never });
  let denied!: (reason: string) => void;
  let authenticated!: (scope: string) => void;
  let synced!: () => void;
  const outcomes = {
    denied: new Promise<string>((resolve) => (denied = resolve)),
    authenticated: new Promise<string>((resolve) => (authenticated = resolve)),
    synced: new Promise<void>((resolve) => (synced = resolve)),
  };
  const provider = new HocuspocusProvider({
    websocketProvider,
    name,
    document: doc,
    token,
    onSynced: () => synced(),
    onAuthenticated: ({ scope }) => authenticated(scope),
    onAuthenticationFailed: ({ reason }) => denied(reason),
    onStateless: ({ payload }) => saved.receive(payload),
  });
  provider.attach();
  return {
    doc,
    provider,
    saved,
    ...outcomes,
    destroy() {
      provider.destroy();
      websocketProvider.destroy();
    },
  };
}
