import type { calendar_v3 } from '@googleapis/calendar';
import { parseDocumentName } from '../../documents/document-name.js';
import { type EventEntry, eventEntry } from '../../documents/calendar/schema.js';
import { getUserById } from '../../identity/users.js';
import {
  type LinkRow,
  type SyncedEntryRow,
  calendarEntries,
  getGoogleAccount,
  getLink,
  forgetSyncedEntries,
  loadSyncedEntries,
  markNeedsReconnect,
  recordLinkError,
  recordSyncDone,
  saveSyncedEntry,
} from '../../storage/google-calendar.js';
import { type Caller, callerFor } from '../caller.js';
import type { CalendarPlace } from '../calendar/event.js';
import type { Outcome } from '../outcome.js';
import { applyHere, createHere } from './apply-here.js';
import { ensureChannel } from './channels.js';
import { type GoogleEvent, type SyncedEvent, eventIdFor, fromEntry, fromGoogle, googleIdFor, isRecurring, mergeEvent, sameEvent, toGoogle } from './event-mapping.js';
import type { GoogleCalendarDeps } from './google-deps.js';
import { type GoogleFailure, TransientGoogleError, calendarFor, classifyGoogleError } from './google-client.js';

export type SyncResult =
  | { status: 'synced'; fromGoogle: number; toGoogle: number; conflicts: number; fullSync: boolean }
  /** Nothing to do until a person acts (unlinked, account needs reconnecting). */
  | { status: 'paused'; reason: string }
  /** The link cannot sync (its calendar is gone, its linker lost access): recorded on the link. */
  | { status: 'error'; message: string };

/** A refusal here that no retry would change (the linker cannot write the calendar any more). */
class LinkBroken extends Error {}

interface OurEvent {
  entry: EventEntry;
  updatedAt: number;
  etag: string | undefined;
}

/**
 * One two-way pass over a link: Google's changes since the stored sync token (everything after a
 * 410), then each event known on both sides merged against what both held after the last pass
 * (`mergeEvent`), new events copied across under derived ids, and finally the new sync token.
 * Every step can be repeated: a pass killed half-way and run again finds its own inserts as
 * duplicates, recognises replayed Google versions by their `updated` time, and sees its own
 * writes as no change. A change that came from Google therefore never goes back to Google.
 */
export async function syncLink(deps: GoogleCalendarDeps, linkId: string): Promise<SyncResult> {
  const settings = deps.settings;
  if (!settings) return { status: 'paused', reason: 'Google is not configured on this server.' };
  const link = await getLink(deps.db, linkId);
  if (!link) return { status: 'paused', reason: 'unlinked' };
  const account = await getGoogleAccount(deps.db, link.accountId);
  if (!account || account.status !== 'active') return { status: 'paused', reason: 'the Google account needs reconnecting' };
  const user = await getUserById(deps.db, link.createdBy);
  const parsed = parseDocumentName(link.documentName);
  if (!user || !parsed.ok) return { status: 'paused', reason: 'unlinked' };
  const api = calendarFor(settings, deps.secrets.open(account.refreshToken));
  // The pass acts as the person who linked the calendar, with whatever role they have now.
  const caller = callerFor({ type: 'user', user, sessionId: `google-calendar:${link.id}` }, deps.verifier, deps.db);
  const pass = new SyncPass(deps, api, link, caller, { projectId: parsed.value.projectId, calendarId: parsed.value.id });
  try {
    const result = await pass.run();
    await ensureChannel(deps, api, link);
    return result;
  } catch (error) {
    if (error instanceof LinkBroken) {
      await recordLinkError(deps.db, link.id, error.message);
      return { status: 'error', message: error.message };
    }
    if (error instanceof TransientGoogleError) throw error;
    const failure = classifyGoogleError(error);
    if (failure.kind === 'revoked') {
      await markNeedsReconnect(deps.db, account.id, failure.message);
      return { status: 'paused', reason: failure.message };
    }
    if (failure.kind === 'refused' || failure.kind === 'gone') {
      const message = `Google refused the sync: ${failure.message}`;
      await recordLinkError(deps.db, link.id, message);
      return { status: 'error', message };
    }
    deps.logger.warn({ err: error, linkId: link.id }, 'google calendar sync failed; retrying later');
    throw new TransientGoogleError(failure.message);
  }
}

class SyncPass {
  private fromGoogleCount = 0;
  private toGoogleCount = 0;
  private conflicts = 0;

