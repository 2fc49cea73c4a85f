import { z } from 'zod';
import type { DeliveryView } from '../../operations/deliveries/delivery-view.js';

const STATUSES = ['pending', 'sending', 'delivered', 'dead'] as const;

export const listDeliveriesQuery = z.object({
  status: z.enum(STATUSES).optional(),
  channel: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a channel kind (discord, slack, jira, email)').optional(),
  /** Only this integration's deliveries. */
  integrationId: z.uuid().optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const retryDeadBody = z.object({ integrationId: z.uuid() }).strict();

export const deliveryResponse = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  eventType: z.string(),
  /** `<kind>:<projectId>:<documentId>`, null for events outside documents. */
  documentName: z.string().nullable(),
  entryId: z.string(),
  channel: z.string(),
  /** An integration id, or a person's id for per-person channels. */
  destination: z.string(),
  destinationType: z.enum(['integration', 'person', 'gone']),
  destinationName: z.string().nullable(),
  status: z.enum(STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  notBefore: z.iso.datetime(),
  externalRef: z.string().nullable(),
  createdAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
});
/** Newest first; `next` is the cursor of the following page (null: none). */
export const deliveryPageResponse = z.object({ items: z.array(deliveryResponse), next: z.string().nullable() });
export const retriedDeadResponse = z.object({ revived: z.number().int(), remaining: z.number().int() });

export function presentDelivery(view: DeliveryView): z.output<typeof deliveryResponse> {
  return view;
}
