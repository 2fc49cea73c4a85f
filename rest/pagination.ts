import { z } from 'zod';

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export type PageQuery = z.infer<typeof pageQuery>;

export function offsetOf(page: PageQuery): number {
  return (page.page - 1) * page.limit;
}
