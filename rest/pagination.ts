import { z } from 'zod';

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** The largest PostgreSQL bigint: 19 digits reach past it, and SQL would refuse such a cursor with a 500. */
const MAX_BIGINT = 9_223_372_036_854_775_807n;
const DIGITS = /^\d{1,19}$/;

/** A keyset cursor that names a bigint record id (`before`, `after`), as a string because ids outgrow JS numbers. */
export const bigintCursor = z
  .string()
  .regex(DIGITS, 'must be a record id')
  // Zod runs this even after the pattern failed, hence the pattern again before BigInt().
  .refine((value) => DIGITS.test(value) && BigInt(value) <= MAX_BIGINT, 'must be a record id');

export type PageQuery = z.infer<typeof pageQuery>;

export function offsetOf(page: PageQuery): number {
  return (page.page - 1) * page.limit;
}
