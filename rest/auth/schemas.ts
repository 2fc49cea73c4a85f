import { z } from 'zod';

export const email = z.string().trim().max(254).pipe(z.email({ error: 'must be an email address' }));
export const displayName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
