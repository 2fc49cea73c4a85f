import type { Connection, Extension, connectedPayload } from '@hocuspocus/server';
import type { NotificationHub } from '../../operations/notifications/notification-hub.js';
import type { Notification } from '../../operations/notifications/notification.js';
import type { CollabContext } from '../context.js';

export interface NotificationMessage {
  type: 'notification';
  notification: Notification;
}

/**
 * A person's channel over the WebSocket they already have: a new in-app notification is sent as
 * a stateless message on each of their open document connections (the web client shows one, and
 * counts it once by id). Nothing is sent to API keys' connections.
 */
export class NotificationPush implements Extension {
  priority = 400;
  private readonly byUser = new Map<string, Set<Connection<CollabContext>>>();
  private readonly unsubscribe: () => void;

  constructor(hub: NotificationHub) {
    this.unsubscribe = hub.subscribe((userId, notification) => {
      const message = JSON.stringify({ type: 'notification', notification } satisfies NotificationMessage);
      for (const connection of this.byUser.get(userId) ?? []) connection.sendStateless(message);
    });
  }

  async connected({ connection, context }: connectedPayload<CollabContext>): Promise<void> {
    if (context.principal.type !== 'user') return;
    const userId = context.principal.user.id;
    const set = this.byUser.get(userId) ?? new Set<Connection<CollabContext>>();
    set.add(connection);
    this.byUser.set(userId, set);
    connection.onClose(() => {
      set.delete(connection);
      if (set.size === 0 && this.byUser.get(userId) === set) this.byUser.delete(userId);
    });
  }

  async onDestroy(): Promise<void> {
    this.unsubscribe();
  }
}
