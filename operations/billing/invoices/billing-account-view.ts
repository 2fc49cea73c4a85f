import type { BillingAccount } from '../../../storage/billing/billing-accounts.js';

/** The account's settings as the API shows them. */
export interface BillingAccountView {
  projectId: string;
  legalName: string | null;
  email: string | null;
  address: string | null;
  country: string | null;
  taxId: string | null;
  currency: string;
  logoAssetId: string | null;
  brandColor: string | null;
  invoicePrefix: string;
  milestoneStage: string | null;
  milestoneAmountMinor: number | null;
  updatedAt: string;
}

export function toBillingAccountView(account: BillingAccount): BillingAccountView {
  const { createdAt: _created, stripeCustomerId: _customer, updatedAt, ...fields } = account;
  return { ...fields, updatedAt: updatedAt.toISOString() };
}
