import type { Extension, connectedPayload } from '@hocuspocus/server';
import type { VoteHub, VoteLanded } from '../../operations/votes/vote-hub.js';
import type { Logger } from '../../platform/logger.js';
import { ConnectionsByUser } from '../connections-by-user.js';
import type { CollabContext } from '../context.js';

/** The stateless message an open dashboard receives when a vote lands: the item's new aggregate. */
export interface VotesMessage extends VoteLanded {
  type: 'votes';
}

/** How long landed votes gather before one member lookup sends them (a burst of votes is one lookup, each item once). */
const GATHER_MS = 50;

/**
 * Live vote aggregates over the sockets people already have, like NotificationPush: when a vote
 * lands, each member of its project with an open document connection (to any document: a
 * dashboard need not have the pipeline open) gets the item's new aggregate as a stateless message
 * on each of them. Membership is read when the message goes, so someone removed a moment ago is
 * not told. API keys' connections get nothing. Of several votes on one item within the gathering
 * window only the newest aggregate (highest version) is sent.
 */
export class VotePush implements Extension {
  priority = 390;
  private readonly connections = new ConnectionsByUser();
  private readonly pending = new Map<string, Map<string, VoteLanded>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly unsubscribe: () => void;

  constructor(
    hub: VoteHub,
    private readonly membersOf: (projectId: string) => Promise<string[]>,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = hub.subscribe((landed) => this.gather(landed));
  }

  private gather(landed: VoteLanded): void {
    // Nobody is connected: nothing to look up or send.
    if (this.connections.empty) return;
    const items = this.pending.get(landed.projectId);
    const key = `${landed.itemId}:${landed.itemType}`;
    if (items) {
      const held = items.get(key);
      if (!held || held.aggregate.version < landed.aggregate.version) items.set(key, landed);
      return;
    }
    this.pending.set(landed.projectId, new Map([[key, landed]]));
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.send(landed.projectId).catch((error: unknown) => this.logger.warn({ err: error, projectId: landed.projectId }, 'could not push vote aggregates'));
    }, GATHER_MS);
    this.timers.add(timer);
  }

  private async send(projectId: string): Promise<void> {
    const items = this.pending.get(projectId);
    this.pending.delete(projectId);
    if (!items) return;
    const members = await this.membersOf(projectId);
    const messages = [...items.values()].map((landed) => JSON.stringify({ type: 'votes', ...landed } satisfies VotesMessage));
    for (const userId of members) {
      for (const connection of this.connections.of(userId)) for (const message of messages) connection.sendStateless(message);
    }
  }

  async connected(payload: connectedPayload<CollabContext>): Promise<void> {
    this.connections.track(payload);
  }

  async onDestroy(): Promise<void> {
    this.unsubscribe();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.pending.clear();
  }
}
