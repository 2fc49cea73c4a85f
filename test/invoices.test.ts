import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { insertNumberedInvoice, type NewInvoice } from '../storage/billing/invoices.js';
import type { Reply, SignedIn } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';

interface Invoice {
  id: string;
  projectId: string;
  number: number;
  displayNumber: string;
  status: string;
  currency: string;
  subtotalMinor: number;
  taxRateBp: number;
  taxMinor: number;
  totalMinor: number;
  amountPaidMinor: number;
  amountDueMinor: number;
  reverseCharge: boolean;
  taxCountry: string | null;
  billTo: Record<string, string | null>;
  source: string;
  lastPaymentError: string | null;
  issuedAt: string | null;
  dueAt: string | null;
  paidAt: string | null;
  lines: { description: string; quantity: number; unitAmountMinor: number; amountMinor: number }[];
}

interface Account {
  projectId: string;
  legalName: string | null;
  country: string | null;
  taxId: string | null;
  currency: string;
  invoicePrefix: string;
  milestoneStage: string | null;
  milestoneAmountMinor: number | null;
}

function expectError(reply: Reply, status: number, code: string): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body.error?.code).toBe(code);
}

const LINE = { description: 'Campaign production', quantity: 2, unitAmountMinor: 12_345 };

describe.each(BACKENDS)('invoices over REST: %s', (kind) => {
  const h = harness(kind);
  const as = (person: SignedIn) => <T>(method: string, path: string, body?: unknown) => h.api.call<T>(method, path, { token: person.accessToken, ...(body === undefined ? {} : { body }) });
  const owner = () => as(h.owner);

  /** A project of its own per test, so numbering and settings start fresh. */
  async function newProject(person: SignedIn = h.owner): Promise<string> {
    const reply = await h.api.call<{ id: string }>('POST', '/api/projects', { token: person.accessToken, body: { name: `Billing ${randomUUID().slice(0, 6)}` } });
    expect(reply.status).toBe(201);
    return reply.body.data.id;
  }
  async function setAccount(projectId: string, fields: Record<string, unknown>): Promise<Account> {
    const reply = await owner()<Account>('PUT', '/api/billing/account', { projectId, legalName: 'Acme GmbH', address: 'Hauptstraße 1\n10115 Berlin', ...fields });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return reply.body.data;
  }
  async function create(projectId: string, body: Record<string, unknown> = {}): Promise<Invoice> {
    const reply = await owner()<Invoice>('POST', '/api/invoices', { projectId, lines: [LINE], ...body });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body.data;
  }
  const counts = async (projectId: string) => {
    const { rows } = await h.app.db.query<{ invoices: number; lines: number; last: number | null }>(
      `SELECT (SELECT count(*)::int FROM invoices WHERE project_id = $1) AS invoices,
              (SELECT count(*)::int FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.project_id = $1) AS lines,
              (SELECT last_number FROM invoice_counters WHERE project_id = $1) AS last`,
      [projectId],
    );
    return rows[0]!;
  };

  it('keeps billing settings per project, made on first read, audited when changed', async () => {
    const projectId = await newProject();
    const first = await owner()<Account>('GET', `/api/billing/account?projectId=${projectId}`);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ projectId, currency: 'eur', invoicePrefix: 'INV', country: null, milestoneStage: null });
    const saved = await setAccount(projectId, { country: 'fr', currency: 'USD', invoicePrefix: 'ACME', milestoneStage: 'review', milestoneAmountMinor: 50_000, brandColor: '#aa3366' });
    expect(saved).toMatchObject({ country: 'FR', currency: 'usd', invoicePrefix: 'ACME', milestoneStage: 'review', milestoneAmountMinor: 50_000 });
    expect((await owner()<Account>('GET', `/api/billing/account?projectId=${projectId}`)).body.data).toMatchObject({ legalName: 'Acme GmbH', country: 'FR' });
    const audit = await owner()<{ action: string; target: string }[]>('GET', `/api/projects/${projectId}/audit`);
    expect(audit.body.data.map((entry) => entry.action)).toContain('billing.account_updated');
  });

  it('refuses bad settings with 422 and changes nothing', async () => {
    const projectId = await newProject();
    await setAccount(projectId, { country: 'DE' });
    const otherProject = await newProject();
    const { rows } = await h.app.db.query<{ id: string }>(
      `INSERT INTO assets (project_id, name, declared_type, detected_type, declared_size, size, storage_key, status, upload_expires_at)
       VALUES ($1, 'logo.png', 'image/png', 'image/png', 10, 10, $2, 'ready', now()) RETURNING id`,
      [otherProject, `projects/${otherProject}/assets/${randomUUID()}`],
    );
    const bad: Record<string, unknown>[] = [
      { country: 'Germany' },
      { milestoneStage: 'published' },
      { milestoneAmountMinor: -5 },
      { milestoneAmountMinor: 1.5 },
      { milestoneAmountMinor: '100' },
      { brandColor: 'red' },
      { currency: 'xyz' },
      { legalName: 'x'.repeat(5_000) },
      { legalName: 'Acme\u0000' },
      { logoAssetId: rows[0]!.id },
      { logoAssetId: randomUUID() },
      { invoicePrefix: 'inv/../' },
      { unknownField: true },
    ];
    for (const fields of bad) {
      const reply = await owner()('PUT', '/api/billing/account', { projectId, ...fields });
      expectError(reply, 422, 'VALIDATION_FAILED');
    }
    expect((await owner()<Account>('GET', `/api/billing/account?projectId=${projectId}`)).body.data).toMatchObject({ country: 'DE', legalName: 'Acme GmbH', milestoneStage: null });
  });

  it('computes tax from the buyer country, and flags reverse charge for EU B2B', async () => {
    const projectId = await newProject();
    await setAccount(projectId, { country: 'FR' });
    // 2 × 123.45 = 246.90; 20 % = 49.38
    const consumer = await create(projectId);
    expect(consumer).toMatchObject({ subtotalMinor: 24_690, taxRateBp: 2000, taxMinor: 4_938, totalMinor: 29_628, reverseCharge: false, taxCountry: 'FR', status: 'draft', currency: 'eur', source: 'manual' });
    expect(consumer.lines).toEqual([{ ...LINE, amountMinor: 24_690 }]);
    expect(consumer.billTo).toMatchObject({ legalName: 'Acme GmbH', country: 'FR' });

    // 19 % of 10.05 is 1.9095 → 1.91 (half up on the cent).
    await setAccount(projectId, { country: 'DE' });
    expect(await create(projectId, { lines: [{ description: 'Edit', quantity: 1, unitAmountMinor: 1_005 }] })).toMatchObject({ taxRateBp: 1900, taxMinor: 191, totalMinor: 1_196 });

    await setAccount(projectId, { country: 'NL', taxId: 'NL123456789B01' });
    const business = await create(projectId);
    expect(business).toMatchObject({ taxRateBp: 0, taxMinor: 0, totalMinor: 24_690, reverseCharge: true, taxCountry: 'NL' });
    expect(business.billTo).toMatchObject({ taxId: 'NL123456789B01' });
    // An invoice keeps who it billed: later settings do not change it.
    await setAccount(projectId, { country: 'FR', legalName: 'Someone Else' });
    expect((await owner()<Invoice>('GET', `/api/invoices/${business.id}`)).body.data).toMatchObject({ reverseCharge: true, billTo: { legalName: 'Acme GmbH', country: 'NL' } });
  });

  it('numbers invoices per project with the account prefix, and lists them with filters and paging', async () => {
    const projectId = await newProject();
    await setAccount(projectId, { invoicePrefix: 'ACME' });
    const made = [await create(projectId), await create(projectId, { finalize: true }), await create(projectId)];
    expect(made.map((invoice) => [invoice.number, invoice.displayNumber, invoice.status])).toEqual([
      [1, 'ACME-000001', 'draft'],
      [2, 'ACME-000002', 'open'],
      [3, 'ACME-000003', 'draft'],
    ]);
    // Another project starts at 1.
    expect((await create(await newProject())).displayNumber).toBe('INV-000001');

    const page = await owner()<Invoice[]>('GET', `/api/invoices?projectId=${projectId}&limit=2&page=1`);
    expect(page.status).toBe(200);
    expect(page.body.meta).toEqual({ total: 3, page: 1, limit: 2 });
    expect(page.body.data).toHaveLength(2);
    const second = await owner()<Invoice[]>('GET', `/api/invoices?projectId=${projectId}&limit=2&page=2`);
    expect(second.body.data).toHaveLength(1);
    expect(new Set([...page.body.data, ...second.body.data].map((invoice) => invoice.number))).toEqual(new Set([1, 2, 3]));
    const open = await owner()<Invoice[]>('GET', `/api/invoices?projectId=${projectId}&status=open`);
    expect(open.body.data.map((invoice) => invoice.number)).toEqual([2]);
    expect(open.body.meta).toMatchObject({ total: 1 });
    expectError(await owner()('GET', `/api/invoices?projectId=${projectId}&status=lost`), 422, 'VALIDATION_FAILED');
  });

  it('gives consecutive numbers to concurrent creations', async () => {
    const projectId = await newProject();
    const replies = await Promise.all(Array.from({ length: 12 }, () => owner()<Invoice>('POST', '/api/invoices', { projectId, lines: [LINE] })));
    for (const reply of replies) expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(replies.map((reply) => reply.body.data.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await counts(projectId)).toEqual({ invoices: 12, lines: 12, last: 12 });
  });

  it('gives a rolled-back invoice’s number to the next one, even one waiting for it concurrently', async () => {
    const projectId = await newProject();
    await create(projectId);
    const row = (milestoneKey: string | null): NewInvoice => ({
      projectId,
      prefix: 'INV',
      status: 'draft',
      currency: 'eur',
      subtotalMinor: 100n,
      taxRateBp: 0,
      taxMinor: 0n,
      totalMinor: 100n,
      taxCountry: null,
      reverseCharge: false,
      billTo: { legalName: null, email: null, address: null, country: null, taxId: null },
      source: 'manual',
      milestoneKey,
      createdBy: null,
      issuedAt: null,
      dueAt: null,
      lines: [{ description: 'x', quantity: 1, unitAmountMinor: 100n, amountMinor: 100n }],
    });
    let taken: (() => void) | undefined;
    const holding = new Promise<void>((resolve) => (taken = resolve));
    // A takes number 2 and holds its transaction open; B asks meanwhile (on PostgreSQL it waits on
    // the counter's row lock, on PGlite for the one connection); A rolls back; B gets 2.
    const first = h.app.db
      .transaction(async (tx) => {
        await insertNumberedInvoice(tx, row(null));
        taken!();
        await new Promise((resolve) => setTimeout(resolve, 300));
        throw new Error('rolled back on purpose');
      })
      .catch((error: Error) => error.message);
    await holding;
    const second = create(projectId);
    expect(await first).toBe('rolled back on purpose');
    expect((await second).number).toBe(2);
    expect((await create(projectId)).number).toBe(3);
    expect(await counts(projectId)).toMatchObject({ invoices: 3, last: 3 });
  });

  it('enforces draft → open → paid | void, and settles a bank transfer as a payment', async () => {
    const projectId = await newProject();
    await setAccount(projectId, { country: 'DE' });
    const draft = await create(projectId);
    expectError(await owner()('POST', `/api/invoices/${draft.id}/mark-paid`, { reference: 'TRX-1' }), 409, 'INVALID_TRANSITION');

    const opened = await owner()<Invoice>('POST', `/api/invoices/${draft.id}/finalize`, { dueInDays: 14 });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body.data).toMatchObject({ status: 'open', amountDueMinor: draft.totalMinor, amountPaidMinor: 0 });
    expect(Date.parse(opened.body.data.dueAt!) - Date.parse(opened.body.data.issuedAt!)).toBe(14 * 86_400_000);
    expectError(await owner()('POST', `/api/invoices/${draft.id}/finalize`, {}), 409, 'INVALID_TRANSITION');

    const paid = await owner()<Invoice>('POST', `/api/invoices/${draft.id}/mark-paid`, { reference: 'TRX-2026-0042' });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.data).toMatchObject({ status: 'paid', amountPaidMinor: draft.totalMinor, amountDueMinor: 0, lastPaymentError: null });
    expect(paid.body.data.paidAt).not.toBeNull();
    const payments = await h.app.db.query<{ provider: string; amount: string; status: string }>('SELECT provider, amount_minor::text AS amount, status FROM payments WHERE invoice_id = $1', [draft.id]);
    expect(payments.rows).toEqual([{ provider: 'bank_transfer', amount: String(draft.totalMinor), status: 'succeeded' }]);
    expectError(await owner()('POST', `/api/invoices/${draft.id}/mark-paid`, { reference: 'again' }), 409, 'INVALID_TRANSITION');
    expectError(await owner()('POST', `/api/invoices/${draft.id}/void`), 409, 'INVALID_TRANSITION');

    const voided = await owner()<Invoice>('POST', `/api/invoices/${(await create(projectId)).id}/void`);
    expect(voided.body.data).toMatchObject({ status: 'void', amountDueMinor: 0 });
    expectError(await owner()('POST', `/api/invoices/${voided.body.data.id}/finalize`, {}), 409, 'INVALID_TRANSITION');

    const audit = await owner()<{ action: string; target: string }[]>('GET', `/api/projects/${projectId}/audit`);
    const actions = audit.body.data.filter((entry) => entry.target === draft.id).map((entry) => entry.action);
    expect(actions.sort()).toEqual(['invoice.created', 'invoice.finalized', 'invoice.marked_paid']);
  });

  it('is for owners and admins: an editor gets 403, another project’s people 404', async () => {
    const projectId = h.projectId;
    const invoice = await create(projectId);
    const admin = await h.member('admin');
    expect((await as(admin)<Invoice>('GET', `/api/invoices/${invoice.id}`)).status).toBe(200);
    const editor = await h.member('editor');
    const asEditor = as(editor);
    expectError(await asEditor('GET', `/api/invoices?projectId=${projectId}`), 403, 'FORBIDDEN');
    expectError(await asEditor('POST', '/api/invoices', { projectId, lines: [LINE] }), 403, 'FORBIDDEN');
    expectError(await asEditor('GET', `/api/invoices/${invoice.id}`), 403, 'FORBIDDEN');
    expectError(await asEditor('GET', `/api/invoices/${invoice.id}/pdf`), 403, 'FORBIDDEN');
    expectError(await asEditor('POST', `/api/invoices/${invoice.id}/void`), 403, 'FORBIDDEN');
    expectError(await asEditor('GET', `/api/billing/account?projectId=${projectId}`), 403, 'FORBIDDEN');
    expectError(await asEditor('PUT', '/api/billing/account', { projectId, country: 'DE' }), 403, 'FORBIDDEN');

    const stranger = await h.api.signIn();
    await newProject(stranger);
    const asStranger = as(stranger);
    expectError(await asStranger('GET', `/api/invoices/${invoice.id}`), 404, 'NOT_FOUND');
    expectError(await asStranger('GET', `/api/invoices/${invoice.id}/pdf`), 404, 'NOT_FOUND');
    expectError(await asStranger('POST', `/api/invoices/${invoice.id}/mark-paid`, { reference: 'x' }), 404, 'NOT_FOUND');
    expectError(await asStranger('POST', `/api/invoices/${invoice.id}/void`), 404, 'NOT_FOUND');
    expectError(await asStranger('GET', `/api/invoices?projectId=${projectId}`), 404, 'NOT_FOUND');
    expectError(await asStranger('POST', '/api/invoices', { projectId, lines: [LINE] }), 404, 'NOT_FOUND');
    expectError(await asStranger('GET', `/api/billing/account?projectId=${projectId}`), 404, 'NOT_FOUND');
    expectError(await owner()('GET', `/api/invoices/${randomUUID()}`), 404, 'NOT_FOUND');
    expectError(await owner()('GET', '/api/invoices/not-an-id'), 404, 'NOT_FOUND');
    expect((await owner()<Invoice>('GET', `/api/invoices/${invoice.id}`)).body.data.status).toBe('draft');
  });

  it('refuses bad invoices with 422 and writes nothing', async () => {
    const projectId = await newProject();
    await create(projectId);
    const before = await counts(projectId);
    const line = (patch: Record<string, unknown>) => ({ projectId, lines: [{ ...LINE, ...patch }] });
    const bad: unknown[] = [
      line({ unitAmountMinor: -100 }),
      line({ unitAmountMinor: 0 }),
      line({ unitAmountMinor: 10.5 }),
      line({ unitAmountMinor: '100' }),
      line({ unitAmountMinor: 1e13 }),
      line({ unitAmountMinor: Number.MAX_SAFE_INTEGER + 2 }),
      line({ quantity: 0 }),
      line({ quantity: 1.5 }),
      line({ quantity: '2' }),
      line({ description: 'x'.repeat(5_000) }),
      line({ description: 'nul\u0000byte' }),
      line({ description: '   ' }),
      line({ extra: 1 }),
      // Each line under the cap, the total past it.
      { projectId, lines: [{ description: 'a', quantity: 1_000, unitAmountMinor: 999_999_999_999 }] },
      { projectId, lines: Array.from({ length: 101 }, () => LINE) },
      { projectId, lines: [] },
      { projectId },
      { projectId, lines: [LINE], currency: 'xyz' },
      { projectId, lines: [LINE], currency: 'euros' },
      { projectId, lines: [LINE], currency: 7 },
      { projectId, lines: [LINE], dueInDays: -1 },
      { projectId, lines: [LINE], finalize: 'yes' },
      { projectId, lines: 'everything' },
    ];
    for (const body of bad) {
      const reply = await owner()('POST', '/api/invoices', body);
      expectError(reply, 422, 'VALIDATION_FAILED');
    }
    expectError(await owner()('POST', '/api/invoices', { lines: [LINE] }), 422, 'VALIDATION_FAILED');
    expectError(await owner()('POST', `/api/invoices/${randomUUID()}/mark-paid`, { reference: 'x\u0000' }), 422, 'VALIDATION_FAILED');
    expect(await counts(projectId)).toEqual(before);
    // Upper-case currencies are taken and stored as Stripe writes them.
    expect((await create(projectId, { currency: 'GBP' })).currency).toBe('gbp');
  });
});
