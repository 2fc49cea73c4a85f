import { taxOf } from './compute-tax.js';

export interface LineInput {
  description: string;
  quantity: number;
  unitAmountMinor: number;
}

export interface PricedLine extends LineInput {
  amountMinor: bigint;
}

export interface InvoiceTotals {
  lines: PricedLine[];
  subtotalMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
}

/** Each line's amount (quantity × unit), the subtotal, the tax at `rateBp` on the subtotal, the total: all BigInt. */
export function totalInvoice(lines: readonly LineInput[], rateBp: number): InvoiceTotals {
  const priced = lines.map((line) => ({ ...line, amountMinor: BigInt(line.quantity) * BigInt(line.unitAmountMinor) }));
  const subtotalMinor = priced.reduce((sum, line) => sum + line.amountMinor, 0n);
  const taxMinor = taxOf(subtotalMinor, rateBp);
  return { lines: priced, subtotalMinor, taxMinor, totalMinor: subtotalMinor + taxMinor };
}
