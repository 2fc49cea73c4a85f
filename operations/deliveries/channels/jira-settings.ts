import { z } from 'zod';
import type { Queryable } from '../../../platform/db/database.js';
import type { SecretBox } from '../../../platform/secrets.js';
import { getIntegration } from '../../../storage/integrations.js';
import type { SendOutcome } from '../channel.js';
import { type DestinationFetch, destinationFetch } from '../../integrations/guarded-fetch.js';

type Failure = Extract<SendOutcome, { ok: false }>;

/**
 * A JIRA integration's settings (stored in clear; the API token is its sealed secret):
 * - `site`: the JIRA base URL (https://acme.atlassian.net);
 * - `projectKey`, `issueType`: where issues are created and as what;
 * - `email`: the account the API token belongs to (basic auth is email:token);
 * - `columnStatus`: a board column (its id or its title) → the JIRA status a card moved there gets;
 * - `label`: the card label that marks a task for JIRA (default "jira").
 */
export const jiraSettings = z.object({
  site: z.url({ protocol: /^https?$/ }).max(500).transform((site) => site.replace(/\/+$/, '')),
  projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'must be a JIRA project key, like STUDIO'),
  issueType: z.string().trim().min(1).max(100).default('Task'),
  email: z.email().max(320),
  columnStatus: z.record(z.string().min(1).max(200), z.string().trim().min(1).max(100)).default({}),
  label: z.string().regex(/^\S{1,100}$/, 'must be one word').default('jira'),
});
export type JiraSettings = z.infer<typeof jiraSettings>;

export interface JiraTarget {
  integrationId: string;
  settings: JiraSettings;
  /** `Basic base64(email:token)`: never logged, never in an error. */
  authorization: string;
  /** How calls leave: checked against private addresses at connect time unless INTEGRATIONS_ALLOW_PRIVATE_URLS. */
  fetch: DestinationFetch;
}

/**
 * The JIRA integration a delivery goes to, its settings and credentials; or why it cannot be
 * called. Settings or a token that do not work make the integration broken (an admin must fix
 * it), a disabled or deleted one drops the delivery.
 */
export async function jiraTargetOf(db: Queryable, secrets: SecretBox, destination: string, allowPrivateUrls: boolean, options: { evenIfBroken?: boolean } = {}): Promise<JiraTarget | Failure> {
  const integration = await getIntegration(db, destination);
  if (!integration || integration.kind !== 'jira') return { ok: false, error: `no JIRA integration ${destination}`, permanent: true };
  if (integration.status === 'disabled') return { ok: false, error: 'the integration is disabled', permanent: true };
  if (integration.status === 'broken' && !options.evenIfBroken) return { ok: false, error: `the integration is broken: ${integration.brokenReason ?? 'unknown reason'}`, broken: true };
  const parsed = jiraSettings.safeParse(integration.settings);
  if (!parsed.success) return { ok: false, error: `the JIRA settings are not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`, broken: true };
  const site = new URL(parsed.data.site);
  // Where the site leads is checked at every connection (destinationFetch), with the URL policy's address rules.
  if (!allowPrivateUrls && site.protocol !== 'https:') return { ok: false, error: 'the JIRA site must be an https:// address', broken: true };
  if (!integration.sealedSecret) return { ok: false, error: 'the integration has no API token', broken: true };
  let token: string;
  try {
    token = secrets.open(integration.sealedSecret);
  } catch {
    return { ok: false, error: 'the API token cannot be opened with this server’s SECRETS_KEY (or SECRETS_PREVIOUS_KEYS)', broken: true };
  }
  return { integrationId: integration.id, settings: parsed.data, authorization: `Basic ${Buffer.from(`${parsed.data.email}:${token}`).toString('base64')}`, fetch: destinationFetch(allowPrivateUrls) };
}
