import { z } from 'zod';
import { type Outcome, fail, ok } from '../outcome.js';
import { type UrlPolicy, checkDestinationUrl } from './destination-url.js';

/**
 * What each kind of integration is made of, as the channels read it
 * (operations/deliveries/channels): Discord and Slack keep their webhook URL (it carries the
 * token) as the secret; JIRA keeps its site and mapping in clear and its API token as the secret.
 * Email is each person's own (notification preferences), never a project integration.
 */
export const INTEGRATION_KINDS = ['discord', 'slack', 'jira'] as const;
export type ConfigurableKind = (typeof INTEGRATION_KINDS)[number];

/** NUL and lone surrogates cannot be stored (text columns, jsonb); the same rule as rest/text.ts, which this layer must not import. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isStorableText = (value: string) => !value.includes('\u0000') && !LONE_SURROGATE.test(value);

const text = (max: number) =>
  z
    .string()
    .refine(isStorableText, 'must not contain NUL characters or unpaired surrogates')
    .transform((value) => value.trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

/** Keys that would mean something else on a plain object than the column they claim to be. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** A board column, by its id or its title (the JIRA channel matches either). */
const columnKey = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .refine(isStorableText, 'must not contain NUL characters or unpaired surrogates')
  .refine((key) => !RESERVED_KEYS.has(key), 'is not a column');

export const chatSettings = z.object({ username: text(80).optional() }).strict();

export const jiraSettings = z
  .object({
    /** https://<site>.atlassian.net, or a Data Center base URL. */
    site: z.string().max(500, 'must be at most 500 characters').refine(isStorableText, 'must not contain NUL characters'),
    projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'must be a JIRA project key (capitals, digits or "_", e.g. STUDIO)'),
    issueType: text(100).default('Task'),
    /** The Atlassian account the API token belongs to. */
    email: z.email('must be an email address').max(320),
    /** Board column (id or title) → the JIRA status an issue moves to when its card moves there. */
    columnStatus: z
      .record(columnKey, text(100))
      .refine((map) => Object.keys(map).length <= 100, 'at most 100 columns')
      .default({}),
    label: z
      .string()
      .regex(/^\S{1,100}$/, 'must be one word of at most 100 characters (JIRA labels have no spaces)')
      .refine(isStorableText, 'must not contain NUL characters')
      .optional(),
  })
  .strict();

export type ChatSettings = z.output<typeof chatSettings>;
export type JiraSettings = z.output<typeof jiraSettings>;

/** Webhook URLs of chats: a URL, bounded (the secret). */
const webhookText = z.string().max(2_000, 'must be at most 2000 characters').refine(isStorableText, 'must not contain NUL characters');
/** An API token: printable, no spaces. */
const apiToken = z.string().regex(/^[\x21-\x7e]{1,500}$/, 'must be 1–500 printable characters without spaces');

const DISCORD_HOSTS = new Set(['discord.com', 'discordapp.com', 'ptb.discord.com', 'canary.discord.com']);
const DISCORD_PATH = /^\/api(\/v\d{1,2})?\/webhooks\/\d{1,25}\/[A-Za-z0-9._-]{1,200}\/?$/;
const SLACK_PATH = /^\/(services|workflows|triggers)\/[A-Za-z0-9/_-]{1,300}$/;

type Problem = { path: string; message: string };

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

const hostOf = (url: URL) => url.hostname.replace(/\.$/, '').toLowerCase();

/** Why a chat webhook URL is refused, or null. The provider's own host and path shape, unless the policy allows local fakes (the path shape of Discord still holds). */
async function checkWebhook(kind: 'discord' | 'slack', value: string, policy: UrlPolicy): Promise<string | null> {
  const url = parseUrl(value);
  if (!url) return 'must be a URL';
  if (url.hash) return 'must not have a #fragment';
  if (kind === 'discord') {
    if (!DISCORD_PATH.test(url.pathname)) return 'must be a Discord webhook URL (…/api/webhooks/<id>/<token>)';
    if ([...url.searchParams.keys()].some((key) => key !== 'thread_id')) return 'may only carry ?thread_id= as a query';
    if (!policy.allowPrivate && !DISCORD_HOSTS.has(hostOf(url))) return 'must be a Discord webhook URL (https://discord.com/api/webhooks/…)';
  } else if (!policy.allowPrivate) {
    if (hostOf(url) !== 'hooks.slack.com' || !SLACK_PATH.test(url.pathname) || url.search) return 'must be a Slack webhook URL (https://hooks.slack.com/services/…)';
  }
  return checkDestinationUrl(url, policy);
}

/** A JIRA site as stored: its origin and base path, without a trailing slash. */
async function checkJiraSite(value: string, policy: UrlPolicy): Promise<{ site: string } | { problem: string }> {
  const url = parseUrl(value);
  if (!url) return { problem: 'must be a URL (https://<site>.atlassian.net)' };
  if (url.search || url.hash) return { problem: 'must not have a query or #fragment' };
  const problem = await checkDestinationUrl(url, policy);
  return problem ? { problem } : { site: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

const issuesOf = (error: z.ZodError, prefix: string): Problem[] => error.issues.map((issue) => ({ path: [prefix, ...issue.path.map(String)].join('.'), message: issue.message }));

const invalid = (message: string, problems: Problem[]) => fail('VALIDATION_FAILED', message, problems);

/**
 * Validates a kind's settings and, when one is given, its secret: the settings as they will be
 * stored (normalised), and the secret in clear for sealing. `secret` undefined keeps the old one.
 */
export async function checkIntegrationConfig(
  kind: ConfigurableKind,
  input: { settings: unknown; secret: string | undefined },
  policy: UrlPolicy,
): Promise<Outcome<{ settings: Record<string, unknown>; secret: string | undefined }>> {
  if (kind === 'jira') {
    const parsed = jiraSettings.safeParse(input.settings ?? {});
    if (!parsed.success) return invalid('The JIRA settings are not valid.', issuesOf(parsed.error, 'settings'));
    const site = await checkJiraSite(parsed.data.site, policy);
    if ('problem' in site) return invalid(`The JIRA site ${site.problem}.`, [{ path: 'settings.site', message: site.problem }]);
    if (input.secret !== undefined) {
      const token = apiToken.safeParse(input.secret);
      if (!token.success) return invalid('The JIRA API token is not valid.', issuesOf(token.error, 'secret'));
    }
    return ok({ settings: { ...parsed.data, site: site.site }, secret: input.secret });
  }
  const parsed = chatSettings.safeParse(input.settings ?? {});
  if (!parsed.success) return invalid(`The ${kind} settings are not valid.`, issuesOf(parsed.error, 'settings'));
  if (input.secret !== undefined) {
    const shape = webhookText.safeParse(input.secret);
    if (!shape.success) return invalid('The webhook URL is not valid.', issuesOf(shape.error, 'secret'));
    const problem = await checkWebhook(kind, input.secret.trim(), policy);
    if (problem) return invalid(`The webhook URL ${problem}.`, [{ path: 'secret', message: problem }]);
  }
  return ok({ settings: parsed.data, secret: input.secret?.trim() });
}

/**
 * A hint to tell secrets apart without showing them: a webhook's host and the last four
 * characters of its token, a token's last four. Short secrets show nothing of themselves.
 */
export function secretHint(kind: string, secret: string): string {
  const tail = secret.length >= 20 ? `…${secret.slice(-4)}` : '…';
  if (kind === 'jira') return tail;
  const url = parseUrl(secret);
  return url ? `${url.host} ${tail}` : tail;
}
