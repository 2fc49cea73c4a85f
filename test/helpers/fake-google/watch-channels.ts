/**
 * Push notifications: the channels events.watch makes and channels.stop ends, and the POSTs
 * Google sends to their addresses (a 'sync' on creation, an 'exists' per change).
 */
import http from 'node:http';
import { ApiError, isRecord, type DeliveredNotification, type Json } from './shared.js';
import type { CalendarState } from './calendars.js';

interface Channel { id: string; resourceId: string; address: string; token?: string; expiration: number; calendarId: string; messageNumber: number; stopped: boolean; queue: Promise<void> }

export class WatchChannels {
  readonly notifications: DeliveredNotification[] = [];
  private readonly channelsById = new Map<string, Channel>();
  private readonly deliveries = new Set<Promise<void>>(); // in flight, so close() can wait for them

  /** `baseUrl` gives the fake's own address, known once its server listens. */
  constructor(private readonly baseUrl: () => string) {}

  watch(cal: CalendarState, body: Json): Json {
    const { id, type, address } = body;
    if (typeof id !== 'string' || !id) throw new ApiError(400, 'required', 'Required: id');
    if (typeof address !== 'string' || !address) throw new ApiError(400, 'required', 'Required: address');
    if (type !== 'web_hook' && type !== 'webhook') throw new ApiError(400, 'invalid', `Invalid channel type: ${String(type)}`);
    if (this.channelsById.has(id)) throw new ApiError(400, 'channelIdNotUnique', `Channel id ${id} not unique`);
    const ttl = isRecord(body.params) && body.params.ttl !== undefined ? Number(body.params.ttl) : 604800;
    if (!Number.isFinite(ttl) || ttl <= 0) throw new ApiError(400, 'invalid', 'Invalid ttl value.');
    const channel: Channel = { id, resourceId: cal.resourceId, address, calendarId: cal.id, expiration: Date.now() + ttl * 1000, messageNumber: 0, stopped: false, queue: Promise.resolve() };
    if (typeof body.token === 'string') channel.token = body.token;
    this.channelsById.set(id, channel);
    this.notify(channel, 'sync');
    return { kind: 'api#channel', id, resourceId: channel.resourceId, resourceUri: this.resourceUri(cal.id), token: channel.token, expiration: String(channel.expiration) };
  }

  stop(body: Json): void {
    const channel = typeof body.id === 'string' ? this.channelsById.get(body.id) : undefined;
    if (!channel || channel.resourceId !== body.resourceId) throw new ApiError(404, 'notFound', `Channel '${String(body.id)}' not found for project 'fake'`);
    channel.stopped = true;
    this.channelsById.delete(channel.id);
  }

  /** A change was committed in this calendar: each of its channels gets an 'exists'. */
  changed(calendarId: string): void {
    for (const channel of this.channelsById.values()) if (channel.calendarId === calendarId) this.notify(channel, 'exists');
  }

  list(): { id: string; resourceId: string; address: string; token?: string; expiration: number; calendarId: string }[] {
    return [...this.channelsById.values()].map(({ id, resourceId, address, token: t, expiration, calendarId }) => ({ id, resourceId, address, ...(t === undefined ? {} : { token: t }), expiration, calendarId }));
  }

  /** Resolves when the deliveries in flight now have finished. */
  settled(): Promise<void[]> {
    return Promise.all(this.deliveries);
  }

  /** Queued per channel so a receiver sees messages in order; never delays the API answer. */
  private notify(channel: Channel, state: 'sync' | 'exists'): void {
    const delivery = channel.queue.then(() => this.deliver(channel, state));
    channel.queue = delivery;
    this.deliveries.add(delivery);
    void delivery.finally(() => this.deliveries.delete(delivery));
  }

  private deliver(channel: Channel, state: string): Promise<void> {
    if (channel.stopped || Date.now() > channel.expiration) return Promise.resolve();
    const record = (status: number) => this.notifications.push({ channelId: channel.id, state, status });
    const headers: Record<string, string> = {
      'X-Goog-Channel-ID': channel.id,
      'X-Goog-Channel-Expiration': new Date(channel.expiration).toUTCString(),
      'X-Goog-Resource-ID': channel.resourceId,
      'X-Goog-Resource-URI': this.resourceUri(channel.calendarId),
      'X-Goog-Resource-State': state,
      'X-Goog-Message-Number': String(++channel.messageNumber),
      'Content-Length': '0',
    };
    if (channel.token !== undefined) headers['X-Goog-Channel-Token'] = channel.token;
    return new Promise((resolve) => {
      let settled = false; // a socket error can follow the response: record each message once
      const done = (status: number) => { if (!settled) { settled = true; record(status); resolve(); } };
      try {
        const req = http.request(channel.address, { method: 'POST', headers, agent: false, timeout: 5000 }, (res) => {
          res.resume();
          res.on('end', () => done(res.statusCode ?? 0));
          res.on('close', () => done(res.statusCode ?? 0));
        });
        req.on('timeout', () => req.destroy());
        req.on('error', () => done(0));
        req.end();
      } catch {
        done(0); // not an http: URL, or otherwise unusable
      }
    });
  }

  private resourceUri(calendarId: string): string {
    return `${this.baseUrl()}/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events?alt=json`;
  }
}
