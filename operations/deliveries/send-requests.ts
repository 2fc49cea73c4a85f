import type { Queryable } from '../../platform/db/database.js';

/**
 * Asks for a destination's due deliveries to be sent (the worker's `deliveries.send` job),
 * inside the caller's transaction so the request exists exactly when the revival that needs it
 * commits. Built where the process is composed, from the job queue.
 */
export type RequestSend = (tx: Queryable, channel: string, destination: string) => Promise<void>;
