import type { Extension, connectedPayload } from '@hocuspocus/server';
import type { NotificationHub } from '../../operations/notifications/notification-hub.js';
import type { Notification } from '../../operations/notifications/notification.js';
import { ConnectionsByUser } from '../connections-by-user.js';
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
  private readonly connections = new ConnectionsByUser();
  private readonly unsubscribe: () => void;

  constructor(hub: NotificationHub) {
    this.unsubscribe = hub.subscribe((userId, notification) => {
      const message = JSON.stringify({ type: 'notification', notification } satisfies NotificationMessage);
      for (const connection of this.connections.of(userId)) connection.sendStateless(message);
    });
  }

  async connected(payload: connectedPayload<CollabContext>): Promise<void> {
    this.connections.track(payload);
  }

  async onDestroy(): Promise<void> {
    this.unsubscribe();
  }
}
