import { z } from 'zod';
import type { ErasureView } from '../../operations/privacy/request-erasure.js';

/** Typing one's email confirms the erasure of one's own account. */
export const myErasureBody = z.object({ confirm: z.string().max(320) }).strict();
export const adminErasureBody = z.object({ userId: z.uuid() }).strict();

export const erasureResponse = z.object({
  id: z.uuid(),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  requestedBy: z.enum(['self', 'admin']),
  documentsReset: z.number().int().min(0).describe('documents rewritten without the person and without their history so far'),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
});

export const presentErasure = (view: ErasureView): z.output<typeof erasureResponse> => view;
