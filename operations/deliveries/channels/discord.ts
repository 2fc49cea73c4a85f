import type { Channel, SendOutcome } from '../channel.js';
import { type ChatDigest, type Segment, digestOf, fitLines, plainText, utcMinutes } from './chat-digest.js';
import { loadEventNames } from './event-names.js';
import { CHAT_MAX_BATCH, DISCORD_MIN_SEND_INTERVAL_MS, CHAT_TIMEOUT_MS, type ChatChannelOptions, headerSeconds, postJson, said, webhookUrlOf } from './chat-webhook.js';

/** Discord's limits on one webhook message (https://discord.com/developers/docs/resources/message). */
export const DISCORD_LIMITS = { content: 2_000, embeds: 10, embedTitle: 256, embedDescription: 4_096, embedsTotal: 6_000 } as const;
/** Message flag: no link previews (for our own links in a one-event message). */
const SUPPRESS_EMBEDS = 1 << 2;

export interface DiscordEmbed {
  title: string;
  url?: string;
  description?: string;
  timestamp?: string;
}

export interface DiscordMessage {
  content: string;
  /** The name the message is posted under (the integration's `username` setting; else the webhook's own). */
  username?: string;
  embeds?: DiscordEmbed[];
  /** Nothing in our messages pings anyone, whatever a card's title says (@everyone, <@id>). */
  allowed_mentions: { parse: [] };
  flags?: number;
}

/** Text shown as typed: Discord's markdown characters escaped. */
export function discordEscape(text: string): string {
  return text.replace(/[\\*_~`|>[\]()<#-]/g, (c) => `\\${c}`).replace(/@/g, '@\u200b');
}

function markdown(segments: readonly Segment[]): string {
  return segments
    .map((segment) => {
      if ('time' in segment) {
        const unix = Math.floor(Date.parse(segment.time) / 1000);
        return Number.isFinite(unix) ? `<t:${unix}:f>` : discordEscape(utcMinutes(segment.time));
      }
      const text = discordEscape(segment.text);
      if (segment.link) return segment.strong ? `**[${text}](${segment.link})**` : `[${text}](${segment.link})`;
      return segment.strong ? `**${text}**` : text;
    })
    .join('');
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * One message for the whole batch. One event: a sentence. More: the summary as content and an
 * embed per group (who, what, which document, a line per event), within Discord's limits: at
 * most 10 embeds (past 9 groups the last embed lists the rest by headline) and 6,000 characters
 * across them, shared out so every group shows its first lines and says how many more it had.
 */
export function discordMessage(digest: ChatDigest): DiscordMessage {
  const base = { allowed_mentions: { parse: [] as [] } };
  if (digest.total === 1 && digest.groups.length === 1) {
    return { ...base, content: clip(markdown(digest.groups[0]!.headline), DISCORD_LIMITS.content), flags: SUPPRESS_EMBEDS };
  }
  const shown = digest.groups.length <= DISCORD_LIMITS.embeds ? digest.groups : digest.groups.slice(0, DISCORD_LIMITS.embeds - 1);
  const rest = digest.groups.slice(shown.length);
  const embeds: DiscordEmbed[] = shown.map((group) => ({ title: clip(plainText(group.headline), DISCORD_LIMITS.embedTitle), url: group.link, timestamp: group.lastAt }));
  if (rest.length > 0) {
    const events = rest.reduce((sum, group) => sum + group.count, 0);
    embeds.push({ title: `…and ${events.toLocaleString('en-US')} more ${events === 1 ? 'change' : 'changes'}` });
  }
  // A margin under the total for what Discord might count that we do not (it counts characters; so do we).
  let budget = DISCORD_LIMITS.embedsTotal - 100 - embeds.reduce((sum, embed) => sum + embed.title.length, 0);
  const bodies: string[][] = [...shown.map((group) => group.lines.map((line) => `• ${markdown(line)}`)), ...(rest.length ? [rest.map((group) => `• ${markdown(group.headline)}`)] : [])];
  for (const [index, lines] of bodies.entries()) {
    if (lines.length === 0) continue;
    const share = Math.min(DISCORD_LIMITS.embedDescription, Math.floor(budget / bodies.slice(index).filter((l) => l.length > 0).length));
    const description = fitLines(lines, share);
    if (description) embeds[index]!.description = description;
    budget -= description.length;
  }
  return { ...base, content: clip(discordEscape(digest.summary), DISCORD_LIMITS.content), embeds };
}

/** Discord's 429: `retry_after` (seconds, a float) in the body, else X-RateLimit-Reset-After, else Retry-After. */
function retryAfterMs(body: string, headers: Headers): number | undefined {
  try {
    const parsed = JSON.parse(body) as { retry_after?: unknown };
    if (typeof parsed.retry_after === 'number' && parsed.retry_after >= 0) return Math.ceil(parsed.retry_after * 1000);
  } catch {
    // Not JSON (a proxy's page): the headers say it, if anything does.
  }
  return headerSeconds(headers, 'x-ratelimit-reset-after') ?? headerSeconds(headers, 'retry-after');
}

/**
 * Discord incoming webhooks. `?wait=true` makes Discord answer with the message it created, so
 * each delivery records that message's id. 401/403/404/410 (the webhook was deleted or its token
 * is wrong) break the integration; 400/413 (content refused) are dead at once; 429 waits as long
 * as Discord says; 5xx, other answers and network errors back off and retry.
 */
export function createDiscordChannel(options: ChatChannelOptions): Channel {
  const timeoutMs = options.timeoutMs ?? CHAT_TIMEOUT_MS;
  return {
    kind: 'discord',
    batchWindowMs: options.batchWindowMs,
    minSendIntervalMs: DISCORD_MIN_SEND_INTERVAL_MS,
    maxBatch: CHAT_MAX_BATCH,
    maxAttempts: options.maxAttempts,
    inDoubtAfterMs: options.inDoubtAfterMs,
    async send(destination, batch, { db }): Promise<SendOutcome> {
      const target = await webhookUrlOf(db, options.secrets, destination, 'discord');
      if (!('url' in target)) return target;
      const message: DiscordMessage = { ...discordMessage(digestOf(batch, await loadEventNames(db, batch), options.publicUrl())), ...(target.username ? { username: target.username.slice(0, 80) } : {}) };
      const url = new URL(target.url);
      url.searchParams.set('wait', 'true');
      const reply = await postJson(options.fetch, url, message, timeoutMs);
      if ('ok' in reply) return reply;
      if (reply.status >= 200 && reply.status < 300) {
        let id: unknown;
        try {
          id = (JSON.parse(reply.body) as { id?: unknown }).id;
        } catch {
          id = undefined;
        }
        return typeof id === 'string' ? { ok: true, refs: new Map(batch.map((item) => [item.delivery.id, id as string])) } : { ok: true };
      }
      if (reply.status === 429) {
        const after = retryAfterMs(reply.body, reply.headers);
        return { ok: false, error: said(reply), ...(after !== undefined ? { retryAfterMs: after } : {}) };
      }
      if ([401, 403, 404, 410].includes(reply.status)) return { ok: false, error: said(reply), broken: true };
      if ([400, 413, 415, 422].includes(reply.status)) return { ok: false, error: said(reply), permanent: true };
      // 5xx, and anything else Discord has no documented meaning for: back off and try again.
      return { ok: false, error: said(reply) };
    },
  };
}
