import type { OperationDeps } from '../dependencies.js';
import type { VoteHub } from './vote-hub.js';

/** What the vote operations use: the usual dependencies and the hub that tells open dashboards. */
export interface VoteDeps extends OperationDeps {
  votes: VoteHub;
}
