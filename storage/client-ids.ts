import type { Queryable } from '../platform/db/database.js';
import type { SqlParameters } from '../platform/db/sql-parameters.js';

/** The owner of the ids the server writes with (seeds, repairs, server-side edits). */
export const SERVER_OWNER = 'server';

/** One client id of a document and who introduced it. */
export interface ClientIdClaim {
  name: string;
  client: number;
  owner: string;
  claimedAt: Date;
}

export async function loadClientIdOwners(db: Queryable, name: string): Promise<ClientIdClaim[]> {
  const { rows } = await db.query<{ client_id: string; owner: string; claimed_at: Date }>(
    'SELECT client_id, owner, claimed_at FROM document_client_ids WHERE document_name = $1',
    [name],
  );
  return rows.map((row) => ({ name, client: Number(row.client_id), owner: row.owner, claimedAt: row.claimed_at }));
}

/**
 * A common table expression recording claims as arrays (any number in one statement). The first
 * claim of an id wins: a later one for the same id (another instance racing) changes nothing.
 */
export function clientIdClaims(claims: readonly ClientIdClaim[], params: SqlParameters): string {
  return `claimed AS (
    INSERT INTO document_client_ids (document_name, client_id, owner, claimed_at)
    SELECT * FROM unnest(${params.add(claims.map((c) => c.name))}::text[], ${params.add(claims.map((c) => String(c.client)))}::bigint[], ${params.add(claims.map((c) => c.owner))}::text[], ${params.add(claims.map((c) => c.claimedAt.toISOString()))}::timestamptz[])
    ON CONFLICT DO NOTHING
    RETURNING 1)`;
}
