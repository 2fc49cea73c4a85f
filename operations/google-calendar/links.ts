import { recordAudit } from '../../identity/audit.js';
import { can } from '../../identity/roles.js';
import { type LinkListing, type LinkRow, deleteLink, getGoogleAccount, getLink, insertLink, listLinks, recentConflicts } from '../../storage/google-calendar.js';
import type { Caller } from '../caller.js';
import { documentFor } from '../documents/document-access.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { googleFailure, ownAccount, requireSettings } from './accounts.js';
import { stopChannel } from './channels.js';
import { isRecurring } from './event-mapping.js';
import type { GoogleCalendarDeps } from './google-deps.js';
import { calendarFor } from './google-client.js';

export interface LinkView {
  id: string;
  projectId: string;
  documentId: string;
  documentName: string;
  documentTitle: string;
  accountId: string;
  accountEmail: string;
  googleCalendarId: string;
  googleCalendarSummary: string;
  status: LinkRow['status'];
  lastError: string | null;
  lastSyncedAt: string | null;
  /** How Google's changes reach us: a push channel, or polling (GOOGLE_CALENDAR_POLL_SECONDS). */
  updates: 'push' | 'polling';
  /** Recurring Google events, which are not synced. */
  recurringSkipped: number;
  /** The latest events changed on both sides, and which side won (see the README's rule). */
  conflicts: { eventId: string; title: string; fields: string[]; winner: 'google' | 'here'; at: string }[];
  createdAt: string;
}

async function toLinkView(deps: GoogleCalendarDeps, link: LinkListing): Promise<LinkView> {
  const conflicts = await recentConflicts(deps.db, link.id);
  const live = link.channelId !== null && link.channelExpiresAt !== null && link.channelExpiresAt.getTime() > Date.now();
  return {
    id: link.id,
    projectId: link.projectId,
    documentId: link.documentId,
    documentName: link.documentName,
    documentTitle: link.documentTitle,
    accountId: link.accountId,
    accountEmail: link.accountEmail,
    googleCalendarId: link.googleCalendarId,
    googleCalendarSummary: link.googleCalendarSummary,
    status: link.status,
    lastError: link.lastError,
    lastSyncedAt: link.lastSyncedAt?.toISOString() ?? null,
    updates: live ? 'push' : 'polling',
    recurringSkipped: link.recurringSkipped,
    conflicts: conflicts.map(({ eventId, title, conflict }) => ({ eventId, title, fields: conflict.fields, winner: conflict.winner, at: conflict.at })),
    createdAt: link.createdAt.toISOString(),
  };
}

/** Every member who can read the project sees its links (and their errors); changing them needs write access to the calendar. */
export async function listProjectLinks(deps: GoogleCalendarDeps, caller: Caller, projectId: string): Promise<Outcome<LinkView[]>> {
  const role = await caller.roleIn(projectId);
  if (!role || !can(role, 'documents.read')) return fail('NOT_FOUND', 'No such project.');
  const links = await listLinks(deps.db, projectId);
  return ok(await Promise.all(links.map((link) => toLinkView(deps, link))));
}

export interface CreateLinkInput extends AuditOrigin {
  projectId: string;
  documentId: string;
  accountId: string;
  googleCalendarId: string;
}

/**
 * Links a content calendar to a Google calendar of the caller's: both must be free (one link
 * each), the calendar must have no recurring events (their instances are not synced), and the
 * caller must be able to write the document. The first sync is enqueued with the link.
 */
