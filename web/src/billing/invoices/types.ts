/** What the REST API answers about billing settings and invoices (rest/billing/*-schemas.ts), as the browser reads it. */

export interface BillingAccount {
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

export interface InvoiceLine {
  description: string;
  quantity: number;
  unitAmountMinor: number;
  amountMinor: number;
}

export interface Invoice {
  id: string;
  projectId: string;
  number: number;
  displayNumber: string;
  status: 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';
  currency: string;
  subtotalMinor: number;
  taxRateBp: number;
  taxMinor: number;
  totalMinor: number;
  amountPaidMinor: number;
  amountDueMinor: number;
  reverseCharge: boolean;
  taxCountry: string | null;
  lines: InvoiceLine[];
}

/** The server's lists (operations/billing/invoices/limits.ts); the server checks again. */
export const CURRENCIES = ['eur', 'usd', 'gbp', 'chf', 'sek', 'dkk', 'nok', 'pln', 'czk', 'jpy'] as const;
export const MAX_LINES = 100;
export const MAX_DESCRIPTION = 500;
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;
