import { api } from '../api.js';
import type { CardSetup, InvoiceView, PaymentMethodView, PaymentView, SubscriptionView } from './types.js';

const q = (projectId: string) => `projectId=${encodeURIComponent(projectId)}`;

/** The billing endpoints, one function each; errors are the api client's RequestFailed. */
export const billingApi = {
  /** The cards, and the publishable key Stripe.js needs (null: the server has none). */
  methods: async (projectId: string) => {
    const reply = await api<PaymentMethodView[]>('GET', `/api/payments/methods?${q(projectId)}`);
    const key = (reply.meta as { publishableKey?: unknown } | undefined)?.publishableKey;
    return { methods: reply.data, publishableKey: typeof key === 'string' ? key : null };
  },
  startSetup: async (projectId: string) => (await api<CardSetup>('POST', '/api/payments/methods', { projectId })).data,
  confirmSetup: async (projectId: string, setupIntentId: string) => (await api<PaymentMethodView>('POST', '/api/payments/methods/confirm', { projectId, setupIntentId })).data,
  makeDefault: async (projectId: string, id: string) => (await api<PaymentMethodView[]>('PUT', `/api/payments/methods/${encodeURIComponent(id)}/default`, { projectId })).data,
  remove: async (projectId: string, id: string) => (await api<{ id: string }>('DELETE', `/api/payments/methods/${encodeURIComponent(id)}?${q(projectId)}`)).data,
  /** One key per click: a retried request (a lost answer) pays once. */
  payInvoice: async (projectId: string, invoiceId: string, idempotencyKey: string) => (await api<PaymentView>('POST', '/api/payments/process', { projectId, invoiceId }, { 'Idempotency-Key': idempotencyKey })).data,
  subscription: async (projectId: string) => (await api<SubscriptionView>('GET', `/api/billing/subscription?${q(projectId)}`)).data,
  changePlan: async (projectId: string, plan: string) => (await api<SubscriptionView>('PUT', '/api/billing/subscription', { projectId, plan })).data,
  cancelPlan: async (projectId: string) => (await api<SubscriptionView>('DELETE', `/api/billing/subscription?${q(projectId)}`)).data,
  invoices: async (projectId: string) => (await api<InvoiceView[]>('GET', `/api/invoices?${q(projectId)}&limit=50`)).data,
  pdfUrl: (invoiceId: string) => `/api/invoices/${encodeURIComponent(invoiceId)}/pdf`,
};
