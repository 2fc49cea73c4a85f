import { describe, expect, it } from 'vitest';
import type { Channel, Outgoing, SendOutcome } from '../operations/deliveries/channel.js';
import { sendDue } from '../operations/deliveries/send-due.js';
import { insertEvents } from '../storage/change-feed.js';
import { claimDue, planDeliveries, reviveDelivery } from '../storage/deliveries.js';
import type { JobContext } from '../workers/job.js';
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
