import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Reply, SignedIn } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { within } from './helpers/within.js';

interface Item {
  id: string;
  itemId: string;
  type: 'campaign' | 'video';
}

interface Aggregate {
  count: number;
  mean: number | null;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  sentiment: { feedbackCount: number; meanScore: number | null; meanComparative: number | null };
  version: number;
}

interface VoteOutcome {
  vote: { itemId: string; itemType: string; userId: string; rating: number; feedback: string | null; sentiment: { score: number; comparative: number } | null; timestamp: string };
  aggregate: Aggregate;
  replaced: boolean;
}

interface VoteItem {
  itemId: string;
  itemType: string;
  title: string;
  aggregate: Aggregate;
  myVote: VoteOutcome['vote'] | null;
}

interface Analytics {
  overall: Aggregate;
  byType: Record<'video' | 'script' | 'campaign', Aggregate>;
  trend: { day: string; count: number; mean: number | null }[];
  byCampaign: { campaignId: string; aggregate: Aggregate }[];
  mostVoted: { itemId: string; itemType: string; aggregate: Aggregate }[];
  item: { itemId: string; itemType: string; aggregate: Aggregate; trend: { day: string; count: number }[]; terms: { positive: { term: string; uses: number }[]; negative: { term: string; uses: number }[] } } | null;
}

function expectError(reply: Reply, status: number, code: string): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body.error?.code).toBe(code);
}

const distribution = (counts: number[]) => Object.fromEntries(counts.map((count, index) => [String(index + 1), count]));

