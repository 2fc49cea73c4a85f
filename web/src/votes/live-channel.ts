import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { currentAccessToken } from '../api.js';
import { pushChannel } from '../notifications/push.js';
import { ShortAddressWebSocket } from '../short-address-websocket.js';
import { receiveDashboard } from '../analytics/push.js';
import { receiveVotes } from './push.js';

/**
 * How long the channel may hear nothing before the provider reconnects. It has no awareness, so
 * unlike a board it gets no 15-second echo of its own presence: silence is normal here, and the
 * provider's default (30 s) would reconnect an idle hub twice a minute. A socket that died
 * silently is caught by this and, meanwhile, by the hub's slow poll.
 */
const SILENT_RECONNECT_MS = 5 * 60_000;

/**
 * The hub's live channel: why a document connection. The server pushes vote aggregates only over
 * open document connections (any document of the project will do), and the hub has none, so it
 * opens one to a pipeline whose items it shows (a document the person can certainly read). It is
 * kept light: no awareness, so the person does not appear as present on a board they are not
 * looking at; no copy in IndexedDB and no saved-state tracking, since nothing is ever edited
 * through it. Polling alone would be simpler but would show a vote seconds late and ask the
 * server for every item on every tick; the hub still polls, slowly, as a fallback (see
 * use-vote-items.ts). The same connection carries the person's notifications to the bell, and
 * the dashboard listens through it too ("this project's numbers changed").
 *
 * Returns whether the channel is open (authenticated) now: pushes can arrive.
 */
export function useLiveVoteChannel(documentName: string | null): boolean {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!documentName) return;
    const doc = new Y.Doc();
    const notifications = pushChannel();
    let authenticated = false;
    const setChannelOpen = (value: boolean) => {
      notifications.setOpen(value);
      setOpen(value);
    };
    const socket = new HocuspocusProviderWebsocket({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`,
      WebSocketPolyfill: ShortAddressWebSocket,
      messageReconnectTimeout: SILENT_RECONNECT_MS,
    });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: documentName,
      document: doc,
      awareness: null,
      token: async () => (await currentAccessToken()) ?? '',
      onAuthenticated: () => {
        authenticated = true;
        setChannelOpen(true);
      },
      // Refused (access taken away, the pipeline gone): the hub polls instead.
      onAuthenticationFailed: () => {
        authenticated = false;
        setChannelOpen(false);
      },
      onStatus: ({ status }) => {
        // Each reconnection authenticates again before it counts as open.
        if (status !== 'connected') authenticated = false;
        setChannelOpen(status === 'connected' && authenticated);
      },
      onStateless: ({ payload }) => {
        let message: unknown;
        try {
          message = JSON.parse(payload);
        } catch {
          return;
        }
        if (typeof message !== 'object' || message === null) return;
        const type = (message as { type?: unknown }).type;
        if (type === 'votes') receiveVotes(message);
        if (type === 'dashboard') receiveDashboard(message);
        if (type === 'notification') notifications.receive(message as { notification?: unknown });
      },
    });
    provider.attach();
    // As a board does: the browser knows first when the network goes.
    const goOffline = () => socket.disconnect();
    const goOnline = () => void socket.connect();
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    return () => {
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
      notifications.close();
      setOpen(false);
      provider.destroy();
      socket.destroy();
      doc.destroy();
    };
  }, [documentName]);
  return open;
}
