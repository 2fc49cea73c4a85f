/**
 * Workloads 8 and 9 (ours only: the baselines have no REST API): the Kanban boards over
 * `/api/tasks` (issue 10).
 *   8. Task moves on one board while 50 providers watch it: moves/s at a fixed concurrency, REST
 *      latency, and the time until every watcher saw each move.
 *   9. `GET /api/tasks` over a project of 100 boards × 1,000 cards, with no document loaded and
 *      with every board open: the list reads the projection, so both must cost the same.
 */
export { type TaskMovesResult, taskMoves } from './task-moves.js';
export { LIST_QUERIES, type TaskListingResult, taskListing } from './task-listing.js';
export type { ListTiming } from './task-api.js';