  constructor(
    private readonly deps: GoogleCalendarDeps,
    private readonly api: calendar_v3.Calendar,
    private readonly link: LinkRow,
    private readonly caller: Caller,
    private readonly where: CalendarPlace,
  ) {}

  async run(): Promise<SyncResult> {
    const pulled = await this.pull();
    const known = await loadSyncedEntries(this.deps.db, this.link.id);
    const byGoogleId = new Map(known.map((row) => [row.googleEventId, row]));
    const ours = await this.ourEvents();

    const theirs = new Map<string, GoogleEvent>();
    const created: GoogleEvent[] = [];
    // Google ids our inserts would have used: one listed but not known is ours, from a pass cut off after the insert.
    const ourInserts = new Map([...ours.keys()].map((eventId) => [googleIdFor(this.link.id, eventId), eventId]));
    const recurring = new Set(known.filter((row) => row.flags.includes('recurring')).map((row) => row.googleEventId));
    for (const item of pulled.items) {
      if (!item.id) continue;
      // A deleted series may come back as a bare `{ id, status: 'cancelled' }`, without its recurrence.
      if (isRecurring(item) || (item.status === 'cancelled' && recurring.has(item.id))) {
        if (item.status === 'cancelled') recurring.delete(item.id);
        else recurring.add(item.id);
        continue;
      }
      const row = byGoogleId.get(item.id);
      const orphan = row ? undefined : ourInserts.get(item.id);
      if (orphan !== undefined) {
        await this.adoptOrphan(orphan, item, known, byGoogleId);
        continue;
      }
      if (!row) {
        if (item.status !== 'cancelled') created.push(item);
      } else if (!row.googleUpdated || !item.updated || Date.parse(item.updated) > row.googleUpdated.getTime()) {
        // Only a version newer than the one the last pass stored is a change: an older or equal one is
        // a list replayed after a crash, or our own write coming back.
        theirs.set(row.eventId, item);
      }
    }
    if (pulled.full) {
      // A full list shows no deleted events: whatever we knew there and it no longer lists was deleted.
      const listed = new Set(pulled.items.map((item) => item.id));
      for (const row of known) if (!row.flags.includes('recurring') && !listed.has(row.googleEventId) && !(row.synced as unknown as SyncedEvent).deleted) theirs.set(row.eventId, { id: row.googleEventId, status: 'cancelled' });
      for (const id of [...recurring]) if (!listed.has(id)) recurring.delete(id);
    }

    for (const row of known) if (!row.flags.includes('recurring')) await this.reconcile(row, ours.get(row.eventId), theirs.get(row.eventId));
    for (const item of created) await this.copyFromGoogle(item, ours);
    const knownIds = new Set(known.map((row) => row.eventId));
    for (const [eventId, event] of ours) if (!knownIds.has(eventId) && !fromEntry(event.entry)!.deleted) await this.copyToGoogle(eventId, event);
    await this.rememberRecurring(known, recurring);

    await recordSyncDone(this.deps.db, this.link.id, { syncToken: pulled.nextSyncToken, recurringSkipped: recurring.size });
    return { status: 'synced', fromGoogle: this.fromGoogleCount, toGoogle: this.toGoogleCount, conflicts: this.conflicts, fullSync: pulled.full };
  }

  /** Google's changes since the sync token, or everything when there is none or Google says it is too old (410). */
  private async pull(): Promise<{ items: GoogleEvent[]; nextSyncToken: string | null; full: boolean }> {
    let syncToken = this.link.syncToken;
    for (;;) {
      try {
        return await this.list(syncToken);
      } catch (error) {
        if (syncToken && classifyGoogleError(error).kind === 'sync-token-gone') {
          this.deps.logger.info({ linkId: this.link.id }, 'google sync token expired; listing the whole calendar');
          syncToken = null;
          continue;
        }
        throw error;
      }
    }
  }

  private async list(syncToken: string | null): Promise<{ items: GoogleEvent[]; nextSyncToken: string | null; full: boolean }> {
    const items: GoogleEvent[] = [];
    let pageToken: string | undefined;
    let nextSyncToken: string | null = null;
    do {
      const { data } = await this.api.events.list({ calendarId: this.link.googleCalendarId, maxResults: 250, ...(syncToken ? { syncToken } : {}), ...(pageToken ? { pageToken } : {}) });
      items.push(...(data.items ?? []));
      pageToken = data.nextPageToken ?? undefined;
      nextSyncToken = data.nextSyncToken ?? nextSyncToken;
    } while (pageToken);
    return { items, nextSyncToken, full: !syncToken };
  }

