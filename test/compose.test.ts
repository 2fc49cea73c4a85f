import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../server/config.js';

/** No Docker engine runs here, so the stack's structure is what we can check: and we check it strictly. */
interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
}

const compose = parse(fs.readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};

describe('docker-compose.yml', () => {
  it('has the production-like services, each with a health check', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'minio', 'postgres', 'redis', 'worker']);
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.healthcheck?.test.length, `${name} health check`).toBeGreaterThan(0);
    }
    expect(compose.services.postgres!.image).toMatch(/^pgvector\/pgvector:pg1[5-9]$/);
  });

  it('keeps stateful services on named volumes', () => {
    for (const name of ['postgres', 'redis', 'minio']) {
      const volume = compose.services[name]!.volumes?.[0]?.split(':')[0];
      expect(volume && volume in compose.volumes, `${name} volume`).toBe(true);
    }
  });

  it('runs the app and a separate worker from one image, after their dependencies are healthy', () => {
    const { app, worker } = compose.services;
    expect(app!.build).toBe('.');
    expect(worker!.build).toBe('.');
    for (const service of [app!, worker!]) {
      expect(Object.values(service.depends_on ?? {}).every((dep) => dep.condition === 'service_healthy')).toBe(true);
      expect(Object.keys(service.depends_on ?? {}).sort()).toEqual(['minio', 'postgres', 'redis']);
    }
  });

  /** Compose fills `${NAME:-default}` from the shell; the defaults are what a bare `docker compose up` gets. */
  function withDefaults(environment: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')]));
  }

  it('gives each app service an environment the config module accepts, with the right roles', () => {
    const app = parseConfig(withDefaults(compose.services.app!.environment!));
    const worker = parseConfig(withDefaults(compose.services.worker!.environment!));
    expect(app.publicUrl).toBe('http://localhost:3000');
    expect([...app.roles]).toEqual(['api', 'collab']);
    expect([...worker.roles]).toEqual(['worker']);
    expect(app.database).toMatchObject({ kind: 'postgres', url: expect.stringContaining('@postgres:5432/') });
    expect(app.nodeEnv).toBe('production');
    expect(app.host).toBe('0.0.0.0');
  });
});

describe('Dockerfile', () => {
  it('copies every source folder the server imports from, and builds the web client', () => {
    const dockerfile = fs.readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
    // Every top-level folder with TypeScript the running server loads (tests and benchmarks excepted).
    const sourceFolders = fs
      .readdirSync(new URL('..', import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !['node_modules', 'test', 'bench', 'data', 'test-artifacts', '.git', '.ci'].includes(entry.name) && !entry.name.startsWith('.'))
      .filter((entry) => fs.readdirSync(new URL(`../${entry.name}`, import.meta.url), { recursive: true }).some((file) => String(file).endsWith('.ts')))
      .map((entry) => entry.name);
    expect(sourceFolders).toEqual(expect.arrayContaining(['server', 'collab', 'documents', 'identity', 'rest', 'workers', 'web']));
    for (const folder of sourceFolders) expect(dockerfile, `COPY ${folder}`).toMatch(new RegExp(`^COPY ${folder} \\./${folder}$`, 'm'));
    expect(dockerfile).toMatch(/web\/build\.ts --force/);
  });
});
