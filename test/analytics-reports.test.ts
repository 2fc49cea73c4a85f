import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDue, nextDue } from '../operations/analytics/report-cadence.js';
import { sendDueReports } from '../operations/analytics/send-due-reports.js';
import { smtpReportMailer } from '../operations/analytics/report-mailer.js';
import { rollUpNow } from './helpers/analytics.js';
import { startTestApp } from './helpers/app.js';
import { type Reply, type SignedIn, client } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { type FakeSmtp, startFakeSmtp } from './helpers/fake-smtp.js';
import { silentLogger } from './helpers/logger.js';

interface Subscription {
  cadence: 'weekly' | 'monthly' | null;
  nextDueAt: string | null;
  lastSentAt: string | null;
}

function expectError(reply: Reply, status: number, code: string): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body.error?.code).toBe(code);
}

describe('when scheduled reports are due', () => {
  it('weekly on the next Monday and monthly on the 1st, at 07:00 UTC, never in the past after an outage', () => {
    // Wednesday 2 December 2026, 13:00 UTC.
    const now = new Date('2026-12-02T13:00:00Z');
    expect(firstDue('weekly', now).toISOString()).toBe('2026-12-07T07:00:00.000Z');
    expect(firstDue('monthly', now).toISOString()).toBe('2027-01-01T07:00:00.000Z');
    // A Monday after 07:00: the next Monday.
    expect(firstDue('weekly', new Date('2026-12-07T08:00:00Z')).toISOString()).toBe('2026-12-14T07:00:00.000Z');
    expect(nextDue('weekly', new Date('2026-12-07T07:00:00Z'), new Date('2026-12-07T07:05:00Z')).toISOString()).toBe('2026-12-14T07:00:00.000Z');
    // Down for three weeks: one report when back, the next a week on from a date still ahead.
    expect(nextDue('weekly', new Date('2026-12-07T07:00:00Z'), new Date('2026-12-29T10:00:00Z')).toISOString()).toBe('2027-01-04T07:00:00.000Z');
    expect(nextDue('monthly', new Date('2027-01-01T07:00:00Z'), new Date('2027-01-01T07:01:00Z')).toISOString()).toBe('2027-02-01T07:00:00.000Z');
  });
});

