/**
 * Amounts typed by people ("1234.5") to integer minor units and back, by string and BigInt only:
 * 0.1 + 0.2 never happens to an invoice.
 */
export function minorDigitsOf(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "12.5" in EUR → 1250; null when it is not a plain positive decimal with at most the currency's digits. */
export function parseMinor(text: string, currency: string): number | null {
  const digits = minorDigitsOf(currency);
  const match = /^(\d{1,13})(?:[.,](\d+))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  const minor = BigInt(match[1]!) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  return minor > 0n && minor <= 1_000_000_000_000n ? Number(minor) : null;
}

/** 1250 → "12.50", for an input's value. */
export function minorToText(minor: number, currency: string): string {
  const digits = minorDigitsOf(currency);
  if (digits === 0) return String(minor);
  const scale = 10n ** BigInt(digits);
  const value = BigInt(minor);
  return `${value / scale}.${(value % scale).toString().padStart(digits, '0')}`;
}

/** 1250 in EUR → "€12.50". */
export function formatMinor(minor: number, currency: string): string {
  const code = currency.toUpperCase();
  const digits = minorDigitsOf(code);
  // A decimal string is formatted exactly (Intl.NumberFormat v3).
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(minorToText(minor, code) as unknown as number);
}
