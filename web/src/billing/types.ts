/** What the billing endpoints answer (see rest/billing/payment-schemas.ts and the invoices API). */
export interface PaymentMethodView {
  id: string;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  isDefault: boolean;
}

export interface PaymentView {
  id: string;
  status: 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'succeeded' | 'failed' | 'canceled';
  clientSecret?: string;
  nextAction?: Record<string, unknown>;
  failureReason: string | null;
  invoiceId: string | null;
  amountMinor: number;
  currency: string;
}

export interface SubscriptionView {
  plan: string;
  status: string;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  limits: { seats: number | null; storageBytes: number | null };
  plans: { name: string; paid: boolean; seats: number | null; storageBytes: number | null }[];
}

export interface InvoiceView {
  id: string;
  displayNumber: string;
  status: 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';
  currency: string;
  totalMinor: number;
  amountDueMinor: number;
  lastPaymentError: string | null;
  issuedAt: string | null;
  dueAt: string | null;
  paidAt: string | null;
}

export interface CardSetup {
  setupIntentId: string;
  clientSecret: string;
  publishableKey: string | null;
}
