import { randomBytes } from 'node:crypto';
import { type FakeWebhookServer, type Refusal, startFakeWebhookServer } from './fake-webhook-server.js';

/** A Discord webhook execution body, as far as the fake checks it. */
export interface DiscordBody {
  content?: string;
  embeds?: { title?: string; description?: string; url?: string }[];
  allowed_mentions?: { parse?: string[] };
  flags?: number;
}

export interface FakeDiscord extends FakeWebhookServer<DiscordBody> {
  /** A webhook URL this fake answers (`<origin>/api/webhooks/<id>/<token>`); each call makes a new one. */
  webhookUrl(): string;
  /** Everything a message shows, content and embeds, as one text (for assertions). */
  textOf(body: DiscordBody): string;
}

const error = (status: number, message: string, code: number, headers?: Record<string, string>): Refusal => ({ status, body: JSON.stringify({ message, code }), ...(headers ? { headers } : {}) });

/** Discord's documented limits on a webhook message; past them it answers 400 Invalid Form Body, as Discord does. */
function validate(raw: unknown): Refusal | null {
  const invalid = (why: string) => ({ status: 400, body: JSON.stringify({ message: 'Invalid Form Body', code: 50035, errors: why }) });
  if (!raw || typeof raw !== 'object') return invalid('not a JSON object');
  const body = raw as DiscordBody;
  const embeds = body.embeds ?? [];
  if (!body.content && embeds.length === 0) return error(400, 'Cannot send an empty message', 50006);
  if ((body.content ?? '').length > 2_000) return invalid('content: Must be 2000 or fewer in length.');
  if (embeds.length > 10) return invalid('embeds: Must be 10 or fewer in length.');
  let total = 0;
  for (const embed of embeds) {
    if ((embed.title ?? '').length > 256) return invalid('embeds.title: Must be 256 or fewer in length.');
    if ((embed.description ?? '').length > 4_096) return invalid('embeds.description: Must be 4096 or fewer in length.');
    total += (embed.title ?? '').length + (embed.description ?? '').length;
  }
  if (total > 6_000) return invalid('embeds: Embed size exceeds maximum size of 6000');
  return null;
}

/**
 * A local Discord that takes incoming-webhook messages on port 0: records them, answers
 * `?wait=true` with the created message (its id), and can be told to fail, rate limit (429 with
 * `retry_after` in the body and `Retry-After` / `X-RateLimit-Reset-After` headers, as Discord
 * does), hold a response open, or refuse unknown webhooks (404 Unknown Webhook).
 */
export async function startFakeDiscord(): Promise<FakeDiscord> {
  const hooks = new Set<string>();
  const server = await startFakeWebhookServer<DiscordBody>({
    known: (path) => hooks.has(path),
    unknown: error(404, 'Unknown Webhook', 10015),
    validate,
    rateLimited: (seconds) => ({
      status: 429,
      body: JSON.stringify({ message: 'You are being rate limited.', retry_after: seconds, global: false }),
      headers: { 'retry-after': String(Math.ceil(seconds)), 'x-ratelimit-reset-after': seconds.toFixed(3), 'x-ratelimit-remaining': '0' },
    }),
    serverError: (status) => ({ status, body: status >= 500 ? '<html>upstream error</html>' : JSON.stringify({ message: 'refused', code: 0 }) }),
    accepted: (message, query) =>
      query.get('wait') === 'true' ? { status: 200, body: JSON.stringify({ id: message.id, type: 0, webhook_id: message.path.split('/')[3], ...message.body }) } : { status: 204, body: '' },
  });
  return {
    ...server,
    webhookUrl() {
      const path = `/api/webhooks/${BigInt(`0x${randomBytes(7).toString('hex')}`).toString()}/${randomBytes(24).toString('base64url')}`;
      hooks.add(path);
      return `${server.origin}${path}`;
    },
    textOf: (body) => [body.content ?? '', ...(body.embeds ?? []).flatMap((embed) => [embed.title ?? '', embed.description ?? ''])].join('\n'),
  };
}
