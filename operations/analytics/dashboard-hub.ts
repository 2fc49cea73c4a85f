import { EventEmitter } from 'node:events';
import { type DashboardCache, invalidateDashboards } from './dashboard-cache.js';

/**
 * "The numbers of these projects changed" (new rollups, an import, a vote): cached answers are
 * dropped and open dashboards are told to fetch again (the collab server pushes it on members'
 * sockets). In-process; with Redis, the process bus carries announcements to the other processes
 * (server/app.ts), so a worker's rollup reaches the sockets of the api and collab instances.
 */
export class DashboardHub {
  private readonly emitter = new EventEmitter();

  constructor(readonly cache: DashboardCache | undefined) {}

  async changed(projectIds: Iterable<string>): Promise<void> {
    const unique = [...new Set(projectIds)];
    if (unique.length === 0) return;
    await invalidateDashboards(this.cache, unique);
    for (const projectId of unique) this.announce(projectId);
  }

  /** Tells open dashboards only: another process changed the numbers and dropped the (shared) cached answers. */
  announce(projectId: string): void {
    this.emitter.emit('changed', projectId);
  }

  subscribe(listener: (projectId: string) => void): () => void {
    this.emitter.on('changed', listener);
    return () => this.emitter.off('changed', listener);
  }
}
