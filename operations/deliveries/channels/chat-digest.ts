import type { Outgoing } from '../channel.js';
import { type EventNames, documentNameOf } from './event-names.js';
import { type Context, type Segment, documentLink, n, phraseOf, plain, projectLink, strong } from './chat-phrases.js';

export type { Segment } from './chat-phrases.js';

/**
 * What a batch of events says, before any chat's markup: groups of events by the same person, of
 * the same kind, on the same document ("Ada moved 48 cards on Launch board"), each with a line
 * per event. Discord and Slack render it within their own limits; text comes from people, so
 * each renderer escapes every segment for its markup.
 */
export interface DigestGroup {
  /** "Ada moved 48 cards on Launch board", or for one event the whole sentence. */
  headline: Segment[];
  /** One line per event (none when the group is one event: the headline says it). */
  lines: Segment[][];
  /** Events in the group. */
  count: number;
  /** Where to open the document in the web client. */
  link: string;
  lastAt: string;
}

export interface ChatDigest {
  /** Plain text: the one-line summary a notification shows. */
  summary: string;
  groups: DigestGroup[];
  total: number;
}

/** Groups a batch (in the feed's order) by actor, type and document, in order of first appearance. */
export function digestOf(batch: readonly Outgoing[], names: EventNames, publicUrl: string): ChatDigest {
  const groups = new Map<string, Outgoing[]>();
  for (const item of batch) {
    const key = [item.event.actor, item.event.type, documentNameOf(item) ?? `${item.event.kind}:${item.event.projectId}`].join('\u0000');
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const context: Context = { names, publicUrl };
  const built: DigestGroup[] = [...groups.values()].map((items) => {
    const first = items[0]!;
    const phrase = phraseOf(first.event.type);
    const documentName = documentNameOf(first);
    // A document's events happen on it; anything else (requests) in its project.
    const link = documentName ? documentLink(publicUrl, documentName) : projectLink(publicUrl, first.event.projectId, first.event.kind === 'request' ? 'requests' : undefined);
    const actor = strong(names.actor(first.event.actor));
    const where = documentName ? [plain(' on '), { text: names.document(documentName), link }] : [plain(' in '), { text: names.project(first.event.projectId), link }];
    const single = items.length === 1;
    return {
      headline: single ? [actor, plain(' '), ...phrase.sentence(first, context), ...where, ...(phrase.detail?.(first) ?? [])] : [actor, plain(` ${phrase.plural(items.length)}`), ...where],
      lines: single ? [] : items.map((item) => phrase.line(item, context)),
      count: items.length,
      link,
      lastAt: items.at(-1)!.event.occurredAt,
    };
  });
  return { summary: summaryOf(built, batch, names), groups: built, total: batch.length };
}

/** One line for the whole batch: the group's own headline when there is one group. */
function summaryOf(groups: DigestGroup[], batch: readonly Outgoing[], names: EventNames): string {
  if (groups.length === 1) return plainText(groups[0]!.headline);
  const actors = [...new Set(batch.map((item) => names.actor(item.event.actor)))];
  const documents = [...new Set(batch.map((item) => { const name = documentNameOf(item); return name ? names.document(name) : names.project(item.event.projectId); }))];
  const who = actors.length <= 2 ? actors.join(' and ') : `${actors.slice(0, 2).join(', ')} and ${n(actors.length - 2, 'other')}`;
  const where = documents.length === 1 ? `on ${documents[0]}` : `in ${n(documents.length, 'document')}`;
  return `${n(batch.length, 'change')} ${where} by ${who}`;
}

/** An instant as `2025-05-01 14:30 UTC`. */
export function utcMinutes(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Segments without markup. */
export function plainText(segments: readonly Segment[]): string {
  return segments.map((segment) => ('time' in segment ? utcMinutes(segment.time) : segment.text)).join('');
}

/** Lines a group shows before "…and N more": a chat message is read, not searched. */
export const MAX_LINES_PER_GROUP = 15;

/**
 * As many of `lines` as fit in `budget` characters (joined by newlines) and `maxLines`, then
 * "…and N more" for the rest; `budget` counts the tail too.
 */
export function fitLines(lines: readonly string[], budget: number, maxLines = MAX_LINES_PER_GROUP): string {
  const more = (rest: number) => `…and ${rest.toLocaleString('en-US')} more`;
  const kept: string[] = [];
  let used = 0;
  for (const [index, line] of lines.entries()) {
    const rest = lines.length - index - 1;
    const tail = rest > 0 ? more(rest).length + 1 : 0;
    if (index >= maxLines || used + line.length + (kept.length ? 1 : 0) + tail > budget) {
      const end = more(lines.length - index);
      if (used + end.length + (kept.length ? 1 : 0) <= budget) kept.push(end);
      return kept.join('\n');
    }
    used += line.length + (kept.length ? 1 : 0);
    kept.push(line);
  }
  return kept.join('\n');
}
