import { afterEach, describe, expect, it } from 'vitest';
import { addCard, moveCard } from '../documents/kanban/board.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { type FakeDiscord, startFakeDiscord } from './helpers/fake-discord.js';
import { type FakeSlack, startFakeSlack } from './helpers/fake-slack.js';
import { ENV, POLL, PUBLIC_URL, deliveriesOf, integrate, moveOverRest, projectWithBoard, sleep } from './helpers/chat-deliveries.js';

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

    // Nothing more comes (no second message for any of them: a retry would come within a window and
    // a poll), and each delivery names its message.
    await sleep(1_500);
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
    await sleep(1_500);
    expect(discord.messages).toHaveLength(1);
  }, 60_000);

  it('a thousand card moves at once make a message per batch window, and together they carry every move', async () => {
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

    // One transaction (one update) per move, as a person dragging cards would send them, all at once.
    for (let i = 0; i < 1_000; i++) moveCard(owner.doc, `c${i}`, 'review');
    await owner.saved.whenSaved();

    await expect.poll(async () => (await deliveriesOf(h, projectId)).filter((row) => row.status === 'delivered').length, { timeout: 60_000, interval: 250 }).toBe(2_000);
    // A message per batch window the moves were committed over, plus the window the last one
    // opened and one for the lag of planning them: a handful, not a thousand. How long the commits
    // took is the machine's (under a second on PostgreSQL, 4-6 s on PGlite here, twice that with
    // the rest of the suite beside it), so the bound counts windows, not seconds.
    const spread = await h.app.db.query<{ seconds: number }>(
      `SELECT extract(epoch FROM max(occurred_at) - min(occurred_at))::float8 AS seconds FROM document_events WHERE document_name = $1 AND type = 'task.moved'`,
      [name],
    );
    const windows = Math.ceil((spread.rows[0]!.seconds * 1000) / Number(ENV.CHAT_BATCH_WINDOW_MS)) + 2;
    expect(discord.messages.length).toBeLessThanOrEqual(windows);
    expect(slack.messages.length).toBeLessThanOrEqual(windows);
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
