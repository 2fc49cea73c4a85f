import type { Connection, connectedPayload } from '@hocuspocus/server';
import type { CollabContext } from './context.js';

/**
 * The open document connections of each signed-in person, kept current as they connect and
 * close: how the server reaches a person over sockets they already have (notifications, votes).
 * API keys' connections are not kept: nothing personal is sent to them.
 */
export class ConnectionsByUser {
  private readonly byUser = new Map<string, Set<Connection<CollabContext>>>();

  track({ connection, context }: Pick<connectedPayload<CollabContext>, 'connection' | 'context'>): void {
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

  get empty(): boolean {
    return this.byUser.size === 0;
  }

  of(userId: string): Iterable<Connection<CollabContext>> {
    return this.byUser.get(userId) ?? [];
  }
}
