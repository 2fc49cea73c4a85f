import { recordAudit } from '../../../identity/audit.js';
import type { Queryable } from '../../../platform/db/database.js';
import { type PaymentMethod, saveCard } from '../../../storage/billing/payment-methods.js';
import type { ProviderCard } from './payment-provider.js';

/**
 * Stores a card as Stripe describes it (fetched from Stripe, never as a browser sent it), in the
 * caller's transaction; a card stored already (the confirm and the webhook of one setup) is kept as it is.
 */
export async function storeSetupCard(
  tx: Queryable,
  projectId: string,
  card: ProviderCard,
  origin: { createdBy: string | null; actor: { actorUserId: string | null; actorApiKeyId: string | null }; ip?: string | undefined },
): Promise<PaymentMethod> {
  const last4 = card.last4 && /^[0-9]{4}$/.test(card.last4) ? card.last4 : null;
  const expMonth = card.expMonth !== null && card.expMonth >= 1 && card.expMonth <= 12 ? card.expMonth : null;
  const { method, created } = await saveCard(tx, { projectId, providerMethodId: card.id, brand: card.brand?.slice(0, 40) ?? null, last4, expMonth, expYear: card.expYear, createdBy: origin.createdBy });
  if (created) await recordAudit(tx, { action: 'billing.payment_method_added', projectId, ...origin.actor, target: method.id, details: { brand: method.brand, last4: method.last4 }, ip: origin.ip ?? null });
  return method;
}
