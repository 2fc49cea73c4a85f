import type { Queryable } from '../../platform/db/database.js';

/**
 * Asks for a destination's due deliveries to be sent (the worker's `deliveries.send` job),
 * inside the caller's transaction so the request exists exactly when the revival that needs it
 * commits. Built where the process is composed, from the job queue.
 *
 * Resolves false when the destination's queued send took the request instead. That send may start
 * before the caller's transaction commits and miss what it revived: the caller asks again once it
 * has committed (`tx` then being the database itself).
 */
export type RequestSend = (tx: Queryable, channel: string, destination: string) => Promise<boolean>;
