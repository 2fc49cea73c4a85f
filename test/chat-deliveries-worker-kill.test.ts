import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, type ChildServer } from './helpers/child-server.js';
import { harness } from './helpers/collab-harness.js';
import { startFakeDiscord } from './helpers/fake-discord.js';
import { startFakeSlack } from './helpers/fake-slack.js';
import { ENV, POLL, deliveriesOf, integrate, moveOverRest, projectWithBoard } from './helpers/chat-deliveries.js';

/**
 * The worker in its own process (ROLES=worker, as in production), on the same PostgreSQL database
 * as an in-process api+collab server (PGlite cannot be shared between processes), killed with
 * SIGKILL at three moments of a batch and started again. What the README promises, no more:
 * killed before the call or after its outcome is recorded, each event reaches each destination
 * exactly once; killed after the destination took the message but before we recorded it (the
 * in-doubt window), the message is sent again once the delivery has been in doubt for
 * IN_DOUBT_AFTER_MS (the least DELIVERY_IN_DOUBT_AFTER_MS allows) and the dead worker's job has
 * missed its heartbeat.
 */
const IN_DOUBT_AFTER_MS = 15_000;
describe('a worker process killed in the middle of a batch: postgres', () => {
  const JOBS_SCHEMA = `jobs_${randomBytes(5).toString('hex')}`;
  const h = harness('postgres', { ...ENV, ROLES: 'api,collab', JOBS_SCHEMA });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-worker-'));
  const workers: ChildServer[] = [];
  afterAll(async () => {
    for (const worker of workers) if (worker.process.exitCode === null && worker.process.signalCode === null) worker.process.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function startWorker(): Promise<ChildServer> {
    const connection = h.app.db.connection;
    if (connection.kind !== 'postgres') throw new Error('the worker process needs the PostgreSQL database');
    const worker = spawnServer({
      ...ENV,
      ROLES: 'worker',
      DATABASE_URL: connection.url,
      JOBS_SCHEMA,
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      DELIVERY_IN_DOUBT_AFTER_MS: String(IN_DOUBT_AFTER_MS),
      WORKER_SUPERVISE_INTERVAL_SECONDS: '1',
    });
    workers.push(worker);
    await worker.listening;
    await expect.poll(() => worker.logLines('database schema is current').length, POLL).toBe(1);
    return worker;
  }

  async function kill(worker: ChildServer): Promise<void> {
    worker.process.kill('SIGKILL');
    await worker.exited;
  }

  const sendJobs = async (channel: string, destination: string) =>
    (await h.app.db.query<{ state: string }>(`SELECT state FROM ${JOBS_SCHEMA}.job WHERE name = 'deliveries.send' AND singleton_key = $1`, [`${channel}:${destination}`])).rows.map((row) => row.state);

  /** A project with one card and its chat integrations; `move` moves the card over REST. */
  async function scene(title: string, kinds: { kind: 'discord' | 'slack'; url: string }[]) {
    const { projectId, boardId } = await projectWithBoard(h, title);
    const created = await h.api.call('POST', '/api/tasks', { token: h.owner.accessToken, body: { projectId, boardId, columnId: 'todo', title, cardId: 'c1' } });
    expect(created.status).toBe(201);
    const integrations = [];
    for (const { kind, url } of kinds) integrations.push(await integrate(h, projectId, kind, url));
    return { projectId, integrations, move: (to: string) => moveOverRest(h, h.owner.accessToken, `${projectId}.${boardId}.c1`, to) };
  }

  it('each event reaches each destination once when the worker dies before the call or after the record; a call in doubt is sent again', async () => {
    const discord = await startFakeDiscord();
    const slack = await startFakeSlack();
    const mentions = (title: string) => discord.messages.filter((message) => discord.textOf(message.body).includes(title)).length;
    try {
      // After the record: the message is delivered and recorded; the worker dies right then.
      let worker = await startWorker();
      const recorded = await scene('Recorded', [{ kind: 'discord', url: discord.webhookUrl() }]);
      expect((await recorded.move('review')).status).toBe(200);
      await expect.poll(async () => (await deliveriesOf(h, recorded.projectId)).map((row) => row.status), POLL).toEqual(['delivered']);
      await kill(worker);
      worker = await startWorker();

      // Before the call: deliveries planned and the send waiting out its batch window; the worker dies.
      const planned = await scene('Planned', [
        { kind: 'discord', url: discord.webhookUrl() },
        { kind: 'slack', url: slack.webhookUrl() },
      ]);
      expect((await planned.move('review')).status).toBe(200);
      await expect.poll(async () => (await Promise.all(planned.integrations.map((i) => sendJobs(i.kind, i.id)))).flat(), { timeout: 10_000, interval: 20 }).toEqual(['created', 'created']);
      expect((await deliveriesOf(h, planned.projectId)).map((row) => row.status)).toEqual(['pending', 'pending']);
      await kill(worker);
      expect(mentions('Planned')).toBe(0);
      worker = await startWorker();
      await expect.poll(async () => (await deliveriesOf(h, planned.projectId)).map((row) => row.status), POLL).toEqual(['delivered', 'delivered']);
      expect(mentions('Planned')).toBe(1);
      expect(slack.messages.filter((message) => slack.textOf(message.body).includes('Planned'))).toHaveLength(1);

      // In doubt: Discord took the message (it is posted) but the worker dies before the answer is recorded.
      const doubtful = await scene('In doubt', [{ kind: 'discord', url: discord.webhookUrl() }]);
      const held = discord.holdNext();
      expect((await doubtful.move('review')).status).toBe(200);
      const first = await held.received;
      expect((await deliveriesOf(h, doubtful.projectId)).map((row) => row.status)).toEqual(['sending']);
      await kill(worker);
      held.release();
      worker = await startWorker();
      // Nothing tells us whether Discord posted it: once in doubt long enough (and the dead worker's job
      // has missed its heartbeat), it is sent again. Discord now shows it twice; we record the second message.
      await expect.poll(() => mentions('In doubt'), { timeout: 90_000, interval: 500 }).toBe(2);
      const again = discord.messages.filter((message) => discord.textOf(message.body).includes('In doubt'))[1]!;
      expect(again.at - first.at).toBeGreaterThanOrEqual(IN_DOUBT_AFTER_MS);
      await expect.poll(async () => (await deliveriesOf(h, doubtful.projectId)).map((row) => [row.status, row.attempts, row.external_ref]), POLL).toEqual([['delivered', 2, again.id]]);

      // By now every in-doubt resend has happened: the others were still sent exactly once.
      expect(mentions('Recorded')).toBe(1);
      expect(mentions('Planned')).toBe(1);
      expect(slack.messages).toHaveLength(1);
      await kill(worker);
    } finally {
      await discord.close();
      await slack.close();
    }
  }, 180_000);
});
