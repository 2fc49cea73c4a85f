import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { OAuth2Client } from 'google-auth-library';
import type { Config } from '../../platform/config.js';

/** Read and write events, list calendars (calendarList needs its own scope), and identify the account. */
export const CALENDAR_SCOPES = ['openid', 'email', 'https://www.googleapis.com/auth/calendar.events', 'https://www.googleapis.com/auth/calendar.calendarlist.readonly'];

export interface GoogleSettings {
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  apiUrl: string;
  pushUrl: string | undefined;
  pollSeconds: number;
  channelTtlSeconds: number;
}

export const NOTIFICATIONS_PATH = '/api/google-calendar/notifications';

/**
 * Null when Google sign-in is not configured: calendar sync rides on its OAuth client. The push
 * address is read when used: the public URL is known only once the server listens.
 */
export function googleSettings(config: Config, publicUrl: () => string): GoogleSettings | null {
  const google = config.auth.google;
  if (!google) return null;
  const { revokeUrl, apiUrl, pollSeconds, channelTtlSeconds, push } = config.googleCalendar;
  const explicit = config.googleCalendar.pushUrl;
  return {
    clientId: google.clientId,
    clientSecret: google.clientSecret,
    authorizationUrl: google.authorizationUrl,
    tokenUrl: google.tokenUrl,
    revokeUrl,
    apiUrl,
    pollSeconds,
    channelTtlSeconds,
    get pushUrl() {
      if (push === 'never') return undefined;
      const url = explicit ?? `${publicUrl().replace(/\/+$/, '')}${NOTIFICATIONS_PATH}`;
      return push === 'always' || url.startsWith('https:') ? url : undefined;
    },
  };
}

export function oauthClient(settings: GoogleSettings, redirectUri?: string): OAuth2Client {
  return new OAuth2Client({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    ...(redirectUri ? { redirectUri } : {}),
    endpoints: { oauth2AuthBaseUrl: settings.authorizationUrl, oauth2TokenUrl: settings.tokenUrl, oauth2RevokeUrl: settings.revokeUrl },
  });
}

/**
 * The Calendar API acting for one account (its refresh token in clear). The library's own
 * retries are off: a job retries with backoff that survives restarts, and a PATCH or POST the
 * library repeated blindly could not be told from ours.
 */
export function calendarFor(settings: GoogleSettings, refreshToken: string): calendar_v3.Calendar {
  const auth = oauthClient(settings);
  auth.setCredentials({ refresh_token: refreshToken });
  return calendar({ version: 'v3', auth, rootUrl: settings.apiUrl, retry: false, timeout: 30_000 });
}

export type GoogleFailure =
  /** The refresh token was revoked or expired: only the person can fix it, by reconnecting. */
  | { kind: 'revoked'; message: string }
  /** 429, 403 rate limits, 5xx, network: try again later. */
  | { kind: 'transient'; message: string }
  /** The sync token is too old (410): list everything again. */
  | { kind: 'sync-token-gone'; message: string }
  | { kind: 'precondition'; message: string }
  | { kind: 'duplicate'; message: string }
  /** 404, or 410 for an event already deleted. */
  | { kind: 'gone'; message: string }
  | { kind: 'refused'; status: number; message: string };

interface ErrorLike {
  status?: number;
  code?: string | number;
  message?: string;
  response?: { status?: number; data?: unknown };
}

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);

/** What a failed call to Google means for us, from the status and Google's error body. */
export function classifyGoogleError(error: unknown): GoogleFailure {
  const e = (error ?? {}) as ErrorLike;
  const status = e.response?.status ?? e.status ?? (typeof e.code === 'number' ? e.code : undefined);
  const data = e.response?.data as { error?: string | { errors?: { reason?: string }[]; message?: string } } | undefined;
  const message = String((typeof data?.error === 'object' ? data.error.message : undefined) ?? e.message ?? 'Google did not answer').slice(0, 500);
  if (data?.error === 'invalid_grant' || (status === 401 && typeof data?.error !== 'string')) return { kind: 'revoked', message: 'Google refused the stored authorization (revoked or expired); reconnect the account.' };
  // Any other OAuth error (invalid_client…) is this server's configuration, not something the person can fix.
  if (typeof data?.error === 'string') return { kind: 'refused', status: status ?? 400, message: `Google's token endpoint answered ${data.error.slice(0, 100)}` };
  const reason = typeof data?.error === 'object' ? data.error.errors?.[0]?.reason : undefined;
  if (status === undefined || status >= 500 || status === 429 || status === 408 || (status === 403 && reason && RATE_LIMIT_REASONS.has(reason))) return { kind: 'transient', message };
  if (status === 410 && reason === 'fullSyncRequired') return { kind: 'sync-token-gone', message };
  if (status === 410 || status === 404) return { kind: 'gone', message };
  if (status === 412) return { kind: 'precondition', message };
  if (status === 409) return { kind: 'duplicate', message };
  return { kind: 'refused', status, message };
}

/** A failure the job should retry (with its backoff). */
export class TransientGoogleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientGoogleError';
  }
}
