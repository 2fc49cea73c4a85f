import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, redactDatabaseUrl } from './config.js';

function configError(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('parseConfig', () => {
  it('defaults to the embedded database, all roles, 127.0.0.1:3000', () => {
    const config = parseConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('data', 'pglite') });
    expect([...config.roles]).toEqual(['api', 'collab', 'worker']);
    expect(config.log.format).toBe('pretty');
  });

  it('uses PostgreSQL when DATABASE_URL is set, and JSON logs in production', () => {
    const config = parseConfig({
      DATABASE_URL: 'postgres://app:secret@db:5432/app',
      NODE_ENV: 'production',
      DATABASE_POOL_MAX: '20',
      AUTH_JWT_SECRET: 'x'.repeat(32),
      SECRETS_KEY: 'k'.repeat(44),
      VAULT_MASTER_KEY: 'v'.repeat(44),
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://app:secret@db:5432/app', poolMax: 20, guardTransactions: false });
    expect(config.log.format).toBe('json');
  });

  it('guards transactions on PostgreSQL outside production, or when told to', () => {
    const postgres = { DATABASE_URL: 'postgres://app@db:5432/app' };
    expect(parseConfig(postgres).database).toMatchObject({ guardTransactions: true });
    expect(parseConfig({ ...postgres, DATABASE_GUARD_TRANSACTIONS: 'false' }).database).toMatchObject({ guardTransactions: false });
    const production = { ...postgres, NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32), SECRETS_KEY: 'k'.repeat(44), VAULT_MASTER_KEY: 'v'.repeat(44) };
    expect(parseConfig({ ...production, DATABASE_GUARD_TRANSACTIONS: 'true' }).database).toMatchObject({ guardTransactions: true });
    expect(() => parseConfig({ ...postgres, DATABASE_GUARD_TRANSACTIONS: 'yes' })).toThrow(/DATABASE_GUARD_TRANSACTIONS/);
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(parseConfig({ DATABASE_URL: '' }).database.kind).toBe('pglite');
  });

  it('parses roles, dropping blanks and repeats', () => {
    expect([...parseConfig({ ROLES: ' worker, ,worker,api ' }).roles]).toEqual(['worker', 'api']);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '3.5' }, 'PORT'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://localhost/app' }, 'DATABASE_URL'],
    [{ ROLES: 'api,janitor' }, 'ROLES'],
    [{ ROLES: ',' }, 'ROLES'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY'],
  ])('refuses %j naming %s', (env, variable) => {
    const error = configError(env);
    expect(error.message).toContain(variable);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('turns dev login on only for the embedded database outside production', () => {
    expect(parseConfig({}).auth.devLogin).toBe(true);
    expect(parseConfig({ DATABASE_URL: 'postgres://db/app' }).auth.devLogin).toBe(false);
    expect(parseConfig({ DATABASE_URL: 'postgres://db/app', AUTH_DEV_LOGIN: 'true' }).auth.devLogin).toBe(true);
    expect(parseConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32), SECRETS_KEY: 'k'.repeat(44), VAULT_MASTER_KEY: 'v'.repeat(44) }).auth.devLogin).toBe(false);
  });

  it('marks cookies Secure exactly when the public URL is https', () => {
    expect(parseConfig({ PUBLIC_URL: 'https://studio.example.com/' }).auth.secureCookies).toBe(true);
    expect(parseConfig({ PUBLIC_URL: 'https://studio.example.com/' }).publicUrl).toBe('https://studio.example.com');
    expect(parseConfig({}).auth.secureCookies).toBe(false);
  });

  it.each([
    [{ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32), AUTH_DEV_LOGIN: 'true' }, 'AUTH_DEV_LOGIN'],
    [{ NODE_ENV: 'production' }, 'AUTH_JWT_SECRET'],
    [{ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32) }, 'SECRETS_KEY'],
    [{ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32), SECRETS_KEY: 'k'.repeat(44) }, 'VAULT_MASTER_KEY'],
    [{ VAULT_MASTER_KEY: 'too-short' }, 'VAULT_MASTER_KEY'],
    [{ VAULT_PREVIOUS_MASTER_KEYS: `${'p'.repeat(40)},short` }, 'VAULT_PREVIOUS_MASTER_KEYS'],
    [{ VAULT_MASTER_KEY: 'v'.repeat(40), VAULT_PREVIOUS_MASTER_KEYS: 'v'.repeat(40) }, 'VAULT_PREVIOUS_MASTER_KEYS'],
    [{ AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET'],
    [{ GOOGLE_CLIENT_ID: 'id-only' }, 'GOOGLE_CLIENT_SECRET'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ ALLOWED_ORIGINS: 'http://ok.example, not a url' }, 'ALLOWED_ORIGINS'],
  ])('refuses the unsafe or inconsistent %j', (env, variable) => {
    expect(configError(env).message).toContain(variable);
  });

  it('keeps uploaded files on local disk under DATA_DIR unless an S3 bucket is set', () => {
    const local = parseConfig({ DATA_DIR: '/srv/studio' });
    expect(local.assets.store).toEqual({ kind: 'local', dir: path.resolve('/srv/studio', 'blobs') });
    expect(local.assets).toMatchObject({ maxBytes: 200 * 1024 * 1024, projectQuotaBytes: 5 * 1024 ** 3, uploadUrlTtlSeconds: 300, cdnBaseUrl: undefined, ffmpegPath: 'ffmpeg' });
    const minio = parseConfig({ S3_BUCKET: 'uploads', S3_ENDPOINT: 'http://minio:9000', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', CDN_BASE_URL: 'https://cdn.example.com/' });
    expect(minio.assets.store).toEqual({ kind: 's3', bucket: 'uploads', endpoint: 'http://minio:9000', region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'k', secretAccessKey: 's' } });
    expect(minio.assets.cdnBaseUrl).toBe('https://cdn.example.com');
    // AWS itself: virtual-hosted addressing and the SDK's own credential chain.
    expect(parseConfig({ S3_BUCKET: 'uploads', S3_REGION: 'eu-west-1' }).assets.store).toMatchObject({ kind: 's3', endpoint: undefined, region: 'eu-west-1', forcePathStyle: false, credentials: undefined });
  });

  it('refuses half a pair of S3 credentials, and a file limit above the project quota', () => {
    expect(configError({ S3_BUCKET: 'bucket', S3_ACCESS_KEY_ID: 'k' }).message).toMatch(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together/);
    expect(configError({ ASSET_MAX_BYTES: '2000', ASSET_PROJECT_QUOTA_BYTES: '1000' }).message).toMatch(/ASSET_MAX_BYTES cannot be larger than ASSET_PROJECT_QUOTA_BYTES/);
    expect(configError({ ASSET_UPLOAD_URL_TTL_SECONDS: '7200' }).message).toMatch(/ASSET_UPLOAD_URL_TTL_SECONDS/);
    expect(configError({ S3_BUCKET: 'My_Bucket' }).message).toMatch(/S3_BUCKET must be an S3 bucket name/);
  });

  it('gathers chat deliveries for 2 s unless told otherwise, within 0.1 to 60 s', () => {
    expect(parseConfig({}).chat.batchWindowMs).toBe(2_000);
    expect(parseConfig({ CHAT_BATCH_WINDOW_MS: '500' }).chat.batchWindowMs).toBe(500);
    expect(configError({ CHAT_BATCH_WINDOW_MS: '50' }).message).toMatch(/CHAT_BATCH_WINDOW_MS.*at least 100/);
    expect(configError({ CHAT_BATCH_WINDOW_MS: '600000' }).message).toMatch(/CHAT_BATCH_WINDOW_MS.*at most 60000/);
  });

  it('redacts the password of a database URL for logs', () => {
    expect(redactDatabaseUrl('postgres://app:secret@db:5432/app')).toBe('postgres://app:***@db:5432/app');
    expect(redactDatabaseUrl('postgres://db/app')).toBe('postgres://db/app');
  });
});
