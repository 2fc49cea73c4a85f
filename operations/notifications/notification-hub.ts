import { EventEmitter } from 'node:events';
import type { Notification } from './notification.js';

/**
 * New in-app notifications, for whoever shows them live (the collab server pushes them to the
 * person's open sockets). In-process: a worker running in another process leaves the push to the
 * next poll of the web client.
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
