import { describe, expect, it } from 'vitest';
import type { Channel, Outgoing, SendOutcome } from '../operations/deliveries/channel.js';
import { sendDue } from '../operations/deliveries/send-due.js';
import { insertEvents } from '../storage/change-feed.js';
import { claimDue, planDeliveries, reviveDelivery } from '../storage/deliveries.js';
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

  it('waits as long as Retry-After says, backs off, and ends dead after the last attempt; dead ones can be revived', async () => {
    const { ids, destination } = await events(1);
    const { channel } = scriptedChannel([{ ok: false, error: '429', retryAfterMs: 2_000 }, { ok: false, error: '500' }, { ok: false, error: '500' }]);
    const started = Date.now();
    const first = await sendDue(h.app.db, channel, destination, () => started);
    expect(first.sent).toBe(0);
    expect(first.nextAt!.getTime() - started).toBeGreaterThanOrEqual(1_990);
    // Not due yet: nothing is sent before the destination said.
    expect(await claimDue(h.app.db, 'test', destination, 10, 60_000)).toEqual([]);
    await h.app.db.query("UPDATE deliveries SET not_before = now() WHERE event_id = $1", [ids[0]]);
    await sendDue(h.app.db, channel, destination);
    await h.app.db.query("UPDATE deliveries SET not_before = now() WHERE event_id = $1", [ids[0]]);
    await sendDue(h.app.db, channel, destination);
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
    const { channel, sent } = scriptedChannel([], { inDoubtAfterMs: 50 });
    expect((await sendDue(h.app.db, channel, doubtful.destination)).sent).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await sendDue(h.app.db, channel, doubtful.destination)).sent).toBe(1);
    expect(sent).toHaveLength(1);
  });
});
