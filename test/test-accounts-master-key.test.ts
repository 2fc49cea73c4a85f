import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rewrapTestAccounts } from '../operations/test-accounts/rewrap-test-accounts.js';
import { createVault } from '../platform/vault.js';
import { spawnServer } from './helpers/child-server.js';
import { client } from './helpers/client.js';
import { BACKENDS, freshDatabase } from './helpers/databases.js';
import { type Account, KEY_A, type Revealed, SEED, startOn, startReady } from './helpers/test-accounts.js';

const KEY_B = 'vault-master-key-B-'.repeat(3);
const KEY_C = 'vault-master-key-C-'.repeat(3);
const ROOT = fileURLToPath(new URL('../', import.meta.url));

// No shared server: each test starts (and restarts) its own on its own database, since the keys it starts with are what it checks.
describe.each(BACKENDS)('test accounts vault: %s', (kind) => {
  it('rotates the master key by re-wrapping data keys only: every secret stays readable, every record ends under the new key', async () => {
    const own = await freshDatabase(kind);
    let server = await startReady(own, { VAULT_MASTER_KEY: KEY_A });
    try {
      const local = client(server.url);
      const boss = await local.signIn();
      const project = (await local.call<{ id: string }>('POST', '/api/projects', { token: boss.accessToken, body: { name: 'Rotation' } })).body.data.id;
      const secrets = Array.from({ length: 5 }, (_, i) => ({ service: `Service ${i}`, username: `user${i}`, password: `password-${i}-${randomBytes(4).toString('hex')}`, totpSeed: SEED, notes: `note ${i}` }));
      const ids: string[] = [];
      for (const body of secrets) ids.push((await local.call<Account>('POST', `/api/testing/accounts?projectId=${project}`, { token: boss.accessToken, body })).body.data.id);
      const sealedBefore = await own.db.query<{ id: string; sealed_secrets: string }>('SELECT id, sealed_secrets FROM test_accounts ORDER BY id');
      await server.stop();

      // The new key, with the old one as previous: records under the old key still open.
      server = await startReady(own, { VAULT_MASTER_KEY: KEY_B, VAULT_PREVIOUS_MASTER_KEYS: KEY_A });
      const rotated = client(server.url);
      const token = (await rotated.signIn(boss.email)).accessToken;
      expect((await rotated.call<Revealed>('POST', `/api/testing/accounts/${ids[0]}/reveal`, { token })).body.data.password).toBe(secrets[0]!.password);
      // An edit meanwhile seals that record under the new key at once.
      expect((await rotated.call('PUT', `/api/testing/accounts/${ids[1]}`, { token, body: { notes: 'edited during rotation' } })).status).toBe(200);
      const report = await rewrapTestAccounts(own.db, createVault(KEY_B, [KEY_A]), { batchSize: 2 });
      expect(report.rewrapped).toBe(4);
      expect((await rewrapTestAccounts(own.db, createVault(KEY_B, [KEY_A]))).rewrapped).toBe(0);
      const keys = await own.db.query<{ master_key_id: string }>('SELECT DISTINCT master_key_id FROM test_accounts');
      expect(keys.rows).toEqual([{ master_key_id: createVault(KEY_B).currentKeyId }]);
      const sealedAfter = await own.db.query<{ id: string; sealed_secrets: string }>('SELECT id, sealed_secrets FROM test_accounts ORDER BY id');
      // Only the wrapped keys moved; the sealed data is as it was (but for the record edited meanwhile).
      expect(sealedAfter.rows.filter((row) => row.id !== ids[1])).toEqual(sealedBefore.rows.filter((row) => row.id !== ids[1]));
      await server.stop();

      // The old key can go: the new one alone opens everything.
      server = await startReady(own, { VAULT_MASTER_KEY: KEY_B });
      const after = client(server.url);
      const afterToken = (await after.signIn(boss.email)).accessToken;
      for (const [index, id] of ids.entries()) {
        const revealed = await after.call<Revealed>('POST', `/api/testing/accounts/${id}/reveal`, { token: afterToken });
        expect(revealed.status).toBe(200);
        expect(revealed.body.data).toMatchObject({ password: secrets[index]!.password, totpSeed: SEED, notes: index === 1 ? 'edited during rotation' : secrets[index]!.notes });
      }
    } finally {
      await server.stop();
      await own.cleanup();
    }
  });

  it('refuses to start with a master key that opens no stored record, saying which variable to fix', async () => {
    const own = await freshDatabase(kind);
    try {
      const first = await startReady(own, { VAULT_MASTER_KEY: KEY_A });
      const local = client(first.url);
      const boss = await local.signIn();
      const project = (await local.call<{ id: string }>('POST', '/api/projects', { token: boss.accessToken, body: { name: 'Wrong key' } })).body.data.id;
      expect((await local.call('POST', `/api/testing/accounts?projectId=${project}`, { token: boss.accessToken, body: { service: 's', username: 'u', password: 'p' } })).status).toBe(201);
      await first.stop();

      const wrong = await startOn(own, { VAULT_MASTER_KEY: KEY_C, VAULT_PREVIOUS_MASTER_KEYS: KEY_B });
      try {
        const error = await wrong.migrated.then(() => null, (reason: unknown) => reason as Error);
        expect(error?.message).toMatch(/VAULT_MASTER_KEY/);
        expect(error?.message).toContain(createVault(KEY_A).currentKeyId);
        expect(error?.message).not.toContain(KEY_C);
        expect(error?.message.split('\n')).toHaveLength(1);
        // Still listening until it stops: the vault answers 503 rather than seal anything under the wrong key.
        const refused = await client(wrong.url).call('GET', `/api/testing/accounts?projectId=${project}`, { token: boss.accessToken });
        expect(refused.status).toBe(503);
        expect(refused.body.error!.code).toBe('NOT_READY');
      } finally {
        await wrong.stop();
      }
    } finally {
      await own.cleanup();
    }
  });

  it.runIf(kind === 'postgres')('npm run vault:rewrap and npm start: the commands an operator runs', async () => {
    const own = await freshDatabase(kind);
    try {
      const first = await startReady(own, { VAULT_MASTER_KEY: KEY_A });
      const local = client(first.url);
      const boss = await local.signIn();
      const project = (await local.call<{ id: string }>('POST', '/api/projects', { token: boss.accessToken, body: { name: 'CLI' } })).body.data.id;
      expect((await local.call('POST', `/api/testing/accounts?projectId=${project}`, { token: boss.accessToken, body: { service: 's', username: 'u', password: 'p' } })).status).toBe(201);
      await first.stop();
      const env = { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: own.databaseUrl!, VAULT_MASTER_KEY: KEY_B, VAULT_PREVIOUS_MASTER_KEYS: KEY_A };
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/vault-rewrap-cli.ts'], { cwd: ROOT, env });
      expect(stdout).toMatch(/Re-wrapped 1 test account/);
      expect((await own.db.query<{ master_key_id: string }>('SELECT master_key_id FROM test_accounts')).rows).toEqual([{ master_key_id: createVault(KEY_B).currentKeyId }]);

      // The old key alone no longer opens anything: the real entry point exits with one line.
      const child = spawnServer({ DATABASE_URL: own.databaseUrl!, VAULT_MASTER_KEY: KEY_A, AUTH_JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', SECRETS_KEY: 'secrets-key-for-the-vault-tests-0123456789', JOBS_SCHEMA: `jobs_${randomBytes(5).toString('hex')}` });
      expect(await child.exited).toBe(1);
      const lines = child.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Cannot start: .*VAULT_MASTER_KEY/);
      expect(child.stdout() + child.stderr()).not.toContain(KEY_A);
    } finally {
      await own.cleanup();
    }
  });
});
