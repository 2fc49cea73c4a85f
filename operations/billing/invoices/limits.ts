/**
 * What an invoice may hold. Amounts are capped far below 2^53 (10^12 minor units: ten billion
 * euros), so a total with tax still fits a JS number exactly when presented as JSON.
 */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;
export const MAX_QUANTITY = 1_000_000;
export const MAX_LINES = 100;
export const MAX_DESCRIPTION = 500;
export const MAX_DUE_DAYS = 365;
export const DEFAULT_DUE_DAYS = 30;

/** Currencies invoices may be written in (lower case, as Stripe writes them). */
export const SUPPORTED_CURRENCIES = ['eur', 'usd', 'gbp', 'chf', 'sek', 'dkk', 'nok', 'pln', 'czk', 'jpy'] as const;
export type Currency = (typeof SUPPORTED_CURRENCIES)[number];
