import { randomBytes } from 'node:crypto';
import { type FakeWebhookServer, type Refusal, startFakeWebhookServer } from './fake-webhook-server.js';

/** A Slack incoming-webhook body, as far as the fake checks it. */
export interface SlackBody {
  text?: string;
  blocks?: ({ type: 'section'; text: { type: string; text: string } } | { type: 'context'; elements: { type: string; text: string }[] })[];
}

export interface FakeSlack extends FakeWebhookServer<SlackBody> {
  /** A webhook URL this fake answers (`<origin>/services/T…/B…/<secret>`); each call makes a new one. */
  webhookUrl(): string;
  /** Everything a message shows, text and blocks, as one text (for assertions). */
  textOf(body: SlackBody): string;
}

const plain = (status: number, text: string, headers?: Record<string, string>): Refusal => ({ status, body: text, headers: { 'content-type': 'text/plain', ...headers } });

/** Slack's limits on blocks; past them it answers 400 invalid_blocks, as Slack does. */
function validate(raw: unknown): Refusal | null {
  if (!raw || typeof raw !== 'object') return plain(400, 'invalid_payload');
  const body = raw as SlackBody;
  const blocks = body.blocks ?? [];
  if (!body.text && blocks.length === 0) return plain(400, 'no_text');
  if (blocks.length > 50) return plain(400, 'invalid_blocks');
  for (const block of blocks) {
    const texts = block.type === 'section' ? [block.text.text] : block.type === 'context' ? block.elements.map((element) => element.text) : null;
    if (!texts || texts.some((text) => text.length === 0 || text.length > 3_000)) return plain(400, 'invalid_blocks');
  }
  return null;
}

/**
 * A local Slack that takes incoming-webhook messages on port 0: records them, answers `ok`, and
 * can be told to fail, rate limit (429 with `Retry-After` in whole seconds, as Slack does; or
 * about one message a second with `minIntervalMs(1000)`), hold a response open, or refuse unknown
 * webhooks (404 no_service).
 */
export async function startFakeSlack(): Promise<FakeSlack> {
  const hooks = new Set<string>();
  const server = await startFakeWebhookServer<SlackBody>({
    known: (path) => hooks.has(path),
    unknown: plain(404, 'no_service'),
    validate,
    rateLimited: (seconds) => plain(429, 'rate_limited', { 'retry-after': String(Math.max(1, Math.ceil(seconds))) }),
    serverError: (status) => plain(status, status >= 500 ? 'rollup_error' : 'invalid_token'),
    accepted: () => ({ status: 200, body: 'ok', contentType: 'text/plain' }),
  });
  return {
    ...server,
    webhookUrl() {
      const path = `/services/T${randomBytes(4).toString('hex').toUpperCase()}/B${randomBytes(4).toString('hex').toUpperCase()}/${randomBytes(12).toString('base64url')}`;
      hooks.add(path);
      return `${server.origin}${path}`;
    },
    textOf: (body) => [body.text ?? '', ...(body.blocks ?? []).flatMap((block) => (block.type === 'section' ? [block.text.text] : block.elements.map((element) => element.text)))].join('\n'),
  };
}
