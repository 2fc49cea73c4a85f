import type { FeedEventType } from '../../../documents/feed-event-types.js';
import type { Outgoing } from '../channel.js';
import { type EventNames, documentNameOf, entryIdOf } from './event-names.js';

/**
 * The words for each event type: a whole sentence for one event ("moved **Teaser** from To do to
 * Review"), a plural for a group ("moved 48 cards") and a line per event of a group, as segments
 * that each chat renders in its own markup (and escapes: titles come from people).
 */
export type Segment =
  | { text: string; strong?: boolean; link?: string }
  /** An instant (ISO), shown in the reader's time zone where the chat can. */
  | { time: string };

const MAX_TITLE = 120;
const MAX_EXCERPT = 200;

/** Text as one line, at most `max` characters. */
export function oneLine(value: unknown, max = MAX_TITLE): string {
  const flat = (typeof value === 'string' ? value : '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The web client's address of a document (its hash route: `#/d/<name>`). */
export function documentLink(publicUrl: string, documentName: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/#/d/${encodeURIComponent(documentName)}`;
}

/** The web client's address of a project (`#/p/<id>`), or of one of its screens (`#/p/<id>/requests`). */
export function projectLink(publicUrl: string, projectId: string, screen?: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/#/p/${encodeURIComponent(projectId)}${screen ? `/${screen}` : ''}`;
}

/** Where an event outside documents says it is shown (`data.linkPath`, a path of the web client), if it says so. */
function ownLink(item: Outgoing, publicUrl: string): string | undefined {
  const path = item.event.data.linkPath;
  return typeof path === 'string' && /^\/[^/\\]/.test(path) ? `${publicUrl.replace(/\/+$/, '')}${path}` : undefined;
}

const humanize = (value: unknown) => {
  const words = oneLine(value).replace(/-/g, ' ');
  return words ? words[0]!.toUpperCase() + words.slice(1) : '?';
};

/** What a phrase reads besides the event: names, and where links point. */
export interface Context {
  names: EventNames;
  publicUrl: string;
}

export interface Phrase {
  /** "moved 48 cards" */
  plural(count: number): string;
  /** The event without its actor: "moved **Teaser** from To do to Review". */
  sentence(item: Outgoing, context: Context): Segment[];
  /** One line of a group: "**Teaser**: To do → Review". */
  line(item: Outgoing, context: Context): Segment[];
  /** What a one-event message adds after where it happened (a comment's words). */
  detail?(item: Outgoing): Segment[];
}

export const strong = (text: string): Segment => ({ text, strong: true });
export const plain = (text: string): Segment => ({ text });
export const n = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
const str = (value: unknown) => (typeof value === 'string' ? value : '');

function titleOf(item: Outgoing, names: EventNames, collection: string): string {
  const own = oneLine(item.event.data.title);
  if (own) return own;
  const documentName = documentNameOf(item);
  return (documentName && oneLine(names.entry(documentName, collection, entryIdOf(item)))) || 'an untitled item';
}
const column = (item: Outgoing, names: EventNames, id: unknown) => oneLine(names.entry(documentNameOf(item) ?? '', 'columns', str(id))) || oneLine(id) || '?';
const when = (value: unknown): Segment => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? { time: value } : plain('no date'));
const excerpt = (value: unknown): Segment[] => (oneLine(value, MAX_EXCERPT) ? [plain(`: “${oneLine(value, MAX_EXCERPT)}”`)] : []);

/** The other event of a clash (`data.with`). */
const withTitle = (item: Outgoing) => (item.event.data.with as { title?: unknown } | undefined)?.title;
const card = (item: Outgoing, names: EventNames) => strong(titleOf(item, names, 'cards'));
const pipelineItem = (item: Outgoing, names: EventNames) => strong(titleOf(item, names, 'items'));
/** A request's title, linked to the request. */
const request = (item: Outgoing, { publicUrl }: Context): Segment => {
  const link = ownLink(item, publicUrl);
  return { text: oneLine(item.event.data.title) || 'a request', strong: true, ...(link ? { link } : {}) };
};

/** Any event type this file has no words for yet (a new one): its type, in words, and its title. */
const FALLBACK: Phrase = {
  plural: (c) => `made ${n(c, 'change')}`,
  sentence: (i, context) => [plain(`${humanize(i.event.type).toLowerCase()}: `), ownLink(i, context.publicUrl) ? request(i, context) : strong(oneLine(i.event.data.title) || oneLine(i.event.data.name) || entryIdOf(i))],
  line: (i, context) => FALLBACK.sentence(i, context),
};

const PHRASES: Partial<Record<FeedEventType, Phrase>> = {
  'task.created': {
    plural: (c) => `created ${n(c, 'card')}`,
    sentence: (i, { names }) => [plain('created '), card(i, names), plain(` in ${column(i, names, i.event.data.columnId)}`)],
    line: (i, { names }) => [card(i, names), plain(` in ${column(i, names, i.event.data.columnId)}`)],
  },
  'task.moved': {
    plural: (c) => `moved ${n(c, 'card')}`,
    sentence: (i, { names }) => [plain('moved '), card(i, names), plain(` from ${column(i, names, i.event.data.from)} to ${column(i, names, i.event.data.to)}`)],
    line: (i, { names }) => [card(i, names), plain(`: ${column(i, names, i.event.data.from)} → ${column(i, names, i.event.data.to)}`)],
  },
  'task.assigned': {
    plural: (c) => `assigned ${n(c, 'card')}`,
    sentence: (i, { names }) => [plain('assigned '), card(i, names), plain(` to ${names.person(str(i.event.data.assignee))}`)],
    line: (i, { names }) => [card(i, names), plain(` → ${names.person(str(i.event.data.assignee))}`)],
  },
  'task.unassigned': {
    plural: (c) => `unassigned people from ${n(c, 'card')}`,
    sentence: (i, { names }) => [plain(`unassigned ${names.person(str(i.event.data.assignee))} from `), card(i, names)],
    line: (i, { names }) => [card(i, names), plain(` without ${names.person(str(i.event.data.assignee))}`)],
  },
  'task.due-changed': {
    plural: (c) => `changed the due date of ${n(c, 'card')}`,
    sentence: (i, { names }) => (i.event.data.to ? [plain('set the due date of '), card(i, names), plain(' to '), when(i.event.data.to)] : [plain('removed the due date of '), card(i, names)]),
    line: (i, { names }) => [card(i, names), plain(' due '), when(i.event.data.to)],
  },
  'task.commented': {
    plural: (c) => `commented ${n(c, 'time')}`,
    sentence: (i, { names }) => [plain('commented on '), card(i, names)],
    detail: (i) => excerpt(i.event.data.body),
    line: (i, { names }) => [card(i, names), ...excerpt(i.event.data.body)],
  },
  'task.archived': {
    plural: (c) => `archived ${n(c, 'card')}`,
    sentence: (i, { names }) => [plain('archived '), card(i, names)],
    line: (i, { names }) => [card(i, names)],
  },
  'event.scheduled': {
    plural: (c) => `scheduled ${n(c, 'event')}`,
    sentence: (i) => [plain('scheduled '), strong(oneLine(i.event.data.title) || 'an event'), plain(' for '), when(i.event.data.start)],
    line: (i) => [strong(oneLine(i.event.data.title) || 'an event'), plain(' at '), when(i.event.data.start)],
  },
  'event.rescheduled': {
    plural: (c) => `rescheduled ${n(c, 'event')}`,
    sentence: (i) => [plain('moved '), strong(oneLine(i.event.data.title) || 'an event'), plain(' to '), when(i.event.data.start)],
    line: (i) => [strong(oneLine(i.event.data.title) || 'an event'), plain(' → '), when(i.event.data.start)],
  },
  'event.cancelled': {
    plural: (c) => `cancelled ${n(c, 'event')}`,
    sentence: (i) => [plain('cancelled '), strong(oneLine(i.event.data.title) || 'an event')],
    line: (i) => [strong(oneLine(i.event.data.title) || 'an event')],
  },
  'event.conflicting': {
    plural: (c) => `made ${n(c, 'event')} clash`,
    sentence: (i) => [plain('made '), strong(oneLine(i.event.data.title) || 'an event'), plain(' clash with '), strong(oneLine(withTitle(i)) || 'another event')],
    line: (i) => [strong(oneLine(i.event.data.title) || 'an event'), plain(' ✕ '), strong(oneLine(withTitle(i)) || 'another event')],
    detail: (i) => [plain(' at '), when(i.event.data.start)],
  },
  'item.stage-changed': {
    plural: (c) => `moved ${n(c, 'item')} to another stage`,
    sentence: (i, { names }) => [plain('moved '), pipelineItem(i, names), plain(` from ${humanize(i.event.data.from)} to ${humanize(i.event.data.to)}`)],
    line: (i, { names }) => [pipelineItem(i, names), plain(`: ${humanize(i.event.data.from)} → ${humanize(i.event.data.to)}`)],
  },
  'item.feedback-added': {
    plural: (c) => `gave feedback ${n(c, 'time')}`,
    sentence: (i, { names }) => [plain('gave feedback on '), pipelineItem(i, names)],
    detail: (i) => excerpt(i.event.data.body),
    line: (i, { names }) => [pipelineItem(i, names), ...excerpt(i.event.data.body)],
  },
  'thread.opened': {
    plural: (c) => `opened ${n(c, 'thread')}`,
    sentence: (i) => [plain('commented on '), strong(`“${oneLine(i.event.data.quote, 80) || 'the text'}”`)],
    detail: (i) => excerpt(i.event.data.body),
    line: (i) => [strong(`“${oneLine(i.event.data.quote, 80) || 'the text'}”`), ...excerpt(i.event.data.body)],
  },
  'thread.replied': {
    plural: (c) => `replied ${n(c, 'time')}`,
    sentence: () => [plain('replied in a thread')],
    detail: (i) => excerpt(i.event.data.body),
    line: (i) => [plain('reply'), ...excerpt(i.event.data.body)],
  },
  'thread.resolved': {
    plural: (c) => `resolved ${n(c, 'thread')}`,
    sentence: () => [plain('resolved a thread')],
    line: () => [plain('resolved')],
  },
  'request.created': {
    plural: (c) => `opened ${n(c, 'request')}`,
    sentence: (i, c) => [plain('opened the request '), request(i, c), plain(` (${humanize(i.event.data.requestType).toLowerCase()})`)],
    line: (i, c) => [request(i, c), plain(` (${humanize(i.event.data.requestType).toLowerCase()})`)],
  },
  'request.status-changed': {
    plural: (c) => `changed the status of ${n(c, 'request')}`,
    sentence: (i, c) => [plain('moved the request '), request(i, c), plain(` from ${humanize(i.event.data.from)} to ${humanize(i.event.data.to)}`)],
    line: (i, c) => [request(i, c), plain(`: ${humanize(i.event.data.from)} → ${humanize(i.event.data.to)}`)],
  },
  'request.assigned': {
    plural: (c) => `assigned ${n(c, 'request')}`,
    sentence: (i, c) => [plain('assigned the request '), request(i, c), plain(` to ${c.names.person(str(i.event.data.assignee))}`)],
    line: (i, c) => [request(i, c), plain(` → ${c.names.person(str(i.event.data.assignee))}`)],
  },
  'request.commented': {
    plural: (c) => `commented ${n(c, 'time')} on requests`,
    sentence: (i, c) => [plain('commented on the request '), request(i, c)],
    detail: (i) => excerpt(i.event.data.body),
    line: (i, c) => [request(i, c), ...excerpt(i.event.data.body)],
  },
  'integration.broken': {
    plural: (c) => `saw ${n(c, 'integration')} stop working`,
    sentence: (i) => [plain(`saw the ${humanize(i.event.data.integrationKind)} integration `), strong(oneLine(i.event.data.name) || '?'), plain(' stop working')],
    detail: (i) => excerpt(i.event.data.reason),
    line: (i) => [strong(oneLine(i.event.data.name) || '?'), ...excerpt(i.event.data.reason)],
  },
};

/** The words for an event type (a type this file does not know yet gets its name in words). */
export function phraseOf(type: FeedEventType): Phrase {
  return PHRASES[type] ?? FALLBACK;
}