  private async ourEvents(): Promise<Map<string, OurEvent>> {
    const events = new Map<string, OurEvent>();
    for (const row of await calendarEntries(this.deps.db, this.link.documentName)) {
      const parsed = eventEntry.safeParse(row.data);
      if (parsed.success) events.set(row.eventId, { entry: parsed.data, updatedAt: row.updatedAt.getTime(), etag: row.etag });
    }
    return events;
  }

  /** An event known on both sides: merge what each holds now against the last pass's base, and write each side that differs. */
  private async reconcile(row: SyncedEntryRow, ours: OurEvent | undefined, google: GoogleEvent | undefined): Promise<void> {
    const base = row.synced as unknown as SyncedEvent;
    const oursNow = fromEntry(ours?.entry) ?? { ...base, deleted: true };
    let theirsNow = base;
    let flags = row.flags;
    if (google?.status === 'cancelled') theirsNow = { ...base, deleted: true };
    else if (google) {
      const converted = fromGoogle(google, this.link.googleTimeZone);
      if (converted) ({ event: theirsNow, flags } = converted);
    }
    const googleVersion = { etag: google?.etag ?? row.etag, updated: google?.updated ? new Date(google.updated) : row.googleUpdated };
    if (sameEvent(oursNow, base) && sameEvent(theirsNow, base)) {
      if (google) await saveSyncedEntry(this.deps.db, this.link.id, { ...row, etag: googleVersion.etag, googleUpdated: googleVersion.updated, flags });
      return;
    }
    const merge = mergeEvent(base, oursNow, theirsNow, ours?.updatedAt ?? 0, google?.updated ? Date.parse(google.updated) : 0);
    if (!sameEvent(merge.result, oursNow)) {
      this.fromGoogleCount += 1;
      if (ours) this.check(await applyHere(this.deps, this.caller, this.where, row.eventId, merge.result, ours.etag));
      else if (!merge.result.deleted) this.check(await createHere(this.deps, this.caller, this.where, row.eventId, merge.result), true);
    }
    let written = googleVersion;
    if (!sameEvent(merge.result, theirsNow)) {
      this.toGoogleCount += 1;
      written = await this.writeGoogle(row, merge.result, theirsNow, googleVersion.etag);
    }
    if (merge.winner) this.conflicts += 1;
    const conflict = merge.winner ? { fields: merge.conflicting, winner: merge.winner, at: new Date().toISOString() } : null;
    await saveSyncedEntry(this.deps.db, this.link.id, { ...row, etag: written.etag, googleUpdated: written.updated, synced: { ...merge.result }, conflict, flags });
  }

  /** Patches or deletes the Google event (If-Match: the version the merge read; a change meanwhile retries the pass). */
  private async writeGoogle(row: SyncedEntryRow, result: SyncedEvent, theirs: SyncedEvent, etag: string | null): Promise<{ etag: string | null; updated: Date | null }> {
    const calendarId = this.link.googleCalendarId;
    const headers: Record<string, string> = etag ? { 'If-Match': etag } : {};
    try {
      if (result.deleted) {
        await this.api.events.delete({ calendarId, eventId: row.googleEventId }, { headers });
        return { etag: null, updated: row.googleUpdated };
      }
      const { data } = await this.api.events.patch({ calendarId, eventId: row.googleEventId, requestBody: { ...toGoogle(result), ...(theirs.deleted ? { status: 'confirmed' } : {}) } }, { headers });
      return { etag: data.etag ?? null, updated: data.updated ? new Date(data.updated) : row.googleUpdated };
    } catch (error) {
      const failure = classifyGoogleError(error);
      if (failure.kind === 'gone' && result.deleted) return { etag: null, updated: row.googleUpdated };
      if (failure.kind === 'precondition') throw new TransientGoogleError('The Google event changed during the sync; syncing again.');
      if (this.refusedOne(failure, row.eventId)) return { etag: row.etag, updated: row.googleUpdated };
      throw error;
    }
  }

  /**
   * One of our events that a cut-off pass inserted without recording it: recorded now with what
   * Google holds as the base (and its version as seen), so the merge sends ours if they differ.
   */
  private async adoptOrphan(eventId: string, item: GoogleEvent, known: SyncedEntryRow[], byGoogleId: Map<string, SyncedEntryRow>): Promise<void> {
    const converted = item.status === 'cancelled' ? null : fromGoogle(item, this.link.googleTimeZone);
    if (!converted || !item.id) return;
    const row: SyncedEntryRow = { eventId, googleEventId: item.id, etag: item.etag ?? null, googleUpdated: item.updated ? new Date(item.updated) : null, synced: { ...converted.event }, conflict: null, flags: converted.flags };
    await saveSyncedEntry(this.deps.db, this.link.id, row);
    known.push(row);
    byGoogleId.set(item.id, row);
  }

