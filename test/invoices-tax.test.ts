import { describe, expect, it } from 'vitest';
import { decideTax, taxOf } from '../operations/billing/tax/compute-tax.js';
import { decimalString, formatMoney, formatRate } from '../operations/billing/tax/format-money.js';
import { totalInvoice } from '../operations/billing/tax/invoice-totals.js';
import { DEFAULT_TAX_RATES_BP, parseConfig } from '../platform/config.js';

const settings = { sellerCountry: 'DE', ratesBp: DEFAULT_TAX_RATES_BP };

describe('tax decisions', () => {
  it('taxes a consumer at their country’s rate, a domestic business at the seller’s', () => {
    expect(decideTax(settings, { country: 'FR', taxId: null })).toEqual({ rateBp: 2000, country: 'FR', reverseCharge: false });
    expect(decideTax(settings, { country: 'DE', taxId: 'DE123456789' })).toEqual({ rateBp: 1900, country: 'DE', reverseCharge: false });
  });

  it('reverse-charges a business with a tax id in another EU country', () => {
    expect(decideTax(settings, { country: 'NL', taxId: 'NL123456789B01' })).toEqual({ rateBp: 0, country: 'NL', reverseCharge: true });
    // A blank tax id is no tax id: a consumer.
    expect(decideTax(settings, { country: 'NL', taxId: '  ' })).toEqual({ rateBp: 2100, country: 'NL', reverseCharge: false });
  });

  it('charges nothing outside the table and without a country, and never reverse-charges outside the EU', () => {
    expect(decideTax(settings, { country: 'US', taxId: '12-3456789' })).toEqual({ rateBp: 0, country: 'US', reverseCharge: false });
    expect(decideTax(settings, { country: null, taxId: null })).toEqual({ rateBp: 0, country: null, reverseCharge: false });
    expect(decideTax({ sellerCountry: 'US', ratesBp: DEFAULT_TAX_RATES_BP }, { country: 'FR', taxId: 'FR123' })).toMatchObject({ reverseCharge: false, rateBp: 2000 });
  });
});

describe('tax amounts, in integers', () => {
  it('rounds half up on minor units', () => {
    // 0.5 cent exactly: 250 × 2% = 5.0; 25 × 2% = 0.5 → 1; 24 × 2% = 0.48 → 0; 1 × 19% = 0.19 → 0; 3 × 19% = 0.57 → 1
    expect(taxOf(250n, 200)).toBe(5n);
    expect(taxOf(25n, 200)).toBe(1n);
    expect(taxOf(24n, 200)).toBe(0n);
    expect(taxOf(1n, 1900)).toBe(0n);
    expect(taxOf(3n, 1900)).toBe(1n);
    expect(taxOf(10_050n, 1900)).toBe(1_910n); // 1909.5 → 1910
    expect(taxOf(0n, 1900)).toBe(0n);
  });

  it('stays exact far past 2^53', () => {
    const big = 9_007_199_254_740_993n; // 2^53 + 1: a float would lose the last digit
    expect(taxOf(big * 10_000n, 1900)).toBe(big * 1_900n);
  });

  it('refuses negative amounts and fractional rates', () => {
    expect(() => taxOf(-1n, 1900)).toThrow(RangeError);
    expect(() => taxOf(1n, 19.5)).toThrow(RangeError);
  });

  it('totals lines, then taxes the subtotal', () => {
    const totals = totalInvoice([{ description: 'a', quantity: 3, unitAmountMinor: 333 }, { description: 'b', quantity: 1, unitAmountMinor: 1 }], 1900);
    expect(totals.lines.map((line) => line.amountMinor)).toEqual([999n, 1n]);
    expect([totals.subtotalMinor, totals.taxMinor, totals.totalMinor]).toEqual([1_000n, 190n, 1_190n]);
  });
});

describe('money for print', () => {
  it('formats minor units per currency without floats', () => {
    expect(decimalString(123_456n, 2)).toBe('1234.56');
    expect(decimalString(5n, 2)).toBe('0.05');
    expect(formatMoney(123_456n, 'eur')).toBe('€1,234.56');
    expect(formatMoney(5, 'usd')).toBe('US$0.05');
    expect(formatMoney(1_500n, 'jpy')).toBe('JP¥1,500');
    // 2^53 + 1 cents printed to the cent.
    expect(formatMoney(9_007_199_254_740_993n, 'eur')).toBe('€90,071,992,547,409.93');
    expect([formatRate(1900), formatRate(850), formatRate(0)]).toEqual(['19 %', '8.5 %', '0 %']);
  });
});

describe('the rate table in config', () => {
  const base = { NODE_ENV: 'test' };
  it('has defaults, takes JSON, and refuses what is not a table of basis points', () => {
    expect(parseConfig(base).invoices).toMatchObject({ seller: { country: 'DE' }, taxRatesBp: { DE: 1900, FR: 2000 } });
    expect(parseConfig({ ...base, BILLING_TAX_RATES: '{"DE":700}', BILLING_SELLER_COUNTRY: 'AT', BILLING_SELLER_ADDRESS: 'Ring 1|1010 Wien' }).invoices).toEqual({
      seller: { country: 'AT', name: 'Studio Sync', addressLines: ['Ring 1', '1010 Wien'] },
      taxRatesBp: { DE: 700 },
    });
    expect(() => parseConfig({ ...base, BILLING_TAX_RATES: 'nope' })).toThrow(/BILLING_TAX_RATES must be JSON/);
    expect(() => parseConfig({ ...base, BILLING_TAX_RATES: '{"DE":19.5}' })).toThrow(/BILLING_TAX_RATES/);
    expect(() => parseConfig({ ...base, BILLING_TAX_RATES: '{"germany":1900}' })).toThrow(/BILLING_TAX_RATES/);
    expect(() => parseConfig({ ...base, BILLING_SELLER_COUNTRY: 'de' })).toThrow(/BILLING_SELLER_COUNTRY/);
  });
});
