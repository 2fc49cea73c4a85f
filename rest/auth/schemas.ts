import { z } from 'zod';
import { userText } from '../text.js';

export const email = z.string().trim().max(254).pipe(z.email({ error: 'must be an email address' }));
export const displayName = userText().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
