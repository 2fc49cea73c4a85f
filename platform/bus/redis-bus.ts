import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { Bus } from './bus.js';

interface Envelope {
  origin: string;
  topic: string;
  payload: unknown;
}

/** How often a failing publish is logged again while Redis stays down. */
const LOG_EVERY_MS = 30_000;

/**
 * The bus over Redis pub/sub on one channel per deployment (`<REDIS_KEY_PREFIX>bus`). The
 * subscriber is a second connection (a subscribed connection can do nothing else); it subscribes
 * whenever it becomes ready, so a Redis restart resubscribes it. Each message names the process
 * that sent it, which ignores its own.
 */
export function createRedisBus(redis: Redis, keyPrefix: string, logger: Logger): Bus {
  const origin = randomUUID();
  const channel = `${keyPrefix}bus`;
  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  const subscriber = redis.duplicate();
  subscriber.on('ready', () => void subscriber.subscribe(channel).catch((error: unknown) => logger.error({ err: error }, 'could not subscribe to the process bus')));
  // The client logs its own outages (platform/redis.ts); this connection's are the same outage.
  subscriber.on('error', () => {});
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch {
      return logger.warn({ channel }, 'ignored a malformed message on the process bus');
    }
    if (envelope.origin === origin) return;
    for (const handler of handlers.get(envelope.topic) ?? []) {
      try {
        handler(envelope.payload);
      } catch (error) {
        logger.error({ err: error, topic: envelope.topic }, 'a process bus handler failed');
      }
    }
  });
  let lastLogged = 0;
  return {
    publish(topic, payload) {
      redis.publish(channel, JSON.stringify({ origin, topic, payload } satisfies Envelope)).catch((error: unknown) => {
        if (Date.now() - lastLogged < LOG_EVERY_MS) return;
        lastLogged = Date.now();
        logger.error({ err: error, topic }, 'could not publish on the process bus: other processes miss this push');
      });
    },
    subscribe(topic, handler) {
      const set = handlers.get(topic) ?? new Set();
      set.add(handler);
      handlers.set(topic, set);
      return () => set.delete(handler);
    },
    async close() {
      handlers.clear();
      subscriber.disconnect();
    },
  };
}
