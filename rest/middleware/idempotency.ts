import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../platform/app-error.js';
import type { Database } from '../../platform/db/database.js';
import { completeIdempotencyKey, releaseIdempotencyKey, reserveIdempotencyKey } from '../../storage/idempotency-keys.js';

const KEY = /^[\x21-\x7e]{1,255}$/;
/** Response headers a replay repeats. */
const REPLAYED_HEADERS = ['etag', 'location'];

/**
 * `Idempotency-Key` on a POST: the first request with a key runs and its response (status,
 * body, ETag) is stored for 24 hours, per caller; a retry with the same key and the same request
 * gets that response again (`Idempotent-Replayed: true`) and changes nothing; the same key with
 * another request answers 422; a retry while the first still runs answers 409. A request that
 * fails on our side (5xx) leaves no record, so its retry runs.
 */
export function idempotent(db: Database) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const key = req.get('idempotency-key');
    if (key === undefined) return next();
    if (!KEY.test(key)) throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1–255 visible ASCII characters.', [{ path: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' }]);
    const principal = req.auth?.principal;
    if (!principal) throw new Error('authenticate() must run before idempotent()');
    const scope = principal.type === 'user' ? `user:${principal.user.id}` : `key:${principal.apiKeyId}`;
    const requestHash = createHash('sha256').update(`${req.method} ${req.baseUrl}${req.path}\n${JSON.stringify(req.query)}\n${JSON.stringify(req.body ?? null)}`).digest('hex');
    const reservation = await reserveIdempotencyKey(db, scope, key, requestHash);
    switch (reservation.outcome) {
      case 'mismatch':
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.');
      case 'in-progress':
        throw new AppError('IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still running; retry shortly.');
      case 'replay': {
        const { status, body, headers } = reservation.response;
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        res.setHeader('Idempotent-Replayed', 'true');
        res.status(status).json(body);
        return;
      }
      case 'reserved':
        break;
    }
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      const status = res.statusCode;
      // A failure that asks to be retried (5xx, a document reset under the change) is not replayed: the retry runs.
      const retryable = status >= 500 || (body as { error?: { code?: unknown } } | null)?.error?.code === 'DOCUMENT_RESET';
      const stored = !retryable
        ? completeIdempotencyKey(db, scope, key, { status, body, headers: Object.fromEntries(REPLAYED_HEADERS.flatMap((name) => (res.get(name) ? [[name, res.get(name)!]] : []))) })
        : releaseIdempotencyKey(db, scope, key);
      // The response waits for its record: a retry that arrives after it must find it.
      stored.then(
        () => send(body),
        (error: unknown) => {
          req.log.error({ err: error }, 'could not record an idempotent response');
          send(body);
        },
      );
      return res;
    };
    next();
  };
}
