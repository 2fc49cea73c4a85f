import type { Channel, SendOutcome } from '../channel.js';
import { type ChatDigest, type Segment, digestOf, fitLines, utcMinutes } from './chat-digest.js';
import { loadEventNames } from './event-names.js';
import { CHAT_MAX_BATCH, SLACK_MIN_SEND_INTERVAL_MS, CHAT_TIMEOUT_MS, type ChatChannelOptions, headerSeconds, postJson, said, webhookUrlOf } from './chat-webhook.js';

/** Slack's limits on one message (https://api.slack.com/reference/block-kit/blocks). */
export const SLACK_LIMITS = { blocks: 50, sectionText: 3_000, text: 3_000 } as const;
/** What all sections of one message may hold together: past it a message is a wall, not a notice. */
const SLACK_TOTAL_BUDGET = 12_000;

type Block = { type: 'section'; text: { type: 'mrkdwn'; text: string } } | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] };

export interface SlackMessage {
  /** The notification's text (and what clients without blocks show). */
  text: string;
  /** The integration's `username` setting (legacy webhooks honour it; app webhooks post as the app). */
  username?: string;
  blocks: Block[];
  unfurl_links: false;
  unfurl_media: false;
}

/** Slack's three control characters; `<!channel>` and friends can then not be typed into a card title. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function mrkdwn(segments: readonly Segment[]): string {
  return segments
    .map((segment) => {
      if ('time' in segment) {
        const unix = Math.floor(Date.parse(segment.time) / 1000);
        return Number.isFinite(unix) ? `<!date^${unix}^{date_short_pretty} {time}|${utcMinutes(segment.time)}>` : slackEscape(segment.time);
      }
      const text = slackEscape(segment.text);
      if (segment.link) return `${segment.strong ? '*' : ''}<${segment.link}|${text.replace(/\|/g, '¦')}>${segment.strong ? '*' : ''}`;
      return segment.strong ? `*${text}*` : text;
    })
    .join('');
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });

/**
 * One message for the whole batch: a section per group (its headline, then a line per event),
 * at most 50 blocks (past 48 groups a last block lists the rest by headline), each section within
 * 3,000 characters and all of them within a readable total.
 */
export function slackMessage(digest: ChatDigest): SlackMessage {
  const base = { text: clip(slackEscape(digest.summary), SLACK_LIMITS.text), unfurl_links: false as const, unfurl_media: false as const };
  if (digest.total === 1 && digest.groups.length === 1) return { ...base, blocks: [section(clip(mrkdwn(digest.groups[0]!.headline), SLACK_LIMITS.sectionText))] };
  const shown = digest.groups.length <= SLACK_LIMITS.blocks - 1 ? digest.groups : digest.groups.slice(0, SLACK_LIMITS.blocks - 2);
  const rest = digest.groups.slice(shown.length);
  const blocks: Block[] = [];
  let budget = SLACK_TOTAL_BUDGET;
  for (const [index, group] of shown.entries()) {
    const headline = clip(mrkdwn(group.headline), 1_000);
    const share = Math.min(SLACK_LIMITS.sectionText, Math.floor(budget / (shown.length - index + (rest.length ? 1 : 0))));
    const lines = group.lines.length ? fitLines(group.lines.map((line) => `• ${mrkdwn(line)}`), share - headline.length - 1) : '';
    const text = lines ? `${headline}\n${lines}` : headline;
    blocks.push(section(text));
    budget -= text.length;
  }
  if (rest.length > 0) {
    const events = rest.reduce((sum, group) => sum + group.count, 0);
    const title = `…and ${events.toLocaleString('en-US')} more ${events === 1 ? 'change' : 'changes'}:`;
    const lines = fitLines(rest.map((group) => `• ${mrkdwn(group.headline)}`), Math.min(SLACK_LIMITS.sectionText, Math.max(200, budget)) - title.length - 1, 20);
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: lines ? `${title}\n${lines}` : title }] });
  }
  return { ...base, blocks };
}

/**
 * Slack incoming webhooks (about one message a second each; batching keeps us well under). Slack
 * answers `ok` and no message id, so nothing is recorded as a ref. 403/404/410 (the webhook was
 * revoked, its channel deleted or archived) break the integration; 400 (invalid payload) is dead
 * at once; 429 waits for Retry-After; 5xx, other answers and network errors back off and retry.
 */
export function createSlackChannel(options: ChatChannelOptions): Channel {
  const timeoutMs = options.timeoutMs ?? CHAT_TIMEOUT_MS;
  return {
    kind: 'slack',
    batchWindowMs: options.batchWindowMs,
    minSendIntervalMs: SLACK_MIN_SEND_INTERVAL_MS,
    maxBatch: CHAT_MAX_BATCH,
    maxAttempts: options.maxAttempts,
    inDoubtAfterMs: options.inDoubtAfterMs,
    async send(destination, batch, { db }): Promise<SendOutcome> {
      const target = await webhookUrlOf(db, options.secrets, destination, 'slack');
      if (!('url' in target)) return target;
      const message: SlackMessage = { ...slackMessage(digestOf(batch, await loadEventNames(db, batch), options.publicUrl())), ...(target.username ? { username: target.username } : {}) };
      const reply = await postJson(options.fetch, target.url, message, timeoutMs);
      if ('ok' in reply) return reply;
      if (reply.status >= 200 && reply.status < 300) return { ok: true };
      if (reply.status === 429) {
        const after = headerSeconds(reply.headers, 'retry-after');
        return { ok: false, error: said(reply), ...(after !== undefined ? { retryAfterMs: after } : {}) };
      }
      if ([401, 403, 404, 410].includes(reply.status)) return { ok: false, error: said(reply), broken: true };
      if ([400, 413, 415, 422].includes(reply.status)) return { ok: false, error: said(reply), permanent: true };
      return { ok: false, error: said(reply) };
    },
  };
}
