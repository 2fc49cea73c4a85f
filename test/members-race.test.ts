import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { client, type Reply, type SignedIn } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';

/** Races run side by side in each round: more chances for an unlucky interleaving per round. */
const LANES = 4;

interface AuditRow {
  id: string;
  actor_user_id: string | null;
  target: string;
  details: { from?: string; to?: string };
}

/**
 * Who may change a member is decided inside the change's transaction, on locked rows: the
 * target's current role and the caller's current role, never what was read a moment before.
 */
describe.each(BACKENDS)('member changes racing each other: %s', (kind) => {
  // PGlite has one connection, so its transactions never overlap: a few rounds check the rules, PostgreSQL races.
  const ROUNDS = kind === 'postgres' ? 40 : 8;
  let app: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    app = await startTestApp(kind, { AUTH_DEV_LOGIN: 'true' });
    api = client(app.url);
  });
  afterAll(async () => {
    await app.stop();
  });

  async function project(owner: SignedIn): Promise<string> {
    const reply = await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Race' } });
    expect(reply.status).toBe(201);
    return reply.body.data.id;
  }

  async function join(projectId: string, owner: SignedIn, role: string): Promise<SignedIn> {
    const person = await api.signIn();
    expect((await api.call('POST', `/api/projects/${projectId}/members`, { token: owner.accessToken, body: { email: person.email, role } })).status).toBe(201);
    return person;
  }

  function setRole(projectId: string, by: SignedIn, who: SignedIn, role: string): Promise<Reply> {
    return api.call('PUT', `/api/projects/${projectId}/members/${who.userId}`, { token: by.accessToken, body: { role } });
  }

  async function roleOf(projectId: string, who: SignedIn): Promise<string | undefined> {
    const { rows } = await app.db.query<{ role: string }>('SELECT role FROM project_members WHERE project_id = $1 AND user_id = $2', [projectId, who.userId]);
    return rows[0]?.role;
  }

  async function auditOf(projectId: string): Promise<AuditRow[]> {
    const { rows } = await app.db.query<AuditRow>("SELECT id::text, actor_user_id, target, details FROM audit_log WHERE project_id = $1 AND action = 'member.role_changed' ORDER BY id", [projectId]);
    return rows;
  }

  it('an admin never demotes someone an owner promotes at the same moment', async () => {
    const owner = await api.signIn();
    const projectId = await project(owner);
    const admin = await join(projectId, owner, 'admin');
    const targets = await Promise.all(Array.from({ length: LANES }, () => join(projectId, owner, 'editor')));

    for (let round = 0; round < ROUNDS; round++) {
      const replies = await Promise.all(
        targets.map(async (target) => {
          const [promoted, demoted] = await Promise.all([setRole(projectId, owner, target, 'owner'), setRole(projectId, admin, target, 'viewer')]);
          return { target, promoted, demoted };
        }),
      );
      for (const { target, promoted, demoted } of replies) {
        expect(promoted.status).toBe(200);
        // Either the admin's change came first (editor → viewer, then promoted) or it was refused.
        expect([200, 403]).toContain(demoted.status);
        if (demoted.status === 403) expect(demoted.body.error?.code).toBe('FORBIDDEN');
        expect(await roleOf(projectId, target), `round ${round}`).toBe('owner');
      }
      // Back to editor for the next round (the owner may demote owners; several remain).
      await Promise.all(targets.map(async (target) => expect((await setRole(projectId, owner, target, 'editor')).status).toBe(200)));
    }
    const byAdmin = (await auditOf(projectId)).filter((row) => row.actor_user_id === admin.userId);
    expect(byAdmin.every((row) => row.details.from !== 'owner' && row.details.to !== 'owner')).toBe(true);
  }, 20_000);

  it('an admin demoted mid-way is judged by the role they have now', async () => {
    const owner = await api.signIn();
    const projectId = await project(owner);
    const admins = await Promise.all(Array.from({ length: LANES }, () => join(projectId, owner, 'admin')));
    const targets = await Promise.all(Array.from({ length: LANES }, () => join(projectId, owner, 'editor')));

    for (let round = 0; round < ROUNDS; round++) {
      const replies = await Promise.all(
        admins.map(async (admin, lane) => {
          const [demotion, change] = await Promise.all([setRole(projectId, owner, admin, 'viewer'), setRole(projectId, admin, targets[lane]!, round % 2 ? 'commenter' : 'viewer')]);
          return { demotion, change };
        }),
      );
      for (const { demotion, change } of replies) {
        expect(demotion.status).toBe(200);
        expect([200, 403]).toContain(change.status);
      }
      await Promise.all(admins.map(async (admin) => expect((await setRole(projectId, owner, admin, 'admin')).status).toBe(200)));
    }
    // Every change an admin made landed before that admin's demotion of the same round, never after.
    const audit = await auditOf(projectId);
    for (const admin of admins) {
      const events = audit.filter((row) => row.target === admin.userId || row.actor_user_id === admin.userId);
      let isAdmin = true;
      for (const row of events) {
        if (row.target === admin.userId) isAdmin = row.details.to === 'admin';
        else expect(isAdmin, `a change by ${admin.userId} after their demotion (audit ${row.id})`).toBe(true);
      }
    }
  }, 20_000);
});
