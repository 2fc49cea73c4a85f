import { EventEmitter } from 'node:events';
import type { Aggregate, VoteItemType } from './vote.js';

/** An item's aggregate after a vote landed: what open dashboards of its project are sent. */
export interface VoteLanded {
  projectId: string;
  itemId: string;
  itemType: VoteItemType;
  aggregate: Aggregate;
}

/**
 * Aggregates changed by votes, for whoever shows them live (the collab server pushes them to the
 * project's members on their open sockets). In-process, like the notification hub; with Redis the
 * process bus relays each aggregate to the other instances' sockets.
 */
export class VoteHub {
  private readonly emitter = new EventEmitter();

  publish(landed: VoteLanded): void {
    this.emitter.emit('vote', landed);
  }

  subscribe(listener: (landed: VoteLanded) => void): () => void {
    this.emitter.on('vote', listener);
    return () => this.emitter.off('vote', listener);
  }
}
