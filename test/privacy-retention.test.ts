import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pruneAnalytics } from '../operations/analytics/prune-analytics.js';
import { enforceRetention } from '../operations/privacy/enforce-retention.js';
import type { SignedIn } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { silentLogger } from './helpers/logger.js';

interface Retention {
  projectId: string;
  settings: Record<string, number | null>;
  effective: Record<string, number | null>;
  defaults: Record<string, number | null>;
}

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

describe.each(BACKENDS)('project retention: %s', (kind) => {
  const h = harness(kind);
  const as = <T>(person: SignedIn, method: string, url: string, body?: unknown) => h.api.call<T>(method, url, { token: person.accessToken, ...(body !== undefined ? { body } : {}) });
  const newProject = async () => (await as<{ id: string }>(h.owner, 'POST', '/api/projects', { name: `Retention ${randomUUID().slice(0, 6)}` })).body.data.id;

  /** One row of each kind per age, marked so it can be found again. */
  async function seedAges(projectId: string, ages: number[]) {
    const db = h.app.db;
    for (const days of ages) {
      const mark = `${projectId}:${days}`;
      await db.query(`INSERT INTO audit_log (project_id, actor_user_id, action, target, created_at) VALUES ($1, $2, 'project.updated', $3, $4)`, [projectId, h.owner.userId, mark, ago(days)]);
      const { rows } = await db.query<{ id: string }>(`INSERT INTO document_events (project_id, kind, type, entry_id, actor, data, occurred_at) VALUES ($1, 'request', 'request.created', $2, 'server', '{}', $3) RETURNING id`, [projectId, mark, ago(days)]);
      await db.query('INSERT INTO notifications (user_id, event_id, project_id, created_at) VALUES ($1, $2, $3, $4)', [h.owner.userId, rows[0]!.id, projectId, ago(days)]);
      await db.query(`INSERT INTO analytics_events (project_id, user_id, source, name, properties, occurred_at) VALUES ($1, $2, 'client', 'page.viewed', $3, $4)`, [projectId, h.owner.userId, JSON.stringify({ mark }), ago(days)]);
    }
  }

  /** Which of the seeded ages are still there, per kind of data. */
  async function remaining(projectId: string) {
    const db = h.app.db;
    const ages = (rows: { mark: string }[]) => rows.map((row) => Number(row.mark.split(':')[1])).sort((a, b) => a - b);
    return {
      audit: ages((await db.query<{ mark: string }>(`SELECT target AS mark FROM audit_log WHERE project_id = $1 AND target LIKE $2`, [projectId, `${projectId}:%`])).rows),
      notifications: ages((await db.query<{ mark: string }>(`SELECT e.entry_id AS mark FROM notifications n JOIN document_events e ON e.id = n.event_id WHERE n.project_id = $1`, [projectId])).rows),
      analytics: ages((await db.query<{ mark: string }>(`SELECT properties->>'mark' AS mark FROM analytics_events WHERE project_id = $1`, [projectId])).rows),
    };
  }

  it('defaults to today’s behaviour; owners and admins change it (audited); editors are refused, outsiders see nothing', async () => {
    const projectId = await newProject();
    const initial = await as<Retention>(h.owner, 'GET', `/api/projects/${projectId}/retention`);
    expect(initial.status).toBe(200);
    expect(initial.body.data).toMatchObject({ settings: { auditDays: null, notificationDays: null, analyticsRawDays: null }, effective: { auditDays: null, notificationDays: null, analyticsRawDays: 90 } });

    const admin = await h.api.signIn();
    const editor = await h.api.signIn();
    const outsider = await h.api.signIn();
    for (const [person, role] of [[admin, 'admin'], [editor, 'editor']] as const) {
      expect((await as(h.owner, 'POST', `/api/projects/${projectId}/members`, { email: person.email, role })).status).toBe(201);
    }
    const changed = await as<Retention>(admin, 'PUT', `/api/projects/${projectId}/retention`, { auditDays: 365, notificationDays: 30 });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.data).toMatchObject({ settings: { auditDays: 365, notificationDays: 30, analyticsRawDays: null }, effective: { auditDays: 365, notificationDays: 30, analyticsRawDays: 90 } });
    // Only what is named changes; null goes back to the default.
    const partly = await as<Retention>(h.owner, 'PUT', `/api/projects/${projectId}/retention`, { auditDays: null, analyticsRawDays: 30 });
    expect(partly.body.data.settings).toEqual({ auditDays: null, notificationDays: 30, analyticsRawDays: 30 });

    expect((await as(editor, 'GET', `/api/projects/${projectId}/retention`)).status).toBe(403);
    expect((await as(editor, 'PUT', `/api/projects/${projectId}/retention`, { auditDays: 40 })).status).toBe(403);
    expect((await as(outsider, 'GET', `/api/projects/${projectId}/retention`)).status).toBe(404);
    expect((await as(outsider, 'PUT', `/api/projects/${projectId}/retention`, { auditDays: 40 })).status).toBe(404);
    expect((await as(h.owner, 'GET', `/api/projects/${randomUUID()}/retention`)).status).toBe(404);

    const audit = await as<{ action: string; details: Record<string, unknown> }[]>(h.owner, 'GET', `/api/projects/${projectId}/audit?limit=50`);
    const changes = audit.body.data.filter((record) => record.action === 'project.retention_updated');
    expect(changes).toHaveLength(2);
    expect(changes[1]!.details).toEqual({ from: { auditDays: null, notificationDays: null, analyticsRawDays: null }, to: { auditDays: 365, notificationDays: 30, analyticsRawDays: null } });
  });

  it('refuses bad values with 422 and changes nothing', async () => {
    const projectId = await newProject();
    const bad: unknown[] = [
      { auditDays: 29 },
      { auditDays: 3_651 },
      { notificationDays: 6 },
      { analyticsRawDays: 0 },
      { analyticsRawDays: -5 },
      { auditDays: 1.5 },
      { auditDays: '90' },
      { auditDays: 'x'.repeat(5_000) },
      { auditDays: 'ninety\u0000' },
      { auditDays: [90] },
      { auditDays: 1e308 },
      { retentionDays: 90 },
      {},
      [],
    ];
    for (const body of bad) {
      const reply = await as<unknown>(h.owner, 'PUT', `/api/projects/${projectId}/retention`, body);
      expect(reply.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(reply.body.error?.code).toBe('VALIDATION_FAILED');
    }
    const broken = await h.api.call('PUT', `/api/projects/${projectId}/retention`, { token: h.owner.accessToken, rawBody: '{"auditDays": ' });
    expect(broken.status).toBe(400);
    expect((await as<Retention>(h.owner, 'GET', `/api/projects/${projectId}/retention`)).body.data.settings).toEqual({ auditDays: null, notificationDays: null, analyticsRawDays: null });
    const { rows } = await h.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM project_retention WHERE project_id = $1', [projectId]);
    expect(rows[0]!.n).toBe(0);
  });

  it('the daily job removes what is older than each project chose, keeps the rest, and leaves other projects and instance records alone', async () => {
    const chosen = await newProject();
    const untouched = await newProject();
    const longer = await newProject();
    await seedAges(chosen, [1, 20, 40, 400]);
    await seedAges(untouched, [1, 20, 40, 400]);
    await seedAges(longer, [1, 100]);
    const instanceMark = `instance:${randomUUID()}`;
    await h.app.db.query(`INSERT INTO audit_log (project_id, action, target, created_at) VALUES (NULL, 'auth.sign_in', $1, $2)`, [instanceMark, ago(4_000)]);

    expect((await as(h.owner, 'PUT', `/api/projects/${chosen}/retention`, { auditDays: 30, notificationDays: 7, analyticsRawDays: 30 })).status).toBe(200);
    expect((await as(h.owner, 'PUT', `/api/projects/${longer}/retention`, { analyticsRawDays: 365 })).status).toBe(200);

    const pass = await enforceRetention({ db: h.app.db, logger: silentLogger });
    expect(pass.projects).toBeGreaterThanOrEqual(2);
    expect(await remaining(chosen)).toEqual({ audit: [1, 20], notifications: [1], analytics: [1, 20] });
    expect(await remaining(untouched)).toEqual({ audit: [1, 20, 40, 400], notifications: [1, 20, 40, 400], analytics: [1, 20, 40, 400] });
    const kept = await h.app.db.query('SELECT 1 FROM audit_log WHERE target = $1', [instanceMark]);
    expect(kept.rowCount).toBe(1);

    // The instance-wide analytics prune (90 days) leaves a project that chose longer to its own retention.
    await pruneAnalytics(h.app.db, { rawRetentionDays: 90, rollupRetentionDays: 730 });
    expect((await remaining(longer)).analytics).toEqual([1, 100]);
    expect((await remaining(untouched)).analytics).toEqual([1, 20, 40]);

    // What went is on record in the project's audit log; a second run removes nothing more.
    const audit = await as<{ action: string; details: { removed?: Record<string, number> } }[]>(h.owner, 'GET', `/api/projects/${chosen}/audit?limit=50`);
    expect(audit.body.data.find((record) => record.action === 'project.retention_applied')?.details.removed).toEqual({ audit: 2, notifications: 3, analyticsEvents: 2 });
    const before = await remaining(chosen);
    await enforceRetention({ db: h.app.db, logger: silentLogger });
    expect(await remaining(chosen)).toEqual(before);
  });

  it('the audit log stays append-only outside the retention job', async () => {
    const projectId = await newProject();
    await seedAges(projectId, [500]);
    await expect(h.app.db.query('DELETE FROM audit_log WHERE project_id = $1', [projectId])).rejects.toThrow(/append-only/);
    await expect(h.app.db.query(`UPDATE audit_log SET action = 'auth.sign_out' WHERE project_id = $1`, [projectId])).rejects.toThrow(/append-only/);
    // Even marked as retention's, a record without a project is refused.
    await expect(
      h.app.db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('studio.audit_retention', 'on', true)`);
        await tx.query(`DELETE FROM audit_log WHERE project_id IS NULL AND action = 'auth.sign_in'`);
      }),
    ).rejects.toThrow(/append-only/);
    expect((await remaining(projectId)).audit).toEqual([500]);
  });
});
