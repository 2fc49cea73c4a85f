import { EventEmitter } from 'node:events';
import type { ProjectRole } from './roles.js';

/**
 * A member's role changed (`role` null: removed; their API keys follow them), an API key was
 * revoked, a project deleted, a document archived or a session ended (logout, refresh-token
 * reuse); the collab server closes or downgrades live connections. Emit after the change's
 * transaction commits, so a connection that re-checks sees the new state.
 */
export type AccessChange =
  | { type: 'member'; projectId: string; userId: string; role: ProjectRole | null }
  | { type: 'apiKeyRevoked'; projectId: string; apiKeyId: string }
  | { type: 'projectDeleted'; projectId: string }
  | { type: 'documentArchived'; projectId: string; documentName: string }
  /** Who may do what with one document changed (its member access or grants). */
  | { type: 'documentAccess'; projectId: string; documentName: string }
  /** A session spans every project, hence `projectId` null. */
  | { type: 'sessionEnded'; projectId: null; userId: string; sessionId: string };

/** In-process; with Redis the process bus relays them to every other instance (server/relay-hubs.ts). */
export class AccessEvents {
  private readonly emitter = new EventEmitter();

  emit(change: AccessChange): void {
    this.emitter.emit('change', change);
  }

  subscribe(listener: (change: AccessChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
