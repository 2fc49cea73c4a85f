import type { ListedDelivery } from '../../storage/delivery-listing.js';

/** A delivery as project admins see it. */
export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  /** The document the event is about (`<kind>:<project>:<id>`), or null for events outside documents. */
  documentName: string | null;
  entryId: string;
  channel: string;
  destination: string;
  destinationType: ListedDelivery['destinationType'];
  destinationName: string | null;
  status: ListedDelivery['status'];
  attempts: number;
  lastError: string | null;
  /** When it is next tried (pending ones). */
  notBefore: string;
  /** What the destination calls it (a message id, an issue key). */
  externalRef: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export function toDeliveryView(listed: ListedDelivery): DeliveryView {
  return {
    ...listed,
    notBefore: listed.notBefore.toISOString(),
    createdAt: listed.createdAt.toISOString(),
    deliveredAt: listed.deliveredAt?.toISOString() ?? null,
  };
}
