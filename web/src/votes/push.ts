import { z } from 'zod';
import { type Aggregate, VOTE_ITEM_TYPES, type VoteItemType } from './types.js';

/**
 * Live vote aggregates in this page. When a vote lands the server sends
 * `{type: 'votes', projectId, itemId, itemType, aggregate}` on every open document connection of
 * each project member (collab/extensions/vote-push.ts); whichever connection carries it hands it
 * here (an open document in collab.ts, or the hub's own channel in live-channel.ts), and the hub
 * listens. Copies come once per connection and may arrive out of order: listeners keep the highest
 * `aggregate.version`.
 */
export interface PushedVotes {
  projectId: string;
  itemId: string;
  itemType: VoteItemType;
  aggregate: Aggregate;
}

const count = z.number().int().min(0);
/** Checked, not trusted: a malformed message is dropped rather than drawn as numbers. */
const pushedVotes = z.object({
  projectId: z.string(),
  itemId: z.string(),
  itemType: z.enum(VOTE_ITEM_TYPES),
  aggregate: z.object({
    count,
    mean: z.number().nullable(),
    distribution: z.object({ '1': count, '2': count, '3': count, '4': count, '5': count }),
    sentiment: z.object({ feedbackCount: count, meanScore: z.number().nullable(), meanComparative: z.number().nullable() }),
    version: count,
    updatedAt: z.string().nullable(),
  }),
});

type Listener = (pushed: PushedVotes) => void;
const listeners = new Set<Listener>();

export function onVotesPush(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A stateless message of type 'votes', from any connection. */
export function receiveVotes(message: unknown): void {
  const parsed = pushedVotes.safeParse(message);
  if (!parsed.success) return;
  const { projectId, itemId, itemType, aggregate } = parsed.data;
  listeners.forEach((listener) => listener({ projectId, itemId, itemType, aggregate }));
}