describe.each(BACKENDS)('scheduled activity reports by email: %s', (kind) => {
  let smtp: FakeSmtp;
  beforeAll(async () => {
    smtp = await startFakeSmtp();
  });
  afterAll(async () => {
    await smtp?.close();
  });
  // Read when the harness starts its server (its beforeAll runs after the fake's): the server's own
  // hourly pass, should it run during the test, sends to the same fake, so the tests below count
  // what arrived rather than who sent it.
  const h = harness(kind, {
    get SMTP_URL() {
      return smtp.url;
    },
  } as Record<string, string>);
  const POLL = { timeout: 10_000, interval: 50 };
  const mailsTo = (email: string) => smtp.to(email).map((mail) => mail.subject);
  const as = (person: SignedIn) => ({
    call: <T>(method: string, path: string, options: Parameters<typeof h.api.call>[2] = {}) => h.api.call<T>(method, path, { token: person.accessToken, ...options }),
  });
  const send = (now = new Date()) => sendDueReports({ db: h.app.db, mailer: smtpReportMailer({ smtpUrl: smtp.url, tlsRejectUnauthorized: false, from: 'studio@example.com' }), publicUrl: () => 'https://studio.example', logger: silentLogger }, now);
  const makeDue = (projectId: string, userId: string) => h.app.db.query("UPDATE report_subscriptions SET next_due_at = now() - interval '1 minute' WHERE project_id = $1 AND user_id = $2", [projectId, userId]);

  it('emails each subscriber the dashboard once when due, moves the next one on, and ends it when they leave', async () => {
    const viewer = await h.api.signIn(undefined, 'Vera Viewer');
    expect((await as(h.owner).call('POST', `/api/projects/${h.projectId}/members`, { body: { email: viewer.email, role: 'viewer' } })).status).toBe(201);
    const board = await as(h.owner).call<{ name: string }>('POST', `/api/projects/${h.projectId}/documents`, { body: { kind: 'kanban', title: 'Reported' } });
    for (const title of ['One', 'Two']) await as(h.owner).call('POST', '/api/tasks', { body: { projectId: h.projectId, boardId: board.body.data.name.split(':')[2], title, columnId: 'todo' } });
    await as(viewer).call('POST', '/api/analytics/events', { body: { projectId: h.projectId, events: [{ name: 'page.viewed' }] } });
    await rollUpNow(h.app);

    expect((await as(viewer).call<Subscription>('GET', `/api/analytics/reports?projectId=${h.projectId}`)).body.data).toEqual({ cadence: null, nextDueAt: null, lastSentAt: null });
    const subscribed = await as(viewer).call<Subscription>('PUT', '/api/analytics/reports', { body: { projectId: h.projectId, cadence: 'weekly' } });
    expect(subscribed.status, JSON.stringify(subscribed.body)).toBe(200);
    expect(subscribed.body.data.cadence).toBe('weekly');
    expect(new Date(subscribed.body.data.nextDueAt!).getUTCDay()).toBe(1);
    // Not due yet: nothing goes.
    expect(await send()).toEqual({ sent: 0, ended: 0, failed: 0 });

    await makeDue(h.projectId, viewer.userId);
    await send();
    // Twice in a row (a retried job, a second worker): still one email.
    await send();
    await expect.poll(() => mailsTo(viewer.email), POLL).toEqual(['Weekly activity: Sync']);
    const mails = smtp.to(viewer.email);
    expect(mails[0]!.subject).toBe('Weekly activity: Sync');
    expect(mails[0]!.text).toContain('Document edits: 2 (new)');
    expect(mails[0]!.text).toContain('Active people: 2 (new)');
    expect(mails[0]!.text).toContain(`https://studio.example/#/p/${h.projectId}/dashboard`);
    const after = (await as(viewer).call<Subscription>('GET', `/api/analytics/reports?projectId=${h.projectId}`)).body.data;
    expect(new Date(after.nextDueAt!).getTime()).toBeGreaterThan(Date.now());
    expect(after.lastSentAt).not.toBeNull();

    // Removed from the project: no report, and the subscription is gone.
    await makeDue(h.projectId, viewer.userId);
    expect((await as(h.owner).call('DELETE', `/api/projects/${h.projectId}/members/${viewer.userId}`)).status).toBe(200);
    await send();
    expect(mailsTo(viewer.email)).toEqual(['Weekly activity: Sync']);
    expect((await h.app.db.query('SELECT 1 FROM report_subscriptions WHERE user_id = $1', [viewer.userId])).rowCount).toBe(0);
  });

  it('keeps a report the SMTP server refused for the next pass, and takes no bad input or strangers', async () => {
    const person = await h.api.signIn(undefined, 'Rita Retry');
    expect((await as(h.owner).call('POST', `/api/projects/${h.projectId}/members`, { body: { email: person.email, role: 'editor' } })).status).toBe(201);
    expect((await as(person).call('PUT', '/api/analytics/reports', { body: { projectId: h.projectId, cadence: 'monthly' } })).status).toBe(200);
    await makeDue(h.projectId, person.userId);
    smtp.script(person.email, 451);
    expect(await send()).toMatchObject({ sent: 0 });
    expect(smtp.attempts(person.email)).toBe(1);
    expect(mailsTo(person.email)).toEqual([]);
    await send();
    await expect.poll(() => mailsTo(person.email), POLL).toEqual(['Monthly activity: Sync']);

    // Stopped: null.
    expect((await as(person).call<Subscription>('PUT', '/api/analytics/reports', { body: { projectId: h.projectId, cadence: null } })).body.data.cadence).toBeNull();
    for (const body of [{ projectId: h.projectId, cadence: 'daily' }, { projectId: h.projectId }, { projectId: h.projectId, cadence: 'weekly', extra: 1 }, { projectId: 'x'.repeat(5_000), cadence: 'weekly' }]) {
      expectError(await as(person).call('PUT', '/api/analytics/reports', { body }), 422, 'VALIDATION_FAILED');
    }
    const stranger = await h.api.signIn();
    expectError(await as(stranger).call('PUT', '/api/analytics/reports', { body: { projectId: h.projectId, cadence: 'weekly' } }), 404, 'NOT_FOUND');
  });
});

describe('scheduled reports without SMTP', () => {
  it('says so instead of taking a subscription that could never be sent', async () => {
    const app = await startTestApp('pglite', { AUTH_DEV_LOGIN: 'true' });
    try {
      const api = client(app.url);
      const me = await api.signIn();
      const projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: me.accessToken, body: { name: 'No mail' } })).body.data.id;
      expectError(await api.call('PUT', '/api/analytics/reports', { token: me.accessToken, body: { projectId, cadence: 'weekly' } }), 503, 'EMAIL_NOT_CONFIGURED');
      expect((await api.call('PUT', '/api/analytics/reports', { token: me.accessToken, body: { projectId, cadence: null } })).status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});
