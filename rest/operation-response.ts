import type { Request, Response } from 'express';
import { z } from 'zod';
import { type Caller, callerFor } from '../operations/caller.js';
import type { OperationDeps } from '../operations/dependencies.js';
import type { Outcome } from '../operations/outcome.js';
import type { RestDependencies } from './dependencies.js';
import { sendData } from './envelope.js';

/** What operations get from a REST request: the dependencies and the authenticated caller. */
export function operationContext(req: Request, deps: RestDependencies): { ops: OperationDeps; caller: Caller } {
  const principal = req.auth?.principal;
  if (!principal) throw new Error('authenticate() must run before operations are called');
  return { ops: { db: deps.db, live: deps.live, events: deps.identity.events }, caller: callerFor(principal, deps.identity.verifier, deps.db) };
}

/** The operation's value, or its error thrown for the error handler to present. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** `If-Match` as the bare version (quotes and a weak `W/` prefix dropped), or undefined. */
export function ifMatchOf(req: Request): string | undefined {
  const header = req.get('if-match');
  if (header === undefined) return undefined;
  const value = header.trim().replace(/^W\//, '');
  return value === '*' ? '*' : value.replace(/^"(.*)"$/, '$1');
}

/** One item in the envelope, with its version as a strong ETag header. */
export function sendItem(res: Response, item: { etag: string }, status = 200): void {
  res.setHeader('ETag', `"${item.etag}"`);
  sendData(res, item, { status });
}

/** Query values of cursor pagination. */
export const cursorQuery = z.object({
  cursor: z.string().max(2_000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `true`/`false` in a query string. */
export const queryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');