  /** A Google event new to us becomes an event here, under an id derived from Google's. */
  private async copyFromGoogle(item: GoogleEvent, ours: Map<string, OurEvent>): Promise<void> {
    const converted = fromGoogle(item, this.link.googleTimeZone);
    if (!converted || !item.id) return;
    const eventId = eventIdFor(this.link.id, item.id);
    if (!ours.has(eventId)) {
      this.check(await createHere(this.deps, this.caller, this.where, eventId, converted.event), true);
      this.fromGoogleCount += 1;
    }
    await saveSyncedEntry(this.deps.db, this.link.id, {
      eventId,
      googleEventId: item.id,
      etag: item.etag ?? null,
      googleUpdated: item.updated ? new Date(item.updated) : null,
      synced: { ...converted.event },
      flags: converted.flags,
    });
  }

  /** One of our events new to Google, under an id derived from ours: a repeat after a crash meets 409 and takes the one it made. */
  private async copyToGoogle(eventId: string, ours: OurEvent): Promise<void> {
    const event = fromEntry(ours.entry)!;
    const calendarId = this.link.googleCalendarId;
    const googleEventId = googleIdFor(this.link.id, eventId);
    let stored: calendar_v3.Schema$Event;
    let base = event;
    try {
      stored = (await this.api.events.insert({ calendarId, requestBody: { id: googleEventId, ...toGoogle(event) } })).data;
    } catch (error) {
      const failure = classifyGoogleError(error);
      if (this.refusedOne(failure, eventId)) return;
      if (failure.kind !== 'duplicate') throw error;
      stored = (await this.api.events.get({ calendarId, eventId: googleEventId })).data;
      // What Google holds is the base: if it differs from ours, the next pass sends ours.
      base = fromGoogle(stored, this.link.googleTimeZone)?.event ?? event;
    }
    this.toGoogleCount += 1;
    await saveSyncedEntry(this.deps.db, this.link.id, { eventId, googleEventId, etag: stored.etag ?? null, googleUpdated: stored.updated ? new Date(stored.updated) : null, synced: { ...base }, flags: [] });
  }

  /** Recurring Google events are not synced; they are remembered (to count them for the screen) and dropped when Google deletes them. */
  private async rememberRecurring(known: SyncedEntryRow[], recurring: Set<string>): Promise<void> {
    const had = new Set(known.filter((row) => row.flags.includes('recurring')).map((row) => row.googleEventId));
    for (const id of recurring) {
      if (had.has(id)) continue;
      await saveSyncedEntry(this.deps.db, this.link.id, { eventId: `r_${eventIdFor(this.link.id, id)}`, googleEventId: id, etag: null, googleUpdated: null, synced: {}, flags: ['recurring'] });
    }
    await forgetSyncedEntries(this.deps.db, this.link.id, [...had].filter((id) => !recurring.has(id)));
  }

  /**
   * Google refused one event's content (400: a range it does not accept): logged and left out,
   * so one event cannot stop the whole calendar's sync.
   */
  private refusedOne(failure: GoogleFailure, eventId: string): boolean {
    if (failure.kind !== 'refused' || failure.status !== 400) return false;
    this.deps.logger.warn({ linkId: this.link.id, eventId, message: failure.message }, 'google refused an event; it is left out of the sync');
    return true;
  }

  /**
   * An edit here that the operations refused: a stale version retries the pass; lost access or a
   * full document breaks the link. Anything else (a value the calendar's rules refuse) is logged and
   * the event left as it is here: the base moves on, so the next pass sends our version to Google.
   */
  private check(outcome: Outcome<unknown>, creating = false): void {
    if (outcome.ok) return;
    const code = outcome.error.code;
    if (code === 'PRECONDITION_FAILED') throw new TransientGoogleError('The event changed here during the sync; syncing again.');
    if (creating && code === 'ALREADY_EXISTS') return;
    if (code === 'FORBIDDEN' || code === 'NOT_FOUND') throw new LinkBroken('The person who linked this calendar can no longer edit it here; link it again as someone who can.');
    if (code === 'DOCUMENT_TOO_LARGE') throw new LinkBroken('The calendar is at its size limit; Google changes cannot be added.');
    this.deps.logger.warn({ linkId: this.link.id, code, message: outcome.error.message }, 'a change from Google was refused by the calendar');
  }
}
