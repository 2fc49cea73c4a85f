import type { Config } from '../../../platform/config.js';
import type { Queryable } from '../../../platform/db/database.js';
import type { SecretBox } from '../../../platform/secrets.js';
import { getIntegration } from '../../../storage/integrations.js';
import type { SendOutcome } from '../channel.js';
import { type DestinationFetch, destinationFetch, refusedAsPrivate } from '../../integrations/guarded-fetch.js';

/** What the Discord and Slack channels are built from. */
export interface ChatChannelOptions {
  secrets: SecretBox;
  /** Where people open documents (PUBLIC_URL, or the address the server listens on). */
  publicUrl: () => string;
  /** Attempts before a delivery is dead (CHAT_DELIVERY_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** How long one destination's events gather before one message carries them all (CHAT_BATCH_WINDOW_MS). */
  batchWindowMs: number;
  /** Longest one call may take; past it the call counts as failed (and may have arrived: see README). */
  timeoutMs?: number;
  /**
   * A delivery still 'sending' this long after its claim belonged to a worker that died mid-call:
   * sent again (DELIVERY_IN_DOUBT_AFTER_MS, at least 15 s: well above the call's timeout, so a slow
   * call in progress is never doubled).
   */
  inDoubtAfterMs: number;
  /** How calls leave: checked against private addresses at connect time unless INTEGRATIONS_ALLOW_PRIVATE_URLS. */
  fetch: DestinationFetch;
}

/** The chat channels' options from the process's configuration. */
export function chatOptions(deps: { config: Config; secrets: SecretBox; publicUrl?: () => string }): ChatChannelOptions {
  const { config } = deps;
  return {
    secrets: deps.secrets,
    publicUrl: deps.publicUrl ?? (() => config.publicUrl ?? `http://${config.host}:${config.port}`),
    maxAttempts: config.chat.maxAttempts,
    batchWindowMs: config.chat.batchWindowMs,
    inDoubtAfterMs: Math.max(config.deliveries.inDoubtAfterMs, CHAT_TIMEOUT_MS + 5_000),
    fetch: destinationFetch(config.integrations.allowPrivateUrls),
  };
}

/**
 * Slack takes about one message a second per webhook; Discord 30 a minute per channel. Without a
 * gap of our own, events planned while a send was in flight would go out right after it.
 */
export const SLACK_MIN_SEND_INTERVAL_MS = 1_000;
export const DISCORD_MIN_SEND_INTERVAL_MS = 2_000;
/** However many events gathered, one message. The message summarises past what fits. */
export const CHAT_MAX_BATCH = 2_000;
export const CHAT_TIMEOUT_MS = 10_000;

type Failure = Extract<SendOutcome, { ok: false }>;

/** The webhook URL of the integration a delivery goes to, or why there is none to call. */
export async function webhookUrlOf(db: Queryable, secrets: SecretBox, destination: string, kind: 'discord' | 'slack', options: { evenIfBroken?: boolean } = {}): Promise<{ url: URL; username?: string } | Failure> {
  const integration = await getIntegration(db, destination);
  if (!integration || integration.kind !== kind) return { ok: false, error: `no ${kind} integration ${destination}`, permanent: true };
  if (integration.status === 'disabled') return { ok: false, error: 'the integration is disabled', permanent: true };
  if (integration.status === 'broken' && !options.evenIfBroken) return { ok: false, error: `the integration is broken: ${integration.brokenReason ?? 'unknown reason'}`, broken: true };
  if (!integration.sealedSecret) return { ok: false, error: 'the integration has no webhook URL', broken: true };
  let plain: string;
  try {
    plain = secrets.open(integration.sealedSecret);
  } catch {
    return { ok: false, error: 'the webhook URL cannot be opened with this server’s SECRETS_KEY (or SECRETS_PREVIOUS_KEYS)', broken: true };
  }
  try {
    // The name messages are posted under, when the integration's settings give one.
    const username = typeof integration.settings.username === 'string' && integration.settings.username.trim() ? integration.settings.username.trim() : undefined;
    return { url: new URL(plain), ...(username ? { username } : {}) };
  } catch {
    return { ok: false, error: 'the stored webhook URL is not a URL', broken: true };
  }
}

export interface WebhookReply {
  status: number;
  headers: Headers;
  body: string;
}

/**
 * POSTs JSON and reads the answer. A network error or a timeout is a failure to retry (the
 * message may still have arrived: that is the in-doubt case the README describes). Never puts
 * the URL (it carries the webhook's token) in the error.
 */
export async function postJson(send: DestinationFetch, url: URL, payload: unknown, timeoutMs: number): Promise<WebhookReply | Failure> {
  try {
    const response = await send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'studio-sync (chat delivery)' },
      body: JSON.stringify(payload),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, headers: response.headers, body: await response.text() };
  } catch (error) {
    // The webhook's host leads inside our network now (it did not when saved): never call it.
    if (refusedAsPrivate(error)) return { ok: false, error: 'the webhook host resolves to a private, loopback or link-local address', broken: true };
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const code = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : null;
    const name = error instanceof Error ? error.name : 'Error';
    return { ok: false, error: name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `network error${code ? ` ${code}` : ''}` };
  }
}

/** Seconds (a float) from a header, as milliseconds; undefined when absent or nonsense. */
export function headerSeconds(headers: Headers, name: string): number | undefined {
  const value = Number(headers.get(name));
  return headers.has(name) && Number.isFinite(value) && value >= 0 ? Math.ceil(value * 1000) : undefined;
}

/** A short, log-safe excerpt of what the destination said. */
export function said(reply: WebhookReply): string {
  const text = reply.body.replace(/\s+/g, ' ').trim();
  return `HTTP ${reply.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
}
