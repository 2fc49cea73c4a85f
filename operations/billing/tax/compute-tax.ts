/**
 * Tax on an invoice, in integers only. The rate is in basis points (1 % = 100); the tax on a
 * subtotal of minor units is `subtotal × bp / 10 000`, rounded half up to a whole minor unit
 * (0.5 cent and above rounds up; amounts are never negative, so "half up" and "half away from
 * zero" agree). BigInt keeps every step exact whatever the amounts.
 */

/** EU member states (ISO 3166-1 alpha-2; Greece as GR, as Stripe and ISO write it). */
export const EU_COUNTRIES: ReadonlySet<string> = new Set(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']);

export interface TaxSettings {
  sellerCountry: string;
  /** Rate per buyer country in basis points; a country not listed is taxed at 0. */
  ratesBp: Readonly<Record<string, number>>;
}

export interface Buyer {
  /** ISO alpha-2, or null when the account has none (no tax computed). */
  country: string | null;
  /** A VAT / tax id: the buyer is a business. */
  taxId: string | null;
}

export interface TaxDecision {
  rateBp: number;
  /** The country whose rate applies (null: no country, nothing computed). */
  country: string | null;
  /** B2B across EU borders: the buyer accounts for the VAT; we charge 0 and say so on the invoice. */
  reverseCharge: boolean;
}

/**
 * Which rate applies. A business buyer (tax id) in another EU country than the seller: reverse
 * charge, 0. Otherwise the buyer country's rate from the table (destination principle for
 * services to consumers; the seller's own country for domestic sales), 0 when not listed.
 */
export function decideTax(settings: TaxSettings, buyer: Buyer): TaxDecision {
  if (!buyer.country) return { rateBp: 0, country: null, reverseCharge: false };
  const taxId = buyer.taxId?.trim() ?? '';
  if (taxId !== '' && buyer.country !== settings.sellerCountry && EU_COUNTRIES.has(buyer.country) && EU_COUNTRIES.has(settings.sellerCountry)) {
    return { rateBp: 0, country: buyer.country, reverseCharge: true };
  }
  return { rateBp: settings.ratesBp[buyer.country] ?? 0, country: buyer.country, reverseCharge: false };
}

/** `amount × rateBp / 10 000`, rounded half up, exactly. */
export function taxOf(amountMinor: bigint, rateBp: number): bigint {
  if (amountMinor < 0n) throw new RangeError('amounts are never negative');
  if (!Number.isInteger(rateBp) || rateBp < 0) throw new RangeError('a rate is whole non-negative basis points');
  return (amountMinor * BigInt(rateBp) + 5_000n) / 10_000n;
}
