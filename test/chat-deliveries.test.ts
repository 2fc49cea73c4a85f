import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, moveCard } from '../documents/kanban/board.js';
import type { Outgoing } from '../operations/deliveries/channel.js';
import { digestOf } from '../operations/deliveries/channels/chat-digest.js';
import type { EventNames } from '../operations/deliveries/channels/event-names.js';
import { DISCORD_LIMITS, discordMessage } from '../operations/deliveries/channels/discord.js';
import { SLACK_LIMITS, slackMessage } from '../operations/deliveries/channels/slack.js';
import { spawnServer, type ChildServer } from './helpers/child-server.js';
import { type Harness, harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { type FakeDiscord, startFakeDiscord } from './helpers/fake-discord.js';
import { type FakeSlack, startFakeSlack } from './helpers/fake-slack.js';

const SECRETS_KEY = 'chat-deliveries-test-key-0123456789abcdef';
const PUBLIC_URL = 'http://studio.test';
const POLL = { timeout: 30_000, interval: 100 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const ENV = {
  WORKER_POLL_INTERVAL_MS: '500',
  SECRETS_KEY,
  PUBLIC_URL,
  CHAT_DELIVERY_MAX_ATTEMPTS: '4',
  // Retries 0.25 s, 0.5 s, 1 s apart instead of 2, 4, 8 s.
  DELIVERY_BACKOFF_BASE_MS: '250',
  // The fakes listen on 127.0.0.1 over http.
  INTEGRATIONS_ALLOW_PRIVATE_URLS: 'true',
  // One provider writes a thousand moves at once below.
  COLLAB_UPDATES_PER_SECOND: '100000',
  COLLAB_UPDATE_BURST: '100000',
};

interface DeliveryRow {
  id: string;
  event_id: string;
  channel: string;
  status: string;
  attempts: number;
  external_ref: string | null;
  last_error: string | null;
}

/** A project of its own (so no other test's integration hears it) with one board. */
async function projectWithBoard(h: Harness, title = 'Launch board') {
  const project = await h.api.call<{ id: string }>('POST', '/api/projects', { token: h.owner.accessToken, body: { name: `Chat ${title}` } });
  expect(project.status).toBe(201);
  const projectId = project.body.data.id;
  const board = await h.api.call<{ name: string; id: string }>('POST', `/api/projects/${projectId}/documents`, { token: h.owner.accessToken, body: { kind: 'kanban', title } });
  expect(board.status).toBe(201);
  return { projectId, name: board.body.data.name, boardId: board.body.data.name.split(':')[2]! };
}

/** An integration made through the integrations API (the webhook URL is sealed with the server's key). */
async function integrate(h: Harness, projectId: string, kind: 'discord' | 'slack', url: string, eventTypes: string[] = ['task.moved']) {
  const created = await h.api.call<{ id: string; kind: string }>('POST', `/api/projects/${projectId}/integrations`, { token: h.owner.accessToken, body: { kind, name: `${kind} test`, secret: url, eventTypes } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.data;
}

async function deliveriesOf(h: Harness, projectId: string): Promise<DeliveryRow[]> {
  const { rows } = await h.app.db.query<DeliveryRow>('SELECT id, event_id, channel, status, attempts, external_ref, last_error FROM deliveries WHERE project_id = $1 ORDER BY created_at, id', [projectId]);
  return rows;
}

const moveOverRest = (h: Harness, token: string, taskId: string, toColumnId: string) => h.api.call('POST', '/api/tasks/move', { token, body: { taskId, toColumnId } });

describe('chat messages stay readable and within Discord’s and Slack’s limits', () => {
  const names: EventNames = {
    actor: (actor) => `Person ${actor.slice(-3)} ${'with a long name '.repeat(3)}`,
    person: () => 'Bob',
    document: (name) => `Board ${name.slice(-4)} *bold* [link](http://evil.example) @everyone`,
    project: () => 'Project',
    entry: () => 'Column',
  };
  /** `count` moves by `actors` people over `boards` boards, with long hostile titles. */
  function batch(count: number, actors: number, boards: number): Outgoing[] {
    return Array.from({ length: count }, (_, i) => ({
      delivery: { id: `d${i}` } as Outgoing['delivery'],
      event: {
        id: `e${i}`,
        type: 'task.moved',
        projectId: 'p',
        kind: 'kanban',
        documentId: `b${i % boards}`,
        itemId: `p.b${i % boards}.c${i}`,
        actor: `user:${String(i % actors).padStart(3, '0')}`,
        data: { title: `${'A very long card title with `code` and **stars** '.repeat(5)}${i}`, from: 'todo', to: 'done' },
        occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      },
    }));
  }

  it.each([
    [1, 1, 1],
    [50, 1, 1],
    [1_000, 1, 1],
    [300, 7, 9],
    [2_000, 40, 5],
  ])('%i moves, %i actors, %i boards: one message, within the limits', (count, actors, boards) => {
    const digest = digestOf(batch(count, actors, boards), names, 'https://studio.example');
    expect(digest.groups.reduce((sum, group) => sum + group.count, 0)).toBe(count);
    const discord = discordMessage(digest);
    expect(discord.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    expect(discord.allowed_mentions).toEqual({ parse: [] });
    const embeds = discord.embeds ?? [];
    expect(embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
    for (const embed of embeds) {
      expect(embed.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
      expect((embed.description ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    }
    expect(embeds.reduce((sum, embed) => sum + embed.title.length + (embed.description ?? '').length, 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
    const slack = slackMessage(digest);
    expect(slack.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const block of slack.blocks) {
      for (const text of block.type === 'section' ? [block.text.text] : block.elements.map((element) => element.text)) {
        expect(text.length).toBeGreaterThan(0);
        expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      }
    }
    // Every move is counted somewhere a reader sees it: in a group's headline, or in the "…and N more" of the rest.
    const discordText = [discord.content, ...embeds.map((embed) => embed.title)].join('\n');
    if (count === 1) expect(discordText).toContain('moved');
    else if (digest.groups.length === 1) expect(discordText).toContain(`moved ${count.toLocaleString('en-US')} cards`);
  });

  it('escapes what people typed: no markup, links or mentions of their own', () => {
    const digest = digestOf(batch(1, 1, 1), names, 'https://studio.example');
    const discord = discordMessage(digest).content;
    expect(discord).not.toContain('[link](http://evil.example)');
    expect(discord).toContain('\\[link\\]\\(http://evil.example\\)');
    expect(discord).not.toContain('@everyone');
    expect(discord).toContain('(https://studio.example/#/d/kanban%3Ap%3Ab0)');
    const slack = slackMessage(digest).blocks[0]!;
    expect(slack.type === 'section' && slack.text.text).toContain('<https://studio.example/#/d/kanban%3Ap%3Ab0|Board ');
  });
});

describe.each(BACKENDS)('Discord and Slack deliveries: %s', (kind) => {
  const h = harness(kind, ENV);
  let discord: FakeDiscord | undefined;
  let slack: FakeSlack | undefined;
  const fakes = async () => {
    discord = await startFakeDiscord();
    slack = await startFakeSlack();
    return { discord, slack };
  };
  afterEach(async () => {
    await discord?.close();
    await slack?.close();
  });

  it('a move over a socket, over REST and by an API key each make exactly one Discord and one Slack message, naming who did it with a link', async () => {
    const { discord, slack } = await fakes();
    const { projectId, name, boardId } = await projectWithBoard(h);
    const owner = h.open(name, h.owner.accessToken);
    await owner.synced;
    addCard(owner.doc, { id: 'c1', columnId: 'todo', title: 'Teaser @everyone <!channel>' });
    await owner.saved.whenSaved();
    const toDiscord = await integrate(h, projectId, 'discord', discord.webhookUrl());
    await integrate(h, projectId, 'slack', slack.webhookUrl());

    moveCard(owner.doc, 'c1', 'review');
    await owner.saved.whenSaved();
    await expect.poll(() => discord.messages.length + slack.messages.length, POLL).toBe(2);
    const [first] = discord.messages;
    const text = discord.textOf(first!.body);
    expect(text).toContain('Owner Person');
    expect(text).toContain('from To do to Review');
    expect(text).toContain(`(${PUBLIC_URL}/#/d/${encodeURIComponent(name)})`);
    // A card's title pings nobody: mentions are off and escaped.
    expect(first!.body.allowed_mentions).toEqual({ parse: [] });
    expect(text).not.toContain('@everyone');
    const slackText = slack.textOf(slack.messages[0]!.body);
    expect(slackText).toContain('*Owner Person* moved *Teaser @everyone &lt;!channel&gt;* from To do to Review');
    expect(slackText).toContain(`<${PUBLIC_URL}/#/d/${encodeURIComponent(name)}|Launch board>`);

    expect(await moveOverRest(h, h.owner.accessToken, `${projectId}.${boardId}.c1`, 'done')).toMatchObject({ status: 200 });
    await expect.poll(() => discord.messages.length + slack.messages.length, POLL).toBe(4);
    expect(discord.textOf(discord.messages[1]!.body)).toMatch(/Owner Person.*moved.*Teaser.*from Review to Done/);
    expect(slack.textOf(slack.messages[1]!.body)).toContain('*Owner Person* moved *Teaser @everyone &lt;!channel&gt;* from Review to Done');

    const key = await h.api.call<{ secret: string }>('POST', `/api/projects/${projectId}/api-keys`, { token: h.owner.accessToken, body: { name: 'Release bot', role: 'editor' } });
    expect(await moveOverRest(h, key.body.data.secret, `${projectId}.${boardId}.c1`, 'todo')).toMatchObject({ status: 200 });
    await expect.poll(() => discord.messages.length + slack.messages.length, POLL).toBe(6);
    expect(discord.textOf(discord.messages[2]!.body)).toContain('API key Release bot');
    expect(slack.textOf(slack.messages[2]!.body)).toContain('*API key Release bot* moved');

    // Nothing more comes (no second message for any of them), and each delivery names its message.
    await sleep(3_000);
    expect(discord.messages).toHaveLength(3);
    expect(slack.messages).toHaveLength(3);
    const rows = await deliveriesOf(h, projectId);
    for (const channel of ['discord', 'slack']) {
      expect(rows.filter((row) => row.channel === channel).map((row) => [row.status, row.attempts])).toEqual([['delivered', 1], ['delivered', 1], ['delivered', 1]]);
    }
    // Discord's message id (?wait=true) is each delivery's reference.
    const discordRefs = rows.filter((row) => row.channel === 'discord').map((row) => row.external_ref);
    expect(discordRefs).toEqual(discord.messages.map((message) => message.id));
    const listed = await h.api.call<{ items: { channel: string; destination: string; externalRef: string | null }[] }>('GET', `/api/projects/${projectId}/deliveries?channel=discord`, { token: h.owner.accessToken });
    expect(listed.body.data.items.map((item) => [item.destination, item.externalRef])).toEqual(discord.messages.map((message) => [toDiscord.id, message.id]).reverse());
  });

  it('a destination failing three times then taking it receives the event once; a 429 is retried no sooner than it says', async () => {
    const { discord, slack } = await fakes();
    const { projectId, name } = await projectWithBoard(h, 'Retries');
    const owner = h.open(name, h.owner.accessToken);
    await owner.synced;
    addCard(owner.doc, { id: 'c1', columnId: 'todo', title: 'Flaky' });
    await owner.saved.whenSaved();
    await integrate(h, projectId, 'discord', discord.webhookUrl());
    discord.failNext(3, 502);
    moveCard(owner.doc, 'c1', 'done');
    await owner.saved.whenSaved();
    await expect.poll(() => discord.messages.length, { timeout: 40_000, interval: 200 }).toBe(1);
    expect(discord.requests.map((request) => request.status)).toEqual([502, 502, 502, 200]);
    // Recorded just after Discord answered.
    await expect.poll(async () => (await deliveriesOf(h, projectId)).map((row) => [row.status, row.attempts]), POLL).toEqual([['delivered', 4]]);

    // 429s: Discord's retry_after (seconds, in the body and headers), Slack's Retry-After.
    const limited = await projectWithBoard(h, 'Rate limited');
    const other = h.open(limited.name, h.owner.accessToken);
    await other.synced;
    addCard(other.doc, { id: 'c2', columnId: 'todo', title: 'Patient' });
    await other.saved.whenSaved();
    await integrate(h, limited.projectId, 'discord', discord.webhookUrl());
    await integrate(h, limited.projectId, 'slack', slack.webhookUrl());
    discord.rateLimitNext(1, 2);
    slack.rateLimitNext(1, 2);
    moveCard(other.doc, 'c2', 'review');
    await other.saved.whenSaved();
    await expect.poll(() => discord.messages.length + slack.messages.length, POLL).toBe(3);
    for (const fake of [discord, slack] as const) {
      const refused = fake.requests.filter((request) => request.status === 429);
      expect(refused).toHaveLength(1);
      const taken = fake.messages.at(-1)!;
      expect(taken.at - refused[0]!.at).toBeGreaterThanOrEqual(2_000);
    }
    expect(slack.messages).toHaveLength(1);
  }, 60_000);

  it('a destination that always fails ends dead, and once revived and recovered it gets the event once', async () => {
    const { discord } = await fakes();
    const { projectId, name } = await projectWithBoard(h, 'Down');
    const owner = h.open(name, h.owner.accessToken);
    await owner.synced;
    addCard(owner.doc, { id: 'c1', columnId: 'todo', title: 'Unlucky' });
    await owner.saved.whenSaved();
    await integrate(h, projectId, 'discord', discord.webhookUrl());
    discord.alwaysFail(503);
    moveCard(owner.doc, 'c1', 'done');
    await owner.saved.whenSaved();
    await expect.poll(async () => (await deliveriesOf(h, projectId)).map((row) => [row.status, row.attempts]), { timeout: 40_000, interval: 200 }).toEqual([['dead', 4]]);
    // The dead letter as admins see it, and sent again on their word once the destination is back.
    const listed = await h.api.call<{ items: { id: string; status: string; attempts: number; lastError: string; channel: string }[] }>('GET', `/api/projects/${projectId}/deliveries?status=dead`, { token: h.owner.accessToken });
    expect(listed.status).toBe(200);
    const [dead] = listed.body.data.items;
    expect(dead).toMatchObject({ status: 'dead', attempts: 4, channel: 'discord' });
    expect(dead!.lastError).toContain('HTTP 503');
    expect(discord.messages).toHaveLength(0);

    discord.alwaysFail(null);
    const retried = await h.api.call<{ status: string }>('POST', `/api/projects/${projectId}/deliveries/${dead!.id}/retry`, { token: h.owner.accessToken });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    await expect.poll(async () => (await deliveriesOf(h, projectId)).map((row) => row.status), POLL).toEqual(['delivered']);
    expect(discord.messages).toHaveLength(1);
    expect(discord.textOf(discord.messages[0]!.body)).toContain('Unlucky');
    await sleep(2_500);
    expect(discord.messages).toHaveLength(1);
  }, 60_000);

  it('a thousand card moves within a second make a handful of messages that carry every move', async () => {
    const { discord, slack } = await fakes();
    slack.minIntervalMs(1_000);
    const { projectId, name } = await projectWithBoard(h, 'Busy board');
    const owner = h.open(name, h.owner.accessToken);
    await owner.synced;
    owner.doc.transact(() => {
      for (let i = 0; i < 1_000; i++) addCard(owner.doc, { id: `c${i}`, columnId: 'todo', title: `Card ${i}` });
    });
    await owner.saved.whenSaved();
    await integrate(h, projectId, 'discord', discord.webhookUrl());
    await integrate(h, projectId, 'slack', slack.webhookUrl());

    // One transaction (one update) per move, as a person dragging cards would send them, all at once
    // (well under a second on a quiet machine; how long is the generator's business, not the server's).
    for (let i = 0; i < 1_000; i++) moveCard(owner.doc, `c${i}`, 'review');
    await owner.saved.whenSaved();

    await expect.poll(async () => (await deliveriesOf(h, projectId)).filter((row) => row.status === 'delivered').length, { timeout: 60_000, interval: 250 }).toBe(2_000);
    expect(discord.messages.length).toBeLessThanOrEqual(5);
    expect(slack.messages.length).toBeLessThanOrEqual(5);
    const moved = (text: string) => [...text.matchAll(/moved ([\d,]+) cards|moved \*?\*?Card \d+/g)].reduce((sum, match) => sum + (match[1] ? Number(match[1].replace(/,/g, '')) : 1), 0);
    // Each message's headline counts its moves: together, every one of the thousand.
    expect(discord.messages.reduce((sum, message) => sum + moved(message.body.content ?? ''), 0)).toBe(1_000);
    expect(slack.messages.reduce((sum, message) => sum + moved(message.body.text ?? ''), 0)).toBe(1_000);
    const refs = new Set((await deliveriesOf(h, projectId)).filter((row) => row.channel === 'discord').map((row) => row.external_ref));
    expect([...refs].sort()).toEqual(discord.messages.map((message) => message.id).sort());
    // Slack took them at its pace: never two within a second.
    expect(slack.requests.filter((request) => request.status === 429)).toEqual([]);
  }, 90_000);
});

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
