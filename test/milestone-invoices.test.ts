import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMilestoneInvoice } from '../operations/billing/invoices/create-milestone-invoice.js';
import { parseConfig } from '../platform/config.js';
import { milestoneInvoicesJob } from '../workers/jobs/milestone-invoices.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { silentLogger } from './helpers/logger.js';

const POLL = { timeout: 30_000, interval: 100 };
const settings = parseConfig({ NODE_ENV: 'test' }).invoices;

interface Invoice {
  id: string;
  number: number;
  status: string;
  source: string;
  totalMinor: number;
  taxMinor: number;
  issuedAt: string | null;
  lines: { description: string; quantity: number; unitAmountMinor: number }[];
}

describe.each(BACKENDS)('milestone invoices: %s', (kind) => {
  const schema = `jobs_${randomBytes(5).toString('hex')}`;
  const h = harness(kind, { JOBS_SCHEMA: schema });
  const call = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    h.api.call<T>(method, path, { token: h.owner.accessToken, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) });

  async function newProject(): Promise<string> {
    return (await call<{ id: string }>('POST', '/api/projects', { name: `Milestones ${randomUUID().slice(0, 6)}` })).body.data.id;
  }
  async function newVideo(projectId: string, title: string) {
    const pipeline = await call<{ name: string }>('POST', `/api/projects/${projectId}/documents`, { kind: 'pipeline', title: 'Pipeline' });
    expect(pipeline.status).toBe(201);
    const pipelineId = pipeline.body.data.name.split(':')[2]!;
    const video = await call<{ id: string }>('POST', '/api/video', { projectId, pipelineId, title, brief: 'Snow, product, smiles' });
    expect(video.status, JSON.stringify(video.body)).toBe(201);
    return video.body.data.id;
  }
  const move = async (videoId: string, toStage: string, key?: string) => {
    const reply = await call('POST', '/api/video/pipeline/move', { videoId, toStage }, key ? { 'idempotency-key': key } : undefined);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  };
  const invoices = async (projectId: string) => (await call<Invoice[]>('GET', `/api/invoices?projectId=${projectId}&limit=100`)).body.data;
  /** The project's stage-change events, and whether a milestone job has completed for each. */
  async function stageMoves(projectId: string): Promise<{ id: string; handled: boolean }[]> {
    const { rows } = await h.app.db.query<{ id: string; handled: boolean }>(
      `SELECT e.id, EXISTS (SELECT 1 FROM ${schema}.job j WHERE j.name = 'billing.milestone-invoices' AND j.state = 'completed' AND j.data->'eventIds' ? e.id::text) AS handled
       FROM document_events e WHERE e.project_id = $1 AND e.type = 'item.stage-changed' ORDER BY e.seq`,
      [projectId],
    );
    return rows;
  }
  const counter = async (projectId: string) => (await h.app.db.query<{ last_number: number }>('SELECT last_number FROM invoice_counters WHERE project_id = $1', [projectId])).rows[0]?.last_number ?? 0;

  it('makes exactly one open invoice when an item reaches the milestone stage, however often the move is retried, repeated or replayed', async () => {
    const projectId = await newProject();
    const account = await call('PUT', '/api/billing/account', { projectId, legalName: 'Client AG', country: 'DE', milestoneStage: 'script', milestoneAmountMinor: 50_000 });
    expect(account.status, JSON.stringify(account.body)).toBe(200);
    const videoId = await newVideo(projectId, 'Winter teaser');

    // The same request retried (one Idempotency-Key), then the item moved away and back again.
    const key = randomUUID();
    await move(videoId, 'script', key);
    await move(videoId, 'script', key);
    await move(videoId, 'idea');
    await move(videoId, 'script');

    // Every stage move (three) has been through a completed milestone job.
    await expect.poll(async () => (await stageMoves(projectId)).map((event) => event.handled), POLL).toEqual([true, true, true]);
    const made = await invoices(projectId);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ number: 1, status: 'open', source: 'milestone', totalMinor: 59_500, taxMinor: 9_500 });
    expect(made[0]!.issuedAt).not.toBeNull();
    expect(made[0]!.lines).toEqual([{ description: 'Milestone "script" reached: Winter teaser', quantity: 1, unitAmountMinor: 50_000, amountMinor: 50_000 }]);

    // A replayed job (the same events handled again) changes nothing, and takes no number.
    const job = milestoneInvoicesJob(() => settings);
    const eventIds = (await stageMoves(projectId)).map((event) => event.id);
    await job.handle({ eventIds }, { db: h.app.db, logger: silentLogger, jobId: 'replay', retryCount: 1, enqueue: async () => null });
    expect(await invoices(projectId)).toHaveLength(1);
    expect(await counter(projectId)).toBe(1);
    // The next invoice gets number 2: no number was used up by the repeats.
    const next = await call<Invoice>('POST', '/api/invoices', { projectId, lines: [{ description: 'Extra', quantity: 1, unitAmountMinor: 100 }] });
    expect(next.body.data.number).toBe(2);
  });

  it('makes one invoice when the same milestone is handled concurrently, and none for other stages or unset billing', async () => {
    const projectId = await newProject();
    expect((await call('PUT', '/api/billing/account', { projectId, milestoneStage: 'review', milestoneAmountMinor: 1_000 })).status).toBe(200);
    const reached = { projectId, documentName: `pipeline:${projectId}:abc`, entryId: 'item-1', stage: 'review', title: 'Final cut' };
    const deps = { db: h.app.db, invoices: settings };
    const results = await Promise.all(Array.from({ length: 6 }, () => createMilestoneInvoice(deps, reached)));
    expect(results.filter((result) => result.kind === 'created')).toHaveLength(1);
    expect(results.filter((result) => result.kind === 'exists')).toHaveLength(5);
    expect(await counter(projectId)).toBe(1);
    // Another item reaching the stage is its own milestone.
    expect((await createMilestoneInvoice(deps, { ...reached, entryId: 'item-2' })).kind).toBe('created');
    expect((await createMilestoneInvoice(deps, { ...reached, stage: 'production' })).kind).toBe('not-billed');
    expect((await createMilestoneInvoice(deps, { ...reached, projectId: await newProject() })).kind).toBe('not-billed');
    expect((await invoices(projectId)).map((invoice) => invoice.number).sort()).toEqual([1, 2]);
    expect(await counter(projectId)).toBe(2);
  });

  it('makes nothing when an item reaches a stage that is not the milestone', async () => {
    const projectId = await newProject();
    expect((await call('PUT', '/api/billing/account', { projectId, milestoneStage: 'review', milestoneAmountMinor: 1_000 })).status).toBe(200);
    const videoId = await newVideo(projectId, 'Spring');
    await move(videoId, 'script');
    await expect.poll(async () => (await stageMoves(projectId)).map((event) => event.handled), POLL).toEqual([true]);
    expect(await invoices(projectId)).toEqual([]);
  });
});
