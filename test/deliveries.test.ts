import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Channel, Outgoing, SendOutcome } from '../operations/deliveries/channel.js';
import type { DeliveryPlanner } from '../operations/deliveries/plan-deliveries.js';
import { sendDue } from '../operations/deliveries/send-due.js';
import { NotificationHub } from '../operations/notifications/notification-hub.js';
import type { Database } from '../platform/db/database.js';
import { insertEvents } from '../storage/change-feed.js';
import { claimDue, planDeliveries, reviveDelivery } from '../storage/deliveries.js';
import type { AnyJob, JobContext } from '../workers/job.js';
import { JobQueue } from '../workers/job-queue.js';
import { fanOutEventsJob } from '../workers/jobs/fan-out-events.js';
import { sendDeliveriesJob } from '../workers/jobs/send-deliveries.js';
import { sweepDeliveriesJob } from '../workers/jobs/sweep-deliveries.js';
import { silentLogger } from './helpers/logger.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';

/** A channel whose outcomes the test decides, recording every batch it was asked to send. */
function scriptedChannel(outcomes: SendOutcome[], overrides: Partial<Channel> = {}) {
  const sent: Outgoing[][] = [];
  const channel: Channel = {
    kind: 'test',
    batchWindowMs: 0,
    maxBatch: 100,
    maxAttempts: 3,
    inDoubtAfterMs: 60_000,
    async send(_destination, batch) {
      sent.push([...batch]);
      return outcomes.shift() ?? { ok: true };
    },
    ...overrides,
  };
  return { channel, sent };
}

