import { EventEmitter } from 'node:events';
import type { Notification } from './notification.js';

/**
 * New in-app notifications, for whoever shows them live (the collab server pushes them to the
 * person's open sockets). In-process; with Redis the process bus relays it to the other processes
 * (server/relay-hubs.ts), so a worker's notification reaches sockets on the web instances. Without
 * Redis, a worker in another process leaves the push to the web client's next poll.
 */
export class NotificationHub {
  private readonly emitter = new EventEmitter();

  publish(userId: string, notification: Notification): void {
    this.emitter.emit('notification', userId, notification);
  }

  subscribe(listener: (userId: string, notification: Notification) => void): () => void {
    this.emitter.on('notification', listener);
    return () => this.emitter.off('notification', listener);
  }
}
