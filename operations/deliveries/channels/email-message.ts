import type { Outgoing } from '../channel.js';
import { type EventNames, documentNameOf, entryIdOf } from './event-names.js';

/** One email: a subject, a plain-text body and the same in simple HTML. */
export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

/** Text comes from people (titles, comments): a phrase keeps it apart from ours, so each body escapes it for its markup. */
type Part = string | { quote: string } | { time: string };

const MAX_TITLE = 120;
const MAX_EXCERPT = 200;
/** Lines shown in one email; a longer digest ends with how many more, and the links. */
export const MAX_LINES = 50;

/** Text as one line, at most `max` characters (titles and bodies may hold newlines; a subject must not). */
export function oneLine(value: unknown, max = MAX_TITLE): string {
  const flat = (typeof value === 'string' ? value : '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Where the web client opens a document (its hash route), or, outside documents, the event's own path. */
export function linkOf(publicUrl: string, item: Outgoing): string {
  const base = publicUrl.replace(/\/+$/, '');
  const documentName = documentNameOf(item);
  if (documentName !== null) return `${base}/#/d/${encodeURIComponent(documentName)}`;
  const path = item.event.data.linkPath;
  // Only a path of this web client (a request's `/#/p/…`), never an address an event could carry elsewhere.
  return typeof path === 'string' && /^\/#\/[A-Za-z0-9._~\-/]*$/.test(path) ? `${base}${path}` : `${base}/`;
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const quote = (value: unknown, fallback = 'an untitled item'): Part => ({ quote: oneLine(value) || fallback });
const excerpt = (value: unknown): Part[] => (oneLine(value, MAX_EXCERPT) ? [': ', { quote: oneLine(value, MAX_EXCERPT) }] : []);
const when = (value: unknown): Part => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? { time: value } : 'no date');
const humanize = (value: unknown) => oneLine(value).replace(/-/g, ' ') || '?';

interface Context {
  item: Outgoing;
  names: EventNames;
  /** The person the email is for: an event naming them says "you". */
  recipientId: string;
}

const personOrYou = ({ names, recipientId }: Context, userId: unknown) => (str(userId) === recipientId ? 'you' : names.person(str(userId)));

function titleOf({ item, names }: Context, collection: string): Part {
  const own = oneLine(item.event.data.title);
  const documentName = documentNameOf(item);
  return quote(own || (documentName ? names.entry(documentName, collection, entryIdOf(item)) : null));
}

function column({ item, names }: Context, id: unknown): string {
  const documentName = documentNameOf(item);
  return oneLine((documentName ? names.entry(documentName, 'columns', str(id)) : null) ?? id) || '?';
}

/** What the actor did, without the actor: "moved “Teaser” from To do to Review". Unknown types still read sensibly. */
function phrase(ctx: Context): Part[] {
  const { data, type } = ctx.item.event;
  switch (type) {
    case 'task.created':
      return ['created ', titleOf(ctx, 'cards'), ` in ${column(ctx, data.columnId)}`];
    case 'task.moved':
      return ['moved ', titleOf(ctx, 'cards'), ` from ${column(ctx, data.from)} to ${column(ctx, data.to)}`];
    case 'task.assigned':
      return personOrYou(ctx, data.assignee) === 'you' ? ['assigned you to ', titleOf(ctx, 'cards')] : ['assigned ', titleOf(ctx, 'cards'), ` to ${personOrYou(ctx, data.assignee)}`];
    case 'task.unassigned':
      return [`removed ${personOrYou(ctx, data.assignee)} from `, titleOf(ctx, 'cards')];
    case 'task.due-changed':
      return data.to ? ['set the due date of ', titleOf(ctx, 'cards'), ' to ', when(data.to)] : ['removed the due date of ', titleOf(ctx, 'cards')];
    case 'task.commented':
      return ['commented on ', titleOf(ctx, 'cards'), ...excerpt(data.body)];
    case 'task.archived':
      return ['archived ', titleOf(ctx, 'cards')];
    case 'event.scheduled':
      return ['scheduled ', quote(data.title, 'an event'), ' for ', when(data.start)];
    case 'event.rescheduled':
      return ['moved ', quote(data.title, 'an event'), ' to ', when(data.start)];
    case 'event.cancelled':
      return ['cancelled ', quote(data.title, 'an event')];
    case 'event.conflicting': {
      const other = (data.with ?? {}) as Record<string, unknown>;
      const reasons = Array.isArray(data.reasons) ? data.reasons : [];
      const why = reasons.includes('channel') && reasons.includes('assignee') ? 'same channel and assignee' : reasons.includes('assignee') ? 'same assignee' : 'same channel';
      return ['made ', quote(data.title, 'an event'), ' clash with ', quote(other.title, 'another event'), ` (${why}) at `, when(data.start)];
    }
    case 'item.stage-changed':
      return ['moved ', titleOf(ctx, 'items'), ` from ${humanize(data.from)} to ${humanize(data.to)}`];
    case 'item.feedback-added':
      return ['gave feedback on ', titleOf(ctx, 'items'), ...excerpt(data.body)];
    case 'thread.opened':
      return ['commented on ', quote(data.quote, 'the text'), ...excerpt(data.body)];
    case 'thread.replied':
      return ['replied in a thread', ...excerpt(data.body)];
    case 'thread.resolved':
      return ['resolved a thread'];
    case 'request.created':
      return ['opened the request ', quote(data.title, 'a request')];
    case 'request.status-changed':
      return ['moved the request ', quote(data.title, 'a request'), ` from ${humanize(data.from)} to ${humanize(data.to)}`];
    case 'request.assigned':
      return personOrYou(ctx, data.assignee) === 'you' ? ['assigned you the request ', quote(data.title, 'a request')] : ['assigned the request ', quote(data.title, 'a request'), ` to ${personOrYou(ctx, data.assignee)}`];
    case 'request.commented':
      return ['commented on the request ', quote(data.title, 'a request'), ...excerpt(data.body)];
    case 'test-account.rotation-due':
      return ['found the password of the test account ', quote(data.service, 'a test account'), data.reason === 'failed' ? ' not rotated' : ' due for rotation', ...excerpt(data.error)];
    case 'integration.broken':
      return [`found the ${oneLine(data.integrationKind) ? `${oneLine(data.integrationKind)} ` : ''}integration `, quote(data.name, 'an integration'), ' broken', ...excerpt(data.reason)];
    default:
      return [humanize(String(type).replace('.', ' ')), ...(oneLine(data.title) ? [' ', quote(data.title)] : [])];
  }
}

/** An instant in UTC to the minute (the reader's zone is not known); a bare date stays a date. */
const timeText = (value: string) => (value.includes('T') ? `${new Date(value).toISOString().slice(0, 16).replace('T', ' ')} UTC` : value.slice(0, 10));
const asText = (parts: readonly Part[]) => parts.map((p) => (typeof p === 'string' ? p : 'quote' in p ? `“${p.quote}”` : timeText(p.time))).join('');
const asHtml = (parts: readonly Part[]) => parts.map((p) => (typeof p === 'string' ? escapeHtml(p) : 'quote' in p ? `<strong>${escapeHtml(p.quote)}</strong>` : escapeHtml(timeText(p.time)))).join('');

interface Place {
  title: string;
  link: string;
  items: Outgoing[];
}

/** Groups a batch (in the feed's order) by where it happened: a document, or a request. */
function placesOf(batch: readonly Outgoing[], names: EventNames, publicUrl: string): Place[] {
  const places = new Map<string, Place>();
  for (const item of batch) {
    const documentName = documentNameOf(item);
    const link = linkOf(publicUrl, item);
    const title = documentName ? names.document(documentName) : oneLine(item.event.data.title) || names.project(item.event.projectId);
    const place = places.get(link) ?? { title: `${oneLine(title)} · ${oneLine(names.project(item.event.projectId))}`, link, items: [] };
    place.items.push(item);
    places.set(link, place);
  }
  return [...places.values()];
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * The email for one person's batch (already only what concerns them): one sentence when it is one
 * event, else a digest grouped by document. Names people by display name only, and everything
 * people wrote is escaped in the HTML (and kept to one line in the subject).
 */
export function renderEmail(input: { recipient: { id: string; name: string }; batch: readonly Outgoing[]; names: EventNames; publicUrl: string }): EmailMessage {
  const { recipient, batch, names, publicUrl } = input;
  const sentence = (item: Outgoing): Part[] => [names.actor(item.event.actor), ' ', ...phrase({ item, names, recipientId: recipient.id })];
  const places = placesOf(batch, names, publicUrl);
  const projects = new Set(batch.map((item) => item.event.projectId));
  const subject =
    batch.length === 1
      ? oneLine(asText(sentence(batch[0]!)), 150)
      : places.length === 1
        ? `${count(batch.length, 'update')} on ${places[0]!.title}`
        : `${count(batch.length, 'update')} in ${projects.size === 1 ? oneLine(names.project(batch[0]!.event.projectId)) : count(projects.size, 'project')}`;

  let shown = 0;
  const text: string[] = [`Hi ${oneLine(recipient.name) || 'there'},`, ''];
  const html: string[] = [`<p>Hi ${escapeHtml(oneLine(recipient.name) || 'there')},</p>`];
  for (const place of places) {
    const lines = place.items.slice(0, Math.max(0, MAX_LINES - shown));
    shown += lines.length;
    const more = place.items.length - lines.length;
    text.push(place.title, place.link, ...lines.map((item) => `  • ${asText(sentence(item))} (${timeText(item.event.occurredAt)})`));
    if (more > 0) text.push(`  … and ${count(more, 'more change')}`);
    text.push('');
    html.push(
      `<h3 style="margin:16px 0 4px"><a href="${escapeHtml(place.link)}">${escapeHtml(place.title)}</a></h3>`,
      `<ul style="margin:0;padding-left:20px">${lines.map((item) => `<li>${asHtml(sentence(item))} <span style="color:#666">(${escapeHtml(timeText(item.event.occurredAt))})</span></li>`).join('')}${more > 0 ? `<li>… and ${escapeHtml(count(more, 'more change'))}</li>` : ''}</ul>`,
    );
  }
  const footer = 'You get this email because these changes concern you (your cards, events, items, threads or requests). Choose what reaches you by email in your notification preferences.';
  text.push('—', footer);
  html.push(`<p style="color:#666;font-size:12px;margin-top:24px">${escapeHtml(footer)}</p>`);
  return { subject, text: text.join('\n'), html: `<!doctype html><html><body style="font-family:sans-serif;font-size:14px">${html.join('\n')}</body></html>` };
}
