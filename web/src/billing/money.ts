/** Currencies without minor units: their amounts are shown as they are. */
const ZERO_DECIMAL = new Set(['jpy', 'krw', 'vnd', 'clp', 'isk', 'huf', 'xof', 'xaf']);

/** An integer amount in minor units as text ("12.34 EUR"), by integer arithmetic only: money never passes through floating point. */
export function moneyText(amountMinor: number, currency: string): string {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL.has(currency)) return `${amountMinor} ${code}`;
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${code}`;
}
