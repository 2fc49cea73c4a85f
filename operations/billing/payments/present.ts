import type { PaymentMethod } from '../../../storage/billing/payment-methods.js';
import type { Payment } from '../../../storage/billing/payments.js';
import type { ProviderPayment } from './payment-provider.js';

export interface PaymentView {
  id: string;
  status: Payment['status'];
  /** For Stripe.js to finish 3-D Secure (`handleNextAction`), while the payment requires action. */
  clientSecret?: string;
  nextAction?: Record<string, unknown>;
  failureReason: string | null;
  invoiceId: string | null;
  amountMinor: number;
  currency: string;
  createdAt: string;
}

export function presentPayment(payment: Payment, live?: ProviderPayment | null): PaymentView {
  const action = payment.status === 'requires_action' && live?.status === 'requires_action';
  return {
    id: payment.id,
    status: payment.status,
    ...(action && live.clientSecret ? { clientSecret: live.clientSecret } : {}),
    ...(action && live.nextAction ? { nextAction: live.nextAction } : {}),
    failureReason: payment.failureReason,
    invoiceId: payment.invoiceId,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    createdAt: payment.createdAt.toISOString(),
  };
}

export interface PaymentMethodView {
  id: string;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  isDefault: boolean;
}

export const presentPaymentMethod = (method: PaymentMethod): PaymentMethodView => ({
  id: method.id,
  brand: method.brand,
  last4: method.last4,
  expMonth: method.expMonth,
  expYear: method.expYear,
  isDefault: method.isDefault,
});
