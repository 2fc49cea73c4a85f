import { z } from 'zod';
import type { DeliveryStatus } from '../../storage/deliveries.js';
import { type DeliveryCursor, listProjectDeliveries as readDeliveries } from '../../storage/delivery-listing.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { requireIntegrationManager } from '../integrations/integration-access.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type DeliveryView, toDeliveryView } from './delivery-view.js';

/** `c` is a timestamptz as PostgreSQL writes it (ISO DateStyle): anything else would fail the query, so it is refused here. */
const cursorShape = z.object({ c: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/), i: z.uuid() }).strict();

function readCursor(cursor: string): DeliveryCursor | null {
  try {
    const parsed = cursorShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { createdAt: parsed.c, id: parsed.i };
  } catch {
    return null;
  }
}

const writeCursor = (cursor: DeliveryCursor) => Buffer.from(JSON.stringify({ c: cursor.createdAt, i: cursor.id })).toString('base64url');

export interface ListDeliveriesInput {
  projectId: string;
  status?: DeliveryStatus | undefined;
  channel?: string | undefined;
  /** Only this integration's (or person's) deliveries. */
  destination?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** A project's deliveries, newest first, for those who manage its integrations. */
export async function listProjectDeliveries(deps: OperationDeps, caller: Caller, input: ListDeliveriesInput): Promise<Outcome<{ items: DeliveryView[]; next: string | null }>> {
  const access = await requireIntegrationManager(caller, input.projectId);
  if (!access.ok) return access;
  const after = input.cursor === undefined ? undefined : readCursor(input.cursor);
  if (after === null) return fail('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [{ path: 'cursor', message: 'invalid' }]);
  const page = await readDeliveries(deps.db, access.value.projectId, { status: input.status, channel: input.channel, destination: input.destination, limit: input.limit, after });
  return ok({ items: page.items.map(toDeliveryView), next: page.next ? writeCursor(page.next) : null });
}
