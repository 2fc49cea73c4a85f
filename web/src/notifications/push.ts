/**
 * Live notifications in this page. The server pushes a new notification as a stateless message
 * on each of the person's open document connections (collab/extensions/notification-push.ts);
 * whichever board is open hands it here, and the bell and the inbox listen. With no document
 * open there is no socket: the bell polls instead (see useUnreadCount).
 */
export interface PushedNotification {
  id: string;
  readAt: string | null;
}

type Listener = (notification: PushedNotification) => void;

const listeners = new Set<Listener>();
const openChannels = new Set<object>();
const channelListeners = new Set<() => void>();

export function onNotificationPush(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether some document connection of this page is open now (pushes can arrive). */
export function pushChannelOpen(): boolean {
  return openChannels.size > 0;
}

export function onPushChannelChange(listener: () => void): () => void {
  channelListeners.add(listener);
  return () => channelListeners.delete(listener);
}

function isPushed(value: unknown): value is PushedNotification {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

/** One document connection as a channel for pushes: told when it opens and closes, and handed what it receives. */
export function pushChannel() {
  const token = {};
  const setOpen = (open: boolean) => {
    const was = openChannels.has(token);
    if (open) openChannels.add(token);
    else openChannels.delete(token);
    if (was !== open) channelListeners.forEach((listener) => listener());
  };
  return {
    setOpen,
    /** A stateless message of type 'notification'. Each connection of this page gets it: listeners count it once by id. */
    receive(message: { notification?: unknown }) {
      if (isPushed(message.notification)) listeners.forEach((listener) => listener(message.notification as PushedNotification));
    },
    close: () => setOpen(false),
  };
}