export async function createLink(deps: GoogleCalendarDeps, caller: Caller, input: CreateLinkInput): Promise<Outcome<LinkView>> {
  const settings = requireSettings(deps);
  if (!settings.ok) return settings;
  const access = await documentFor(deps, caller, { projectId: input.projectId, documentId: input.documentId, kind: 'calendar' }, 'write');
  if (!access.ok) return access;
  const account = await ownAccount(deps, caller, input.accountId);
  if (!account.ok) return account;
  if (account.value.status !== 'active') return fail('GOOGLE_ACCOUNT_NEEDS_RECONNECT', 'Google no longer accepts this account’s authorization; reconnect it.');
  const api = calendarFor(settings.value, deps.secrets.open(account.value.refreshToken));
  let calendar: { summary: string; timeZone: string };
  try {
    const { data } = await api.calendars.get({ calendarId: input.googleCalendarId });
    calendar = { summary: data.summary ?? input.googleCalendarId, timeZone: data.timeZone ?? 'UTC' };
    const recurring = await countRecurring(api, input.googleCalendarId);
    if (recurring > 0) return fail('RECURRING_EVENTS', `This Google calendar has ${recurring} recurring event${recurring === 1 ? '' : 's'}; recurring events are not synced, so it cannot be linked. Choose a calendar without them.`, { recurring });
  } catch (error) {
    return googleFailure(deps, account.value.id, error);
  }
  const documentName = access.value.document.name;
  const created = await deps.db.transaction(async (tx) => {
    const link = await insertLink(tx, {
      projectId: input.projectId,
      documentName,
      accountId: account.value.id,
      googleCalendarId: input.googleCalendarId,
      googleCalendarSummary: calendar.summary.slice(0, 200),
      googleTimeZone: calendar.timeZone,
      createdBy: account.value.userId,
    });
    if (!link) return null;
    await recordAudit(tx, { action: 'google_calendar.linked', projectId: input.projectId, ...auditActorOf(caller.principal), target: documentName, details: { linkId: link.id, googleCalendarId: input.googleCalendarId }, ip: input.ip ?? null });
    await deps.requestSync(link.id, { in: tx });
    return link;
  });
  if (!created) return fail('ALREADY_LINKED', 'This calendar, or this Google calendar, is linked already: each can be linked once.');
  const listed = (await listLinks(deps.db, input.projectId)).find((link) => link.id === created.id)!;
  return ok(await toLinkView(deps, listed));
}

/** Google lists recurring events' masters once each (without singleEvents), so this counts series, not instances. */
async function countRecurring(api: ReturnType<typeof calendarFor>, calendarId: string): Promise<number> {
  let count = 0;
  let pageToken: string | undefined;
  do {
    const { data } = await api.events.list({ calendarId, maxResults: 250, ...(pageToken ? { pageToken } : {}) });
    count += (data.items ?? []).filter((item) => item.status !== 'cancelled' && isRecurring(item)).length;
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken);
  return count;
}

/** A link of this project whose calendar the caller may write; others are not found. */
async function writableLink(deps: GoogleCalendarDeps, caller: Caller, projectId: string, linkId: string): Promise<Outcome<LinkRow>> {
  const link = await getLink(deps.db, linkId);
  if (!link || link.projectId !== projectId) return fail('NOT_FOUND', 'No such calendar link.');
  const documentId = link.documentName.split(':')[2] ?? '';
  const access = await documentFor(deps, caller, { projectId, documentId, kind: 'calendar' }, 'write');
  if (!access.ok) return access;
  return ok(link);
}

export async function requestLinkSync(deps: GoogleCalendarDeps, caller: Caller, input: { projectId: string; linkId: string }): Promise<Outcome<{ id: string; queued: true }>> {
  const link = await writableLink(deps, caller, input.projectId, input.linkId);
  if (!link.ok) return link;
  await deps.requestSync(link.value.id);
  return ok({ id: link.value.id, queued: true });
}

/** Unlinks: the push channel is stopped, and nothing is deleted on either side. */
export async function removeLink(deps: GoogleCalendarDeps, caller: Caller, input: { projectId: string; linkId: string } & AuditOrigin): Promise<Outcome<{ id: string }>> {
  const link = await writableLink(deps, caller, input.projectId, input.linkId);
  if (!link.ok) return link;
  const removed = await deps.db.transaction(async (tx) => {
    const row = await deleteLink(tx, link.value.id);
    if (row) await recordAudit(tx, { action: 'google_calendar.unlinked', projectId: input.projectId, ...auditActorOf(caller.principal), target: row.documentName, details: { linkId: row.id, googleCalendarId: row.googleCalendarId }, ip: input.ip ?? null });
    return row;
  });
  if (!removed) return fail('NOT_FOUND', 'No such calendar link.');
  const account = deps.settings && removed.channelId ? await getGoogleAccount(deps.db, removed.accountId) : null;
  if (account && deps.settings) await stopChannel(deps, calendarFor(deps.settings, deps.secrets.open(account.refreshToken)), removed);
  return ok({ id: removed.id });
}
