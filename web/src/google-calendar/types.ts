import { currentAccessToken } from '../api.js';
import { sinceText as relativeText } from '../time-text.js';

/** One of the signed-in person's own Google accounts, as GET /api/google-calendar/accounts answers. */
export interface GoogleAccount {
  id: string;
  email: string;
  status: 'active' | 'needs-reconnect';
  lastError: string | null;
  connectedAt: string;
}

/** A calendar of a Google account, as GET /api/google-calendar/accounts/:id/calendars answers. */
export interface GoogleCalendar {
  id: string;
  summary: string;
  timeZone: string;
  primary: boolean;
}

/** An event changed on both sides between two syncs, and which side's change was kept. */
export interface GoogleCalendarConflict {
  eventId: string;
  title: string;
  fields: string[];
  winner: 'google' | 'here';
  at: string;
}

/** A content calendar synced both ways with a Google calendar. */
export interface GoogleCalendarLink {
  id: string;
  projectId: string;
  documentId: string;
  documentName: string;
  documentTitle: string;
  accountId: string;
  accountEmail: string;
  googleCalendarId: string;
  googleCalendarSummary: string;
  status: 'active' | 'needs-reconnect' | 'error';
  lastError: string | null;
  lastSyncedAt: string | null;
  updates: 'push' | 'polling';
  recurringSkipped: number;
  conflicts: GoogleCalendarConflict[];
  createdAt: string;
}

/** A content calendar document of the project (from GET /api/projects/:id/documents?kind=calendar). */
export interface CalendarDocument {
  id: string;
  name: string;
  kind: string;
  title: string;
}

export const LINK_STATUS_LABEL: Record<GoogleCalendarLink['status'], string> = {
  active: 'active',
  'needs-reconnect': 'needs reconnect',
  error: 'error',
};

export const ACCOUNT_STATUS_LABEL: Record<GoogleAccount['status'], string> = {
  active: 'active',
  'needs-reconnect': 'needs reconnect',
};

/**
 * Sends the browser to Google to connect (or reconnect) an account; Google sends it back to this
 * project's Google Calendar screen. A full-page navigation carries only cookies, so the access
 * cookie is refreshed first when it is about to expire.
 */
export async function connectGoogleAccount(projectId: string): Promise<void> {
  await currentAccessToken().catch(() => null);
  location.href = `/api/google-calendar/connect?projectId=${encodeURIComponent(projectId)}`;
}

export const localTime = (iso: string) => new Date(iso).toLocaleString();

/** "just now", "3 minutes ago", "yesterday"; the local date and time past a month. */
export const sinceText = (iso: string, now = Date.now()) => relativeText(iso, now, localTime);
