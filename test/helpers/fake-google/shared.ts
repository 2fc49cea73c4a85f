/** Types, errors and small helpers shared by the parts of the fake Google (see ../fake-google.ts). */
import { randomBytes } from 'node:crypto';

export type EventTime = { dateTime?: string; date?: string; timeZone?: string };
export interface FakeGoogleEvent { id: string; status: 'confirmed' | 'tentative' | 'cancelled'; summary?: string; description?: string; start?: EventTime; end?: EventTime; recurrence?: string[]; recurringEventId?: string; etag: string; updated: string; created: string; htmlLink: string; kind: 'calendar#event' }
/** A request received, for assertions: method, path (without query), query object, body (parsed JSON or form), headers. */
export type RecordedRequest = { method: string; path: string; query: Record<string, string>; body: unknown; headers: Record<string, string | string[] | undefined> };
/** A notification POSTed to a channel address and the HTTP status it got (0: unreachable). */
export type DeliveredNotification = { channelId: string; state: string; status: number };

export type Json = Record<string, unknown>;
export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** An error answered in Google's API shape. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly reason: string, message: string) { super(message); }
}
/** An error answered in the OAuth token endpoint's shape. */
export class OAuthError extends Error {
  constructor(readonly status: number, readonly code: string, readonly description: string) { super(code); }
}

const USAGE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'dailyLimitExceeded']);

export const token = (bytes = 24) => randomBytes(bytes).toString('base64url');
export const encodeOpaque = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
export const copy = <T>(value: T): T => structuredClone(value);
export const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function decodeOpaque(value: string): Json | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function errorBody(status: number, reason: string, message: string): Json {
  const domain = USAGE_LIMIT_REASONS.has(reason) ? 'usageLimits' : 'global';
  if (status === 401) {
    return { error: { code: 401, message: 'Request had invalid authentication credentials.', errors: [{ domain, reason, message, location: 'Authorization', locationType: 'header' }], status: 'UNAUTHENTICATED' } };
  }
  return { error: { code: status, message, errors: [{ domain, reason, message }] } };
}

/** Reads a request body: JSON, form-encoded, or (unparseable) the raw text. */
export function parseBody(raw: string, contentType: string): unknown {
  if (!raw) return undefined;
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    return contentType.includes('json') ? new ApiError(400, 'parseError', 'Parse Error') : raw;
  }
}
