import { describe, expect, it } from 'vitest';
import { minorToText, parseMinor } from '../web/src/billing/invoices/money.js';

describe('amounts typed in the invoice forms', () => {
  it('become integer minor units through strings, never floats', () => {
    expect(parseMinor('12.5', 'eur')).toBe(1_250);
    expect(parseMinor('0.1', 'eur')! + parseMinor('0.2', 'eur')!).toBe(30);
    expect(parseMinor('1234,56', 'eur')).toBe(123_456);
    expect(parseMinor(' 7 ', 'usd')).toBe(700);
    expect(parseMinor('1500', 'jpy')).toBe(1_500);
    expect(minorToText(123_456, 'eur')).toBe('1234.56');
    expect(minorToText(5, 'eur')).toBe('0.05');
    expect(minorToText(1_500, 'jpy')).toBe('1500');
  });

  it('refuses what the server would refuse', () => {
    for (const text of ['', '0', '0.00', '-5', '1.234', '1e3', 'abc', '15.5', '10000000000.01']) {
      expect(parseMinor(text, text === '15.5' ? 'jpy' : 'eur'), text).toBeNull();
    }
  });
});