describe.each(BACKENDS)('RLHF votes with live aggregates: %s', (kind) => {
  const h = harness(kind);
  const as = (person: SignedIn) => ({
    call: <T>(method: string, path: string, options: Parameters<typeof h.api.call>[2] = {}) => h.api.call<T>(method, path, { token: person.accessToken, ...options }),
  });
  const owner = () => as(h.owner);
  const vote = (person: SignedIn, body: Record<string, unknown>, headers: Record<string, string> = {}) => as(person).call<VoteOutcome>('POST', '/api/rlhf/vote', { body, headers });

  async function memberOf(projectId: string, role: string): Promise<SignedIn> {
    const person = await h.api.signIn();
    const added = await owner().call('POST', `/api/projects/${projectId}/members`, { body: { email: person.email, role } });
    expect(added.status).toBe(201);
    return person;
  }
  async function newPipeline(projectId = h.projectId, token = h.owner.accessToken) {
    const created = await h.api.call<{ name: string }>('POST', `/api/projects/${projectId}/documents`, { token, body: { kind: 'pipeline', title: `Pipeline ${randomUUID().slice(0, 6)}` } });
    expect(created.status).toBe(201);
    return created.body.data.name.split(':')[2]!;
  }
  async function newItem(path: '/api/video' | '/api/campaigns', pipelineId: string, body: Record<string, unknown> = {}, projectId = h.projectId, token = h.owner.accessToken) {
    const reply = await h.api.call<Item>('POST', path, { token, body: { projectId, pipelineId, title: 'Teaser', ...body } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body.data;
  }
  /** The votes table, recounted: what the incremental aggregate must equal. */
  async function recount(itemId: string, itemType: string) {
    const [, pipelineId, entryId] = itemId.split('.');
    const { rows } = await h.app.db.query<{ n: string; total: string | null; r: number }>(
      `SELECT count(*) AS n, sum(rating) AS total, rating AS r FROM votes WHERE project_id = $1 AND document_id = $2 AND entry_id = $3 AND item_type = $4 GROUP BY rating`,
      [h.projectId, pipelineId, entryId, itemType],
    );
    const buckets = [1, 2, 3, 4, 5].map((rating) => Number(rows.find((row) => Number(row.r) === rating)?.n ?? 0));
    const count = buckets.reduce((a, b) => a + b, 0);
    const sum = buckets.reduce((a, n, index) => a + n * (index + 1), 0);
    return { count, distribution: distribution(buckets), mean: count ? Math.round((sum / count) * 100) / 100 : null };
  }
  async function historyCount(itemId: string): Promise<number> {
    const [, pipelineId, entryId] = itemId.split('.');
    const { rows } = await h.app.db.query<{ n: string }>('SELECT count(*) AS n FROM vote_history WHERE project_id = $1 AND document_id = $2 AND entry_id = $3', [h.projectId, pipelineId, entryId]);
    return Number(rows[0]!.n);
  }

  it('a vote counts in its item, type and campaign; the list, analytics and the Echo aliases show it', async () => {
    // A project of its own: the project-wide numbers below count only this test's votes.
    const projectId = (await owner().call<{ id: string }>('POST', '/api/projects', { body: { name: 'Votes' } })).body.data.id;
    const pipelineId = await newPipeline(projectId);
    const campaign = await newItem('/api/campaigns', pipelineId, { title: 'Winter' }, projectId);
    const video = await newItem('/api/video', pipelineId, { campaignId: campaign.itemId, scriptDocument: 'https://example.com/script' }, projectId);
    const editor = await memberOf(projectId, 'editor');

    const first = await vote(h.owner, { itemId: video.id, rating: 4, feedback: 'Great pacing, I love the music' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.data.vote).toMatchObject({ itemId: video.id, itemType: 'video', userId: h.owner.userId, rating: 4, feedback: 'Great pacing, I love the music' });
    expect(first.body.data.vote.sentiment!.score).toBeGreaterThan(0);
    expect(first.body.data.replaced).toBe(false);
    expect(first.body.data.aggregate).toMatchObject({ count: 1, mean: 4, distribution: distribution([0, 0, 0, 1, 0]), sentiment: { feedbackCount: 1 } });

    // The Echo page's name for the same operation; a script is its own item.
    const script = await as(editor).call<VoteOutcome>('POST', '/api/echo/rlhf/vote', { body: { itemId: video.id, itemType: 'script', rating: 2, feedback: 'Boring and confusing ending' } });
    expect(script.status, JSON.stringify(script.body)).toBe(200);
    expect(script.body.data.aggregate).toMatchObject({ count: 1, mean: 2 });
    expect(script.body.data.vote.sentiment!.score).toBeLessThan(0);
    expect((await vote(editor, { itemId: campaign.id, rating: 5 })).status).toBe(200);

    const items = await owner().call<{ items: VoteItem[]; next: string | null }>('GET', `/api/rlhf/items?projectId=${projectId}&pipelineId=${pipelineId}`);
    expect(items.status, JSON.stringify(items.body)).toBe(200);
    const byKey = new Map(items.body.data.items.map((item) => [`${item.itemId}:${item.itemType}`, item]));
    expect([...byKey.keys()].sort()).toEqual([`${campaign.id}:campaign`, `${video.id}:script`, `${video.id}:video`].sort());
    expect(byKey.get(`${video.id}:video`)).toMatchObject({ aggregate: { count: 1, mean: 4 }, myVote: { rating: 4 } });
    expect(byKey.get(`${video.id}:script`)).toMatchObject({ aggregate: { count: 1, mean: 2 }, myVote: null });
    expect(byKey.get(`${campaign.id}:campaign`)).toMatchObject({ aggregate: { count: 1, mean: 5 }, myVote: null });
    const onlyScripts = await owner().call<{ items: VoteItem[] }>('GET', `/api/rlhf/items?projectId=${projectId}&pipelineId=${pipelineId}&itemType=script`);
    expect(onlyScripts.body.data.items.map((item) => item.itemType)).toEqual(['script']);
    const paged = await owner().call<{ items: VoteItem[]; next: string | null }>('GET', `/api/rlhf/items?projectId=${projectId}&pipelineId=${pipelineId}&limit=1`);
    expect(paged.body.data.next).not.toBeNull();
    const rest = await owner().call<{ items: VoteItem[]; next: string | null }>('GET', `/api/rlhf/items?projectId=${projectId}&pipelineId=${pipelineId}&limit=1&cursor=${paged.body.data.next}`);
    expect([...paged.body.data.items, ...rest.body.data.items].length).toBe(3);

    const analytics = await owner().call<Analytics>('GET', `/api/rlhf/analytics?projectId=${projectId}&itemId=${video.id}&itemType=script`);
    expect(analytics.status, JSON.stringify(analytics.body)).toBe(200);
    const data = analytics.body.data;
    expect(data.byType.video).toMatchObject({ count: 1, mean: 4 });
    expect(data.byType.script).toMatchObject({ count: 1, mean: 2 });
    expect(data.byType.campaign).toMatchObject({ count: 1, mean: 5 });
    expect(data.overall).toMatchObject({ count: 3, mean: 3.67, distribution: distribution([0, 1, 0, 1, 1]) });
    expect(data.trend).toEqual([{ day: new Date().toISOString().slice(0, 10), count: 3, mean: 3.67 }]);
    // The campaign counts its own vote and its video's and script's.
    expect(data.byCampaign).toEqual([{ campaignId: campaign.id, aggregate: expect.objectContaining({ count: 3 }) }]);
    expect(data.item).toMatchObject({ itemId: video.id, itemType: 'script', aggregate: { count: 1 }, trend: [{ count: 1 }] });
    expect(data.item!.terms.negative.map((term) => term.term).sort()).toEqual(['boring', 'confusing']);
    const ratings = await owner().call<Analytics>('GET', `/api/echo/rlhf/ratings?projectId=${projectId}&itemId=${video.id}&itemType=script`);
    expect(ratings.status).toBe(200);
    expect(ratings.body.data.overall).toEqual(data.overall);
    const weekly = await owner().call<Analytics>('GET', `/api/rlhf/analytics?projectId=${projectId}&per=week&days=14`);
    const today = new Date();
    const monday = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - ((today.getUTCDay() + 6) % 7)));
    expect(weekly.body.data.trend).toEqual([{ day: monday.toISOString().slice(0, 10), count: 3, mean: 3.67 }]);

    // A viewer reads what the votes add up to, but does not vote.
    const viewer = await memberOf(projectId, 'viewer');
    expect((await as(viewer).call('GET', `/api/rlhf/analytics?projectId=${projectId}`)).status).toBe(200);
    expectError(await vote(viewer, { itemId: video.id, rating: 3 }), 403, 'FORBIDDEN');
    // A commenter votes.
    expect((await vote(await memberOf(projectId, 'commenter'), { itemId: video.id, rating: 3 })).status).toBe(200);
  });

  it('a second vote replaces the first: it leaves its old bucket and day, the history keeps both', async () => {
    const pipelineId = await newPipeline();
    const campaign = await newItem('/api/campaigns', pipelineId);
    const video = await newItem('/api/video', pipelineId, { campaignId: campaign.itemId });
    const other = await h.member('editor');

    expect((await vote(h.owner, { itemId: video.id, rating: 2, feedback: 'Awful colours' })).body.data.aggregate).toMatchObject({ count: 1, distribution: distribution([0, 1, 0, 0, 0]) });
    expect((await vote(other, { itemId: video.id, rating: 2 })).body.data.aggregate).toMatchObject({ count: 2, mean: 2, distribution: distribution([0, 2, 0, 0, 0]) });
    const replaced = await vote(h.owner, { itemId: video.id, rating: 5 });
    expect(replaced.body.data.replaced).toBe(true);
    expect(replaced.body.data.aggregate).toMatchObject({ count: 2, mean: 3.5, distribution: distribution([0, 1, 0, 0, 1]), sentiment: { feedbackCount: 0, meanScore: null } });
    expect(replaced.body.data.aggregate).toMatchObject(await recount(video.id, 'video'));
    expect(await historyCount(video.id)).toBe(3);

    // Feedback on the existing vote: the rating stays, sentiment and terms move.
    const feedback = await owner().call<VoteOutcome>('POST', '/api/rlhf/feedback', { body: { itemId: video.id, feedback: 'Brilliant, beautiful, brilliant' } });
    expect(feedback.status, JSON.stringify(feedback.body)).toBe(200);
    expect(feedback.body.data.vote).toMatchObject({ rating: 5, feedback: 'Brilliant, beautiful, brilliant' });
    expect(feedback.body.data.aggregate).toMatchObject({ count: 2, mean: 3.5, sentiment: { feedbackCount: 1 } });
    expect(feedback.body.data.aggregate.sentiment.meanScore).toBeGreaterThan(0);
    expect(await historyCount(video.id)).toBe(4);
    let item = (await owner().call<Analytics>('GET', `/api/rlhf/analytics?projectId=${h.projectId}&itemId=${video.id}`)).body.data.item!;
    expect(item.terms).toEqual({ positive: [{ term: 'beautiful', uses: 1 }, { term: 'brilliant', uses: 1 }], negative: [] });
    // Taking the feedback back takes its terms out.
    await owner().call('POST', '/api/rlhf/feedback', { body: { itemId: video.id, feedback: null } });
    item = (await owner().call<Analytics>('GET', `/api/rlhf/analytics?projectId=${h.projectId}&itemId=${video.id}`)).body.data.item!;
    expect(item.terms).toEqual({ positive: [], negative: [] });
    expect(item.aggregate.sentiment.feedbackCount).toBe(0);

    const analytics = (await owner().call<Analytics>('GET', `/api/rlhf/analytics?projectId=${h.projectId}`)).body.data;
    expect(analytics.byCampaign.find((entry) => entry.campaignId === campaign.id)?.aggregate).toMatchObject({ count: 2, mean: 3.5 });
    // The daily rows add up to the current votes (the replaced one left its bucket).
    const [, , entryId] = video.id.split('.');
    const { rows } = await h.app.db.query<{ n: string; total: string }>("SELECT sum(vote_count) AS n, sum(rating_sum) AS total FROM vote_daily WHERE project_id = $1 AND scope = 'item' AND scope_key = $2", [h.projectId, `${pipelineId}.${entryId}:video`]);
    expect([Number(rows[0]!.n), Number(rows[0]!.total)]).toEqual([2, 7]);
  });

  it('100 concurrent voters (some voting twice at once) on one item: the aggregate equals a recount of the votes', async () => {
    const pipelineId = await newPipeline();
    const video = await newItem('/api/video', pipelineId);
    const voters: SignedIn[] = [];
    for (let batch = 0; batch < 10; batch++) voters.push(...(await Promise.all(Array.from({ length: 10 }, () => h.member('commenter')))));
    const ratingOf = (index: number, round: number) => ((index * 7 + round * 3) % 5) + 1;
    const replies = await Promise.all(
      voters.flatMap((voter, index) => [vote(voter, { itemId: video.id, rating: ratingOf(index, 0) }), ...(index % 4 === 0 ? [vote(voter, { itemId: video.id, rating: ratingOf(index, 1), feedback: 'good' })] : [])]),
    );
    for (const reply of replies) expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const counted = await recount(video.id, 'video');
    expect(counted.count).toBe(100);
    const items = await owner().call<{ items: VoteItem[] }>('GET', `/api/rlhf/items?projectId=${h.projectId}&pipelineId=${pipelineId}`);
    const aggregate = items.body.data.items[0]!.aggregate;
    expect(aggregate).toMatchObject(counted);
    expect(await historyCount(video.id)).toBe(replies.length);
    // The highest version any answer carried is the aggregate's: every vote moved it exactly once.
    expect(Math.max(...replies.map((reply) => reply.body.data.aggregate.version))).toBe(aggregate.version);
    expect(aggregate.version).toBe(replies.length);
    const withFeedback = await h.app.db.query<{ n: string }>("SELECT count(*) AS n FROM votes WHERE project_id = $1 AND entry_id = $2 AND feedback IS NOT NULL", [h.projectId, video.itemId]);
    expect(aggregate.sentiment.feedbackCount).toBe(Number(withFeedback.rows[0]!.n));
  });

  it('a vote reaches a connected member as a stateless message within a second, on any document they have open, and no one outside the project', async () => {
    const pipelineId = await newPipeline();
    const video = await newItem('/api/video', pipelineId);
    const watcherPerson = await h.member('viewer');
    // One socket on a board of the project, one on a board of the watcher's own other project: a
    // dashboard need not have the pipeline, or even this project, open.
    const here = h.open(await h.createBoard(), watcherPerson.accessToken);
    const ownProject = (await h.api.call<{ id: string }>('POST', '/api/projects', { token: watcherPerson.accessToken, body: { name: 'Mine' } })).body.data.id;
    const ownBoard = (await h.api.call<{ name: string }>('POST', `/api/projects/${ownProject}/documents`, { token: watcherPerson.accessToken, body: { kind: 'kanban', title: 'Mine' } })).body.data.name;
    const there = h.open(ownBoard, watcherPerson.accessToken);
    const outsider = await h.api.signIn();
    const elsewhere = (await h.api.call<{ id: string }>('POST', '/api/projects', { token: outsider.accessToken, body: { name: 'Elsewhere' } })).body.data.id;
    const otherBoard = (await h.api.call<{ name: string }>('POST', `/api/projects/${elsewhere}/documents`, { token: outsider.accessToken, body: { kind: 'kanban', title: 'Theirs' } })).body.data.name;
    const outsiderSocket = h.open(otherBoard, outsider.accessToken);
    await within(Promise.all([here.synced, there.synced, outsiderSocket.synced]), 5_000, 'the sockets syncing');

    const voter = await h.member('editor');
    const votesOn = (socket: typeof here) => socket.messages.filter((message) => message.type === 'votes');
    const started = Date.now();
    const cast = await vote(voter, { itemId: video.id, rating: 5 });
    expect(cast.status).toBe(200);
    await expect.poll(() => votesOn(here).length + votesOn(there).length, { timeout: 1_000, interval: 5 }).toBe(2);
    expect(Date.now() - started).toBeLessThan(1_000);
    for (const socket of [here, there]) {
      expect(votesOn(socket)).toEqual([{ type: 'votes', projectId: h.projectId, itemId: video.id, itemType: 'video', aggregate: cast.body.data.aggregate }]);
    }

    // Removed from the project, the watcher hears no more of its votes on the socket they keep.
    expect((await owner().call('DELETE', `/api/projects/${h.projectId}/members/${watcherPerson.userId}`)).status).toBe(200);
    expect((await vote(voter, { itemId: video.id, rating: 1 })).status).toBe(200);
    const later = await vote(h.owner, { itemId: video.id, rating: 3 });
    // A member still connected gets the newest aggregate of the burst: proof the push went out.
    const stayer = h.open(await h.createBoard(), h.owner.accessToken);
    await within(stayer.synced, 5_000, 'the owner syncing');
    expect((await vote(voter, { itemId: video.id, rating: 2 })).status).toBe(200);
    const newest = () => (votesOn(stayer).at(-1)?.aggregate as Aggregate | undefined)?.version;
    await expect.poll(newest, { timeout: 1_000, interval: 5 }).toBe(later.body.data.aggregate.version + 1);
    expect(votesOn(stayer).at(-1)!.aggregate).toMatchObject({ count: 2, mean: 2.5 });
    expect(votesOn(there)).toHaveLength(1);
    expect(votesOn(outsiderSocket)).toEqual([]);
  });

  it('an API key votes as the person who made it, within its role', async () => {
    const pipelineId = await newPipeline();
    const video = await newItem('/api/video', pipelineId);
    const keyOf = async (role: string) => (await owner().call<{ secret: string }>('POST', `/api/projects/${h.projectId}/api-keys`, { body: { name: `${role} key`, role } })).body.data.secret;
    const commenterKey = await keyOf('commenter');
    const cast = await h.api.call<VoteOutcome>('POST', '/api/rlhf/vote', { token: commenterKey, body: { itemId: video.id, rating: 4 } });
    expect(cast.status, JSON.stringify(cast.body)).toBe(200);
    expect(cast.body.data.vote.userId).toBe(h.owner.userId);
    // The owner's own vote replaces it: one person, one vote.
    expect((await vote(h.owner, { itemId: video.id, rating: 2 })).body.data).toMatchObject({ replaced: true, aggregate: { count: 1, mean: 2 } });
    expectError(await h.api.call('POST', '/api/rlhf/vote', { token: await keyOf('viewer'), body: { itemId: video.id, rating: 4 } }), 403, 'FORBIDDEN');
  });

  it('refuses bad ratings, bad feedback, unknown and foreign items and non-members; a retried request votes once', async () => {
    const pipelineId = await newPipeline();
    const campaign = await newItem('/api/campaigns', pipelineId);
    const video = await newItem('/api/video', pipelineId);
    for (const rating of [0, 6, 3.5, '5', null, -1]) {
      const reply = await vote(h.owner, { itemId: video.id, rating });
      expectError(reply, 422, 'VALIDATION_FAILED');
      expect(JSON.stringify(reply.body.error!.details)).toContain('rating');
    }
    expectError(await vote(h.owner, { itemId: video.id }), 422, 'VALIDATION_FAILED');
    expectError(await vote(h.owner, { itemId: video.id, rating: 3, feedback: 'x'.repeat(2_001) }), 422, 'VALIDATION_FAILED');
    expectError(await vote(h.owner, { itemId: video.id, rating: 3, feedback: 'nul \u0000 here' }), 422, 'VALIDATION_FAILED');
    expectError(await vote(h.owner, { itemId: video.id, rating: 3, itemType: 'podcast' }), 422, 'VALIDATION_FAILED');
    expectError(await vote(h.owner, { itemId: video.id, rating: 3, extra: true }), 422, 'VALIDATION_FAILED');
    expectError(await owner().call('POST', '/api/rlhf/feedback', { body: { itemId: video.id, feedback: 'x'.repeat(2_001) } }), 422, 'VALIDATION_FAILED');
    expectError(await owner().call('POST', '/api/rlhf/feedback', { body: { itemId: video.id, feedback: 'a\u0000b' } }), 422, 'VALIDATION_FAILED');
    expect(await historyCount(video.id)).toBe(0);

    // Unknown items, and items that exist under another name, are not found.
    expectError(await vote(h.owner, { itemId: `${h.projectId}.${pipelineId}.no-such-item`, rating: 3 }), 404, 'NOT_FOUND');
    expectError(await vote(h.owner, { itemId: `${h.projectId}.no-such-pipeline.${video.itemId}`, rating: 3 }), 404, 'NOT_FOUND');
    expectError(await vote(h.owner, { itemId: 'not-an-item-id', rating: 3 }), 404, 'NOT_FOUND');
    expectError(await vote(h.owner, { itemId: video.id, itemType: 'script', rating: 3 }), 404, 'NOT_FOUND');
    expectError(await vote(h.owner, { itemId: video.id, itemType: 'campaign', rating: 3 }), 404, 'NOT_FOUND');
    expectError(await vote(h.owner, { itemId: campaign.id, itemType: 'video', rating: 3 }), 404, 'NOT_FOUND');
    expectError(await owner().call('POST', '/api/rlhf/feedback', { body: { itemId: video.id, feedback: 'No vote yet' } }), 404, 'NOT_FOUND');

    // Another project's item: for one of its members named under this project, and for anyone else.
    const outsider = await h.api.signIn();
    const theirProject = (await h.api.call<{ id: string }>('POST', '/api/projects', { token: outsider.accessToken, body: { name: 'Theirs' } })).body.data.id;
    const theirPipeline = await newPipeline(theirProject, outsider.accessToken);
    const theirVideo = await newItem('/api/video', theirPipeline, {}, theirProject, outsider.accessToken);
    expectError(await vote(outsider, { itemId: theirVideo.id, projectId: h.projectId, rating: 3 }), 404, 'NOT_FOUND');
    expectError(await vote(h.owner, { itemId: theirVideo.id, rating: 3 }), 404, 'NOT_FOUND');
    expectError(await vote(outsider, { itemId: video.id, rating: 3 }), 404, 'NOT_FOUND');
    expectError(await as(outsider).call('GET', `/api/rlhf/items?projectId=${h.projectId}`), 404, 'NOT_FOUND');
    expectError(await as(outsider).call('GET', `/api/rlhf/analytics?projectId=${h.projectId}`), 404, 'NOT_FOUND');
    expectError(await owner().call('GET', `/api/rlhf/analytics?projectId=${h.projectId}&itemId=${theirVideo.id}`), 404, 'NOT_FOUND');
    expect(await historyCount(video.id)).toBe(0);

    // A retry with the same Idempotency-Key answers the first response and records nothing more.
    const key = randomUUID();
    const first = await vote(h.owner, { itemId: video.id, rating: 4 }, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    const retry = await vote(h.owner, { itemId: video.id, rating: 4 }, { 'idempotency-key': key });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await historyCount(video.id)).toBe(1);
    expect(first.body.data.aggregate).toMatchObject({ count: 1, version: 1 });
    expectError(await vote(h.owner, { itemId: video.id, rating: 2 }, { 'idempotency-key': key }), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await historyCount(video.id)).toBe(1);
  });
});