describe.each(BACKENDS)('delivering events to a destination: %s', (kind) => {
  const h = harness(kind);

  async function events(count: number) {
    const name = await h.createBoard('Deliveries');
    const ids = await h.app.db.transaction((tx) =>
      insertEvents(
        tx,
        Array.from({ length: count }, (_, n) => ({ type: 'task.moved' as const, entryId: `c${n}`, data: { from: 'todo', to: 'done' }, documentName: name, projectId: h.projectId, kind: 'kanban', actor: `user:${h.owner.userId}` })),
      ),
    );
    await planDeliveries(h.app.db, ids.map((eventId) => ({ eventId, projectId: h.projectId, channel: 'test', destination: name })));
    return { ids, destination: name };
  }

  const statuses = async (ids: string[]) =>
    (await h.app.db.query<{ status: string; attempts: number }>('SELECT status, attempts FROM deliveries WHERE event_id = ANY($1::uuid[]) ORDER BY created_at', [ids])).rows;

  it('sends what gathered as one batch, once, and planning it again adds nothing', async () => {
    const { ids, destination } = await events(50);
    expect(await planDeliveries(h.app.db, ids.map((eventId) => ({ eventId, projectId: h.projectId, channel: 'test', destination })))).toEqual([]);
    const { channel, sent } = scriptedChannel([]);
    expect(await sendDue(h.app.db, channel, destination)).toEqual({ sent: 50, nextAt: null });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.map((item) => item.event.id)).toEqual(ids);
    expect(await sendDue(h.app.db, channel, destination)).toEqual({ sent: 0, nextAt: null });
    expect(new Set((await statuses(ids)).map((row) => row.status))).toEqual(new Set(['delivered']));
  });

  it('a paced destination gets its next message no sooner than its interval after the last, even when events are already due', async () => {
    const { ids, destination } = await events(1);
    const { channel, sent } = scriptedChannel([], { minSendIntervalMs: 1_500 });
    const first = Date.now();
    expect(await sendDue(h.app.db, channel, destination, { now: () => first })).toEqual({ sent: 1, nextAt: null });
    // Planned while that send was in flight: due at once, yet held back until the interval is over.
    const later = await h.app.db.transaction((tx) => insertEvents(tx, [{ type: 'task.moved' as const, entryId: 'c9', data: { from: 'todo', to: 'done' }, documentName: destination, projectId: h.projectId, kind: 'kanban', actor: `user:${h.owner.userId}` }]));
    await planDeliveries(h.app.db, later.map((eventId) => ({ eventId, projectId: h.projectId, channel: 'test', destination })));
    const held = await sendDue(h.app.db, channel, destination);
    expect(held.sent).toBe(0);
    expect(held.nextAt!.getTime() - Date.now()).toBeGreaterThan(1_000);
    expect(sent).toHaveLength(1);
    expect(await statuses(later)).toEqual([{ status: 'pending', attempts: 0 }]);
    await new Promise((resolve) => setTimeout(resolve, held.nextAt!.getTime() - Date.now() + 50));
    expect((await sendDue(h.app.db, channel, destination)).sent).toBe(1);
    expect(sent.map((batch) => batch.map((item) => item.event.id))).toEqual([ids, later]);
  });

  it('waits as long as Retry-After says (without counting it as an attempt), backs off, and ends dead after the last attempt; dead ones can be revived', async () => {
    const { ids, destination } = await events(1);
    const { channel } = scriptedChannel([{ ok: false, error: '429', retryAfterMs: 2_000 }, { ok: false, error: '500' }, { ok: false, error: '500' }, { ok: false, error: '500' }]);
    const started = Date.now();
    const first = await sendDue(h.app.db, channel, destination, { now: () => started });
    expect(first.sent).toBe(0);
    expect(first.nextAt!.getTime() - started).toBeGreaterThanOrEqual(1_990);
    expect(await statuses(ids)).toEqual([{ status: 'pending', attempts: 0 }]);
    // Not due yet: nothing is sent before the destination said.
    expect(await claimDue(h.app.db, 'test', destination, 10, 60_000)).toEqual([]);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await h.app.db.query("UPDATE deliveries SET not_before = now() WHERE event_id = $1", [ids[0]]);
      await sendDue(h.app.db, channel, destination);
    }
    expect(await statuses(ids)).toEqual([{ status: 'dead', attempts: 3 }]);
    const { rows } = await h.app.db.query<{ id: string }>('SELECT id FROM deliveries WHERE event_id = $1', [ids[0]]);
    expect((await reviveDelivery(h.app.db, h.projectId, rows[0]!.id))?.status).toBe('pending');
    await sendDue(h.app.db, channel, destination);
    expect(await statuses(ids)).toEqual([{ status: 'delivered', attempts: 1 }]);
  });

  it('a permanent refusal is dead at once; a delivery a dead worker left in doubt is sent again', async () => {
    const refused = await events(1);
    const { channel: refusing } = scriptedChannel([{ ok: false, error: 'content refused', permanent: true }]);
    await sendDue(h.app.db, refusing, refused.destination);
    expect(await statuses(refused.ids)).toEqual([{ status: 'dead', attempts: 1 }]);

    const doubtful = await events(1);
    // A worker claims it (committed 'sending') and dies before recording how the call went.
    expect(await claimDue(h.app.db, 'test', doubtful.destination, 10, 60_000)).toHaveLength(1);
    const { channel, sent } = scriptedChannel([], { inDoubtAfterMs: 500 });
    // Too early to tell a dead worker from a slow call: nothing sent, but the time it will be due is known.
    const early = await sendDue(h.app.db, channel, doubtful.destination);
    expect(early.sent).toBe(0);
    expect(early.nextAt).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, early.nextAt!.getTime() - Date.now()) + 50));
    expect((await sendDue(h.app.db, channel, doubtful.destination)).sent).toBe(1);
    expect(sent).toHaveLength(1);
  });

  it('the sweep hands every destination with work due now, and only those, back to a send job', async () => {
    const waiting = await events(2);
    const later = await events(1);
    const doubtful = await events(1);
    const done = await events(1);
    await h.app.db.query("UPDATE deliveries SET not_before = now() + interval '30 seconds' WHERE event_id = $1 OR event_id = $2", [waiting.ids[1], later.ids[0]]);
    expect(await claimDue(h.app.db, 'test', doubtful.destination, 10, 60_000)).toHaveLength(1);
    const { channel } = scriptedChannel([]);
    await sendDue(h.app.db, channel, done.destination);
    const send = sendDeliveriesJob(new Map([['test', channel]]));
    const sweep = sweepDeliveriesJob(new Map([['test', channel]]), send);
    const sweepNow = async () => {
      const handed: { payload: unknown; singletonKey?: string | undefined; startAfter?: Date | number | undefined }[] = [];
      const enqueue: JobContext['enqueue'] = async (_job, payload, options) => {
        handed.push({ payload, singletonKey: options?.singletonKey, startAfter: options?.startAfter });
        return 'queued';
      };
      await sweep.handle({}, { db: h.app.db, logger: silentLogger, jobId: 'sweep', retryCount: 0, enqueue });
      return new Map(handed.map((item) => [(item.payload as { destination: string }).destination, item]));
    };

    const first = await sweepNow();
    // Due now (its first delivery, though its second is later): handed back, at once.
    expect(first.get(waiting.destination)).toEqual({ payload: { channel: 'test', destination: waiting.destination }, singletonKey: `test:${waiting.destination}`, startAfter: undefined });
    // Nothing due yet: not queued for later, which would hold the destination's one queued send
    // until then. A call in flight is not in doubt yet either.
    expect(first.has(later.destination)).toBe(false);
    expect(first.has(doubtful.destination)).toBe(false);
    expect(first.has(done.destination)).toBe(false);

    // A minute on, the claim is in doubt (its worker died) and the later delivery is due.
    await h.app.db.query("UPDATE deliveries SET sending_since = sending_since - interval '61 seconds' WHERE event_id = $1", [doubtful.ids[0]]);
    await h.app.db.query("UPDATE deliveries SET not_before = now() - interval '1 second' WHERE event_id = $1", [later.ids[0]]);
    const second = await sweepNow();
    expect([...second.keys()].sort()).toEqual([waiting.destination, later.destination, doubtful.destination].sort());
  });
});

