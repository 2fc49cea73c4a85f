import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { parseConfig } from '../../platform/config.js';
import type { Database, DatabaseKind } from '../../platform/db/database.js';
import { type RunningApp, startApp } from '../../server/app.js';
import { type Reply, type SignedIn, client } from './client.js';
import { type TestDatabase, databaseConfigFor, freshDatabase } from './databases.js';
import { silentLogger } from './logger.js';

export const KEY_A = 'vault-master-key-A-'.repeat(3);

export interface Account {
  id: string;
  service: string;
  hasPassword: boolean;
  hasTotp: boolean;
  hasNotes: boolean;
  canReveal: boolean;
  revealRoles: string[];
  passwordChangedAt: string | null;
  version: number;
}
export interface Revealed {
  password: string | null;
  totpSeed: string | null;
  notes: string | null;
  totp: { code: string; secondsRemaining: number } | null;
}
export interface AuditRecord {
  action: string;
  actorUserId: string | null;
  target: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** The app's `stop` closes its database; a restart on the same data needs it to stay open until the test's cleanup. */
function keptOpen(db: Database): Database {
  return {
    kind: db.kind,
    connection: db.connection,
    query: (text, values) => db.query(text, values),
    transaction: (fn) => db.transaction(fn),
    ping: (timeoutMs) => db.ping(timeoutMs),
    close: async () => {},
  };
}

/** A server on port 0 over `test`'s data with the given vault keys; `migrated` is left to the caller (it carries the key check). */
export function startOn(test: TestDatabase, env: Record<string, string>): Promise<RunningApp> {
  const config = {
    ...parseConfig({
      NODE_ENV: 'test',
      PORT: '0',
      LOG_LEVEL: 'silent',
      AUTH_DEV_LOGIN: 'true',
      AUTH_JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      SECRETS_KEY: 'secrets-key-for-the-vault-tests-0123456789',
      RATE_LIMIT_AUTH_PER_MINUTE: '100000',
      RATE_LIMIT_API_PER_MINUTE: '100000',
      JOBS_SCHEMA: `jobs_${randomBytes(5).toString('hex')}`,
      ...env,
    }),
    database: databaseConfigFor(test),
  };
  return startApp(config, silentLogger, { db: keptOpen(test.db) });
}

export async function startReady(test: TestDatabase, env: Record<string, string>): Promise<RunningApp> {
  const app = await startOn(test, env);
  await app.migrated;
  return app;
}

export const SECRET = {
  password: 'correct-horse-battery-staple-Ω',
  totpSeed: 'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP',
  notes: 'recovery codes: 1111-2222, 3333-4444',
};
export const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** A vault under KEY_A with an owner's project holding one member of each role, someone from another project, and calls on that project's accounts. */
export interface VaultProject {
  test: TestDatabase;
  app: RunningApp;
  api: ReturnType<typeof client>;
  owner: SignedIn;
  admin: SignedIn;
  editor: SignedIn;
  viewer: SignedIn;
  outsider: SignedIn;
  projectId: string;
  create(who: SignedIn, body: Record<string, unknown>): Promise<Reply<Account>>;
  reveal(who: SignedIn, id: string): Promise<Reply<Revealed>>;
  audit(): Promise<AuditRecord[]>;
  /** Stops the server and drops its database. */
  stop(): Promise<void>;
}

/** Starts a VaultProject on a fresh database of the given kind (call it from a beforeAll; what it started is stopped again if it fails). */
export async function startVaultProject(kind: DatabaseKind): Promise<VaultProject> {
  const test = await freshDatabase(kind);
  let app: RunningApp | undefined;
  try {
    app = await startReady(test, { VAULT_MASTER_KEY: KEY_A });
    const api = client(app.url);
    const owner = await api.signIn(undefined, 'Owner');
    const projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Vault' } })).body.data.id;
    const member = async (role: string) => {
      const person = await api.signIn();
      expect((await api.call('POST', `/api/projects/${projectId}/members`, { token: owner.accessToken, body: { email: person.email, role } })).status).toBe(201);
      return person;
    };
    const admin = await member('admin');
    const editor = await member('editor');
    const viewer = await member('viewer');
    const outsider = await api.signIn();
    await api.call('POST', '/api/projects', { token: outsider.accessToken, body: { name: 'Elsewhere' } });
    const running = app;
    return {
      test,
      app,
      api,
      owner,
      admin,
      editor,
      viewer,
      outsider,
      projectId,
      create: async (who, body) => api.call<Account>('POST', `/api/testing/accounts?projectId=${projectId}`, { token: who.accessToken, body }),
      reveal: (who, id) => api.call<Revealed>('POST', `/api/testing/accounts/${id}/reveal`, { token: who.accessToken }),
      audit: async () => (await api.call<AuditRecord[]>('GET', `/api/projects/${projectId}/audit?limit=200`, { token: owner.accessToken })).body.data,
      stop: async () => {
        await running.stop();
        await test.cleanup();
      },
    };
  } catch (error) {
    await app?.stop();
    await test.cleanup();
    throw error;
  }
}
