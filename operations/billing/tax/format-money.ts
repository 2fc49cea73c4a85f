/**
 * Money for people to read, from integer minor units: never through a float. The currency's
 * digits come from Intl (2 for EUR, 0 for JPY); the amount is split by BigInt division and handed
 * to Intl.NumberFormat as a decimal string, which it formats exactly.
 */
export function minorDigitsOf(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function decimalString(amountMinor: bigint, digits: number): string {
  const negative = amountMinor < 0n;
  const abs = negative ? -amountMinor : amountMinor;
  if (digits === 0) return `${negative ? '-' : ''}${abs}`;
  const scale = 10n ** BigInt(digits);
  return `${negative ? '-' : ''}${abs / scale}.${(abs % scale).toString().padStart(digits, '0')}`;
}

export function formatMoney(amountMinor: bigint | number, currency: string, locale = 'en-GB'): string {
  const code = currency.toUpperCase();
  const digits = minorDigitsOf(code);
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits });
  // ES2023 Intl.NumberFormat takes a decimal string as an exact value (Node ≥ 20).
  return format.format(decimalString(BigInt(amountMinor), digits) as unknown as number);
}

/** Basis points as a percentage for print ("19 %", "8.5 %"). */
export function formatRate(rateBp: number): string {
  return `${decimalString(BigInt(rateBp), 2).replace(/\.?0+$/, '')} %`;
}
