import { isUuid } from '../identity/projects.js';

/**
 * A UUID read from a URL, lower-cased here, once. PostgreSQL matches a uuid in any case, but
 * what compares strings afterwards does not: document names (and their CHECK constraint),
 * access events live connections follow, audit targets. Null when it is not a UUID at all:
 * the caller answers 404, as for an id that does not exist.
 */
export function uuidParam(value: unknown): string | null {
  return typeof value === 'string' && isUuid(value) ? value.toLowerCase() : null;
}
