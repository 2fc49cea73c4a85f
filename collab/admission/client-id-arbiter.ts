import type { Cache } from '../../platform/cache/cache.js';

/**
 * Whose a client id of a document is, decided once for the whole deployment: the first instance
 * to ask for an id sets it for the person who announced it there, and every later ask, on any
 * instance, answers that person. Without it, two instances that each heard a different person
 * announce the same id first (one of them just loading the document, before the other's presence
 * reached it) would each set it aside for their own, and the one who wrote first would keep it.
 * Answers `owner` when the id was free (it is now theirs).
 */
export type ClientIdArbiter = (documentName: string, client: number, owner: string) => Promise<string>;

/** An id matters until its person writes under it (then the stored claim decides): a day is plenty. */
export const CLIENT_ID_RESERVATION_SECONDS = 24 * 60 * 60;

/** How long presence waits for the answer before deciding here alone (Redis slow or gone: the cache answers `owner` itself on an error). */
export const ARBITER_ANSWER_MS = 1_000;

/** The arbiter in the shared cache (Redis: SET NX, then GET). */
export function cacheArbiter(cache: Cache): ClientIdArbiter {
  return (documentName, client, owner) => cache.setIfAbsent(`client-id:${documentName}:${client}`, owner, CLIENT_ID_RESERVATION_SECONDS);
}

/** The arbiter's answer, or `owner` when it does not come within `ARBITER_ANSWER_MS`. */
export async function arbitrate(arbiter: ClientIdArbiter, documentName: string, client: number, owner: string): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(owner), ARBITER_ANSWER_MS);
    timer.unref();
  });
  try {
    return await Promise.race([arbiter(documentName, client, owner), late]);
  } finally {
    clearTimeout(timer);
  }
}
