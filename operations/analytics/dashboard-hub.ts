import { EventEmitter } from 'node:events';
import { type DashboardCache, invalidateDashboards } from './dashboard-cache.js';

/**
 * "The numbers of these projects changed" (new rollups, an import, a vote): cached answers are
 * dropped and open dashboards are told to fetch again (the collab server pushes it on members'
 * sockets). In-process like the vote hub: with several processes, a worker's rollup reaches the
 * shared cache (Redis) but only its own process's sockets.
 */
export class DashboardHub {
  private readonly emitter = new EventEmitter();

  constructor(readonly cache: DashboardCache | undefined) {}

  async changed(projectIds: Iterable<string>): Promise<void> {
    const unique = [...new Set(projectIds)];
    if (unique.length === 0) return;
    await invalidateDashboards(this.cache, unique);
    for (const projectId of unique) this.emitter.emit('changed', projectId);
  }

  subscribe(listener: (projectId: string) => void): () => void {
    this.emitter.on('changed', listener);
    return () => this.emitter.off('changed', listener);
  }
}
