import { z } from 'zod';
import { userText } from '../text.js';

/** Google calendar ids are emails or `…@group.calendar.google.com`; bounded, printable. */
const googleCalendarId = userText().trim().min(1, 'must not be empty').max(1_024, 'must be at most 1024 characters');

export const createLinkBody = z
  .object({
    documentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a calendar document id'),
    accountId: z.uuid(),
    googleCalendarId,
  })
  .strict();

export const connectQuery = z.object({ projectId: z.uuid() }).loose();

export const callbackQuery = z.union([
  z.object({ code: z.string().min(1).max(2_048), state: z.string().min(1).max(200) }).loose(),
  z.object({ error: z.string().max(200), state: z.string().max(200).optional() }).loose(),
]);

export const accountResponse = z.object({
  id: z.uuid(),
  email: z.string(),
  status: z.enum(['active', 'needs-reconnect']),
  lastError: z.string().nullable(),
  connectedAt: z.iso.datetime(),
});

export const googleCalendarChoiceResponse = z.object({ id: z.string(), summary: z.string(), timeZone: z.string(), primary: z.boolean() });

export const linkResponse = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  documentId: z.string(),
  documentName: z.string(),
  documentTitle: z.string(),
  accountId: z.uuid(),
  accountEmail: z.string(),
  googleCalendarId: z.string(),
  googleCalendarSummary: z.string(),
  status: z.enum(['active', 'needs-reconnect', 'error']),
  lastError: z.string().nullable(),
  lastSyncedAt: z.iso.datetime().nullable(),
  updates: z.enum(['push', 'polling']),
  recurringSkipped: z.number().int(),
  conflicts: z.array(z.object({ eventId: z.string(), title: z.string(), fields: z.array(z.string()), winner: z.enum(['google', 'here']), at: z.iso.datetime() })),
  createdAt: z.iso.datetime(),
});
