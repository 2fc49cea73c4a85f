import { z } from 'zod';
import { chatSettings, jiraSettings } from '../../operations/integrations/integration-kinds.js';
import type { IntegrationView } from '../../operations/integrations/integration.js';
import { FEED_EVENT_TYPES } from '../../documents/feed-event-types.js';
import { userText } from '../text.js';

const name = userText().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
/** Empty: every event type. */
const eventTypes = z.array(z.enum(FEED_EVENT_TYPES)).max(100, 'at most 100 event types');
/** Discord or Slack: the webhook URL; JIRA: the API token. Written, never read back. */
const secret = z.string().min(1, 'must not be empty').max(2_000, 'must be at most 2000 characters');

const common = { name, eventTypes: eventTypes.default([]), secret };

export const createIntegrationBody = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('discord'), settings: chatSettings.default({}), ...common }).strict(),
    z.object({ kind: z.literal('slack'), settings: chatSettings.default({}), ...common }).strict(),
    z.object({ kind: z.literal('jira'), settings: jiraSettings, ...common }).strict(),
  ],
  // Email is not refused by accident: it is each person's own (notification preferences), not the project's.
  { error: 'kind must be discord, slack or jira (email notifications are each person’s own preference, not a project integration)' },
);

export const updateIntegrationBody = z
  .object({
    name: name.optional(),
    /** Replaces the settings as a whole; checked against the integration's kind. */
    settings: z.record(z.string().max(64), z.unknown()).optional(),
    secret: secret.optional(),
    eventTypes: eventTypes.optional(),
    /** 'active' re-activates a broken or disabled integration; 'disabled' stops its deliveries. */
    status: z.enum(['active', 'disabled']).optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'give at least one field to change');

export const integrationResponse = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  kind: z.enum(['discord', 'slack', 'jira', 'email']),
  name: z.string(),
  settings: z.record(z.string(), z.unknown()),
  eventTypes: z.array(z.string()),
  status: z.enum(['active', 'broken', 'disabled']),
  brokenReason: z.string().nullable(),
  /** The secret itself is never returned. */
  hasSecret: z.boolean(),
  /** e.g. `discord.com …x9Qz`: enough to recognise it. */
  secretHint: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const integrationListResponse = z.array(integrationResponse);
export const deletedIntegrationResponse = z.object({ id: z.uuid(), deleted: z.literal(true) });

export function presentIntegration(view: IntegrationView): z.output<typeof integrationResponse> {
  return view;
}

export const integrationTestResponse = z.object({ ok: z.boolean(), error: z.string().nullable() });
