import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Exports are a person's own: API keys (which act for a project, not a person) have none. */
export function exportOwner(caller: Caller): Outcome<string> {
  if (caller.principal.type !== 'user') return fail('FORBIDDEN', 'Data exports are for people signed in, not API keys.');
  return ok(caller.principal.user.id);
}

/** An export id as stored (lower case), or null when it is not one: it then reads as not found. */
export function exportIdOf(id: string): string | null {
  return UUID.test(id) ? id.toLowerCase() : null;
}
