import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { calendar_v3 } from '@googleapis/calendar';
import { type LinkRow, linkByChannel, setChannel } from '../../storage/google-calendar.js';
import type { GoogleCalendarDeps } from './google-deps.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Keeps a push channel (events.watch) open for a link while push is configured: a new one when
 * there is none or it ends within a day (or half its lifetime, for short ones), the old one
 * stopped after. Without a push address the link is polled instead. Failures are logged, not
 * thrown: polling covers a link whose channel could not be opened.
 */
export async function ensureChannel(deps: GoogleCalendarDeps, api: calendar_v3.Calendar, link: LinkRow): Promise<void> {
  const pushUrl = deps.settings?.pushUrl;
  if (!pushUrl) {
    if (link.channelId) await stopChannel(deps, api, link);
    return;
  }
  const ttlMs = (deps.settings?.channelTtlSeconds ?? 604_800) * 1000;
  const renewBefore = Date.now() + Math.min(DAY_MS, ttlMs / 2);
  if (link.channelId && link.channelExpiresAt && link.channelExpiresAt.getTime() > renewBefore) return;
  const token = randomBytes(32).toString('base64url');
  const id = randomUUID();
  try {
    const { data } = await api.events.watch({
      calendarId: link.googleCalendarId,
      requestBody: { id, type: 'web_hook', address: pushUrl, token, params: { ttl: String(Math.floor(ttlMs / 1000)) } },
    });
    await setChannel(deps.db, link.id, { id, resourceId: data.resourceId ?? '', tokenHash: hashToken(token), expiresAt: new Date(Number(data.expiration ?? Date.now() + ttlMs)) });
    deps.logger.info({ linkId: link.id, channelId: id }, 'google calendar push channel opened');
  } catch (error) {
    deps.logger.warn({ err: error, linkId: link.id }, 'could not open a google calendar push channel; the calendar is polled');
    return;
  }
  if (link.channelId) await stopQuietly(deps, api, link.channelId, link.channelResourceId);
}

/** Stops the link's channel at Google (best effort) and forgets it. */
export async function stopChannel(deps: GoogleCalendarDeps, api: calendar_v3.Calendar, link: LinkRow): Promise<void> {
  if (!link.channelId) return;
  await stopQuietly(deps, api, link.channelId, link.channelResourceId);
  await setChannel(deps.db, link.id, null);
}

async function stopQuietly(deps: GoogleCalendarDeps, api: calendar_v3.Calendar, channelId: string, resourceId: string | null): Promise<void> {
  try {
    await api.channels.stop({ requestBody: { id: channelId, resourceId: resourceId ?? '' } });
  } catch (error) {
    // An expired channel is already gone at Google; nothing else to do.
    deps.logger.debug({ err: error, channelId }, 'stopping a google calendar channel failed');
  }
}

export interface Notification {
  channelId: string | undefined;
  token: string | undefined;
  resourceId: string | undefined;
  state: string | undefined;
}

/**
 * A push notification from Google: a known channel with its token and resource asks for a sync of
 * its link ('sync', the channel's first message, does not). Anything else is ignored and logged:
 * the sender gets the same answer either way, so probing learns nothing.
 */
export async function receiveNotification(deps: GoogleCalendarDeps, notification: Notification): Promise<'sync-requested' | 'acknowledged' | 'ignored'> {
  const { channelId, token, resourceId, state } = notification;
  const link = channelId ? await linkByChannel(deps.db, channelId) : null;
  const expected = link?.channelTokenHash ? Buffer.from(link.channelTokenHash, 'hex') : null;
  const given = token ? Buffer.from(hashToken(token), 'hex') : null;
  const tokenMatches = expected !== null && given !== null && expected.length === given.length && timingSafeEqual(expected, given);
  if (!link || !tokenMatches || (link.channelResourceId && resourceId !== link.channelResourceId)) {
    deps.logger.warn({ channelId: channelId?.slice(0, 100), known: Boolean(link), tokenMatches }, 'ignored a google calendar notification that is not ours');
    return 'ignored';
  }
  if (state === 'sync') return 'acknowledged';
  await deps.requestSync(link.id);
  return 'sync-requested';
}
