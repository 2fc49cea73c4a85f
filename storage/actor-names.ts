import type { Queryable } from '../platform/db/database.js';

/**
 * Display names of actors as the change feed names them ('user:<uuid>', 'key:<uuid>', 'server'):
 * a person's name (their email when they have none, unless `emails: false`: for messages that
 * leave the studio), "API key <name>" for a key, "Studio" for the server. Two queries whatever the
 * number of actors; unknown ones read "Someone".
 */
export async function actorNames(db: Queryable, actors: Iterable<string>, options: { emails?: boolean } = {}): Promise<Map<string, string>> {
  const emails = options.emails ?? true;
  const users = new Set<string>();
  const keys = new Set<string>();
  for (const actor of actors) {
    const [kind, id] = actor.split(':');
    if (kind === 'user' && id) users.add(id);
    if (kind === 'key' && id) keys.add(id);
  }
  const names = new Map<string, string>([['server', 'Studio']]);
  // One after the other: `db` may be a transaction, or PGlite's single connection.
  if (users.size > 0) {
    const { rows } = await db.query<{ id: string; name: string; email: string }>('SELECT id::text AS id, name, email FROM users WHERE id::text = ANY($1::text[])', [[...users]]);
    for (const row of rows) {
      const name = row.name || (emails ? row.email : '');
      if (name) names.set(`user:${row.id}`, name);
    }
  }
  if (keys.size > 0) {
    const { rows } = await db.query<{ id: string; name: string }>('SELECT id::text AS id, name FROM api_keys WHERE id::text = ANY($1::text[])', [[...keys]]);
    for (const row of rows) names.set(`key:${row.id}`, `API key ${row.name}`);
  }
  return names;
}

export const nameOf = (names: ReadonlyMap<string, string>, actor: string): string => names.get(actor) ?? 'Someone';
