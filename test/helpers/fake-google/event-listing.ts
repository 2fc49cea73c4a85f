/** events.list as Google answers it: pages with page tokens, deltas with sync tokens, and 410 for stale ones. */
import { ApiError, copy, decodeOpaque, encodeOpaque, type FakeGoogleEvent, type Json } from './shared.js';
import { byId, type CalendarState, type CalendarStore } from './calendars.js';

/**
 * Where a listing resumes: changes after `from` (null: full listing), ids after `after`. Pages show
 * current state; the final sync token still says `upto` (the sequence when page one was asked
 * for), so a change made while paging comes again in the next delta: at least once, never lost.
 */
interface Cursor { c: string; from: number | null; upto: number; after: string; del: boolean; g: number }

const SYNC_ONLY_CONFLICTS = ['iCalUID', 'orderBy', 'privateExtendedProperty', 'q', 'sharedExtendedProperty', 'timeMin', 'timeMax', 'updatedMin'];

export class EventListing {
  /** Sync tokens (and delta page tokens) carry the generation they were made in; expireSyncTokens starts a new one. */
  private generation = 0;

  constructor(private readonly calendars: CalendarStore) {}

  expireSyncTokens(): void {
    this.generation += 1;
  }

  list(cal: CalendarState, query: Record<string, string>): Json {
    const cursor = this.startCursor(cal, query);
    const max = readMaxResults(query.maxResults);
    const matching = [...cal.events.values()]
      .filter((s) => s.event.id > cursor.after)
      .filter((s) => (cursor.from === null ? cursor.del || s.event.status !== 'cancelled' : s.seq > cursor.from))
      .sort(byId);
    const page = matching.slice(0, max);
    const body: Json = { kind: 'calendar#events', etag: this.calendars.listEtag(), summary: cal.summary, timeZone: cal.timeZone, updated: cal.updated, accessRole: 'owner', defaultReminders: [], items: page.map((s) => listItem(s.event)) };
    const last = page.at(-1);
    if (matching.length > max && last) body.nextPageToken = encodeOpaque({ ...cursor, after: last.event.id });
    else body.nextSyncToken = encodeOpaque({ c: cal.id, seq: cursor.upto, g: this.generation });
    return body;
  }

  private startCursor(cal: CalendarState, query: Record<string, string>): Cursor {
    const generation = this.generation;
    const base = { c: cal.id, upto: cal.seq, after: '', g: generation };
    if (query.pageToken) {
      const c = decodeOpaque(query.pageToken) as Partial<Cursor> | undefined;
      if (!c || c.c !== cal.id || typeof c.upto !== 'number' || typeof c.after !== 'string') throw new ApiError(400, 'invalid', 'Invalid page token value.');
      if (c.from !== null && c.g !== generation) throw new ApiError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
      return c as Cursor;
    }
    if (!query.syncToken) return { ...base, from: null, del: query.showDeleted === 'true' };
    const conflict = SYNC_ONLY_CONFLICTS.find((name) => query[name] !== undefined);
    if (conflict) throw new ApiError(400, 'invalid', `Sync token cannot be combined with ${conflict}.`);
    const t = decodeOpaque(query.syncToken);
    if (!t || t.c !== cal.id || t.g !== generation || typeof t.seq !== 'number' || t.seq > cal.seq) {
      throw new ApiError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
    }
    return { ...base, from: t.seq, del: true };
  }
}

function readMaxResults(value: string | undefined): number {
  if (value === undefined) return 250;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ApiError(400, 'invalid', `Invalid value '${value}'. Values must be within the range: [1, 2500]`);
  return Math.min(n, 2500); // Google caps the page size rather than refusing
}

/** Google lists deleted events minimally: only `id` is guaranteed. */
function listItem(event: FakeGoogleEvent): Partial<FakeGoogleEvent> {
  if (event.status !== 'cancelled') return copy(event);
  return { kind: event.kind, etag: event.etag, id: event.id, status: event.status, updated: event.updated };
}
