import type { Extension, connectedPayload } from '@hocuspocus/server';
import type { DashboardHub } from '../../operations/analytics/dashboard-hub.js';
import type { Logger } from '../../platform/logger.js';
import { ConnectionsByUser } from '../connections-by-user.js';
import type { CollabContext } from '../context.js';

/** The stateless message an open dashboard receives when its project's numbers changed: fetch again. */
export interface DashboardMessage {
  type: 'dashboard';
  projectId: string;
}

/** Changes within this window are one message per project (a rollup pass touches many at once, votes come in bursts). */
const GATHER_MS = 250;

/**
 * Live dashboards over the sockets people already have, like VotePush: when a project's numbers
 * change, each member with an open document connection gets `{type: 'dashboard', projectId}` and
 * fetches the (fresh, uncached) numbers again. The message carries no numbers, so it reveals
 * nothing beyond "something changed"; membership is read when it goes.
 */
export class DashboardPush implements Extension {
  priority = 389;
  private readonly connections = new ConnectionsByUser();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    hub: DashboardHub,
    private readonly membersOf: (projectId: string) => Promise<string[]>,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = hub.subscribe((projectId) => this.gather(projectId));
  }

  private gather(projectId: string): void {
    if (this.connections.empty) return;
    this.pending.add(projectId);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      const projects = [...this.pending];
      this.pending.clear();
      for (const id of projects) this.send(id).catch((error: unknown) => this.logger.warn({ err: error, projectId: id }, 'could not push a dashboard change'));
    }, GATHER_MS);
  }

  private async send(projectId: string): Promise<void> {
    const message = JSON.stringify({ type: 'dashboard', projectId } satisfies DashboardMessage);
    for (const userId of await this.membersOf(projectId)) {
      for (const connection of this.connections.of(userId)) connection.sendStateless(message);
    }
  }

  async connected(payload: connectedPayload<CollabContext>): Promise<void> {
    this.connections.track(payload);
  }

  async onDestroy(): Promise<void> {
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}