/**
 * PostgreSQL only: on the embedded database every transaction holds its one connection, so no
 * send job can run while the fan-out's transaction is open.
 */
describe('events whose send job was held back by one that ran before they were committed: postgres', () => {
  const h = harness('postgres');
  const queues: JobQueue[] = [];
  afterAll(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.stop(2_000)));
  });

  it('are sent at once, not left for the next sweep', async () => {
    const destination = await h.createBoard('Held back');
    const { channel, sent } = scriptedChannel([]);
    const channels = new Map([['test', channel]]);
    const send = sendDeliveriesJob(channels);
    const planner: DeliveryPlanner = async (_db, planned) => planned.map((event) => ({ eventId: event.id, projectId: event.projectId, channel: 'test', destination }));
    const fanOut = fanOutEventsJob({ hub: new NotificationHub(), channels, planners: [planner], send });
    const queue = new JobQueue(h.app.db, silentLogger, { schema: `jobs_${randomBytes(5).toString('hex')}`, maintain: false, retentionDays: 1, superviseIntervalSeconds: 60, notify: true });
    queues.push(queue);
    await queue.start([send as AnyJob, fanOut as AnyJob]);
    await queue.work([send as AnyJob], { concurrency: 1, pollIntervalMs: 500, idlePollIntervalMs: 10_000, batchSize: 1 });

    // The destination's one queued send, due in a moment: the fan-out's own request joins it.
    const queued = await queue.send(send, { channel: 'test', destination }, { singletonKey: `test:${destination}`, startAfter: new Date(Date.now() + 1_000) });
    expect(queued).not.toBeNull();
    const eventIds = await h.app.db.transaction((tx) =>
      insertEvents(tx, [{ type: 'task.moved' as const, entryId: 'c1', data: { from: 'todo', to: 'done' }, documentName: destination, projectId: h.projectId, kind: 'kanban', actor: `user:${h.owner.userId}` }]),
    );
    // That send runs, and finds nothing, while the fan-out's transaction is still open.
    const db: Database = {
      kind: h.app.db.kind,
      connection: h.app.db.connection,
      query: (text, values) => h.app.db.query(text, values),
      ping: (timeoutMs) => h.app.db.ping(timeoutMs),
      close: () => h.app.db.close(),
      transaction: (fn) =>
        h.app.db.transaction(async (tx) => {
          const result = await fn(tx);
          await expect.poll(async () => (await queue.find(send.name)).find((job) => job.id === queued)?.state, { timeout: 10_000, interval: 50 }).toBe('completed');
          return result;
        }),
    };
    await fanOut.handle({ eventIds }, { db, logger: silentLogger, jobId: 'fan-out', retryCount: 0, enqueue: (job, payload, options) => queue.send(job, payload, options) });
    expect(sent).toHaveLength(0);
    await expect.poll(() => sent.length, { timeout: 5_000, interval: 50 }).toBe(1);
    expect(sent[0]!.map((item) => item.event.id)).toEqual(eventIds);
  });
});
