import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../platform/config.js';

/** No Docker engine runs here, so the stack's structure is what we can check: and we check it strictly. */
interface Service {
  image?: string;
  build?: string;
  restart?: string;
  user?: string | number;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; disable?: boolean };
  volumes?: string[];
  ports?: string[];
  command?: string[];
}

/** The two web instances the load balancer spreads connections over. */
const webInstances = ['app-1', 'app-2'] as const;

const compose = parse(fs.readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};

describe('docker-compose.yml', () => {
  /** One-shot set-up containers (restart "no"): they exit when done, so the app waits for them to complete instead of checking their health. */
  const oneShot = (service: Service) => service.restart === 'no';

  it('has the production-like services, each with a health check', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app-1', 'app-2', 'lb', 'minio', 'minio-init', 'postgres', 'redis', 'worker']);
    for (const [name, service] of Object.entries(compose.services)) {
      if (oneShot(service)) continue;
      expect(service.healthcheck?.test.length, `${name} health check`).toBeGreaterThan(0);
      // `test: ["NONE"]` or `disable: true` switch off the image's own check too.
      expect(service.healthcheck?.test[0], `${name} health check`).not.toBe('NONE');
      expect(service.healthcheck?.disable, `${name} health check`).not.toBe(true);
    }
    expect(compose.services.postgres!.image).toMatch(/^pgvector\/pgvector:\d+\.\d+\.\d+-pg1[5-9]$/);
  });

  it('pins every pulled image to a release, and runs the app images as their non-root user', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.build) {
        // Built from our Dockerfile (pinned and non-root, below); the tag only names the local build.
        expect(service.user, `${name} user`).toBeUndefined();
        continue;
      }
      expect(pinnedImageProblem(service.image ?? ''), `${name}: ${service.image}`).toBeUndefined();
    }
  });

  it('keeps stateful services on named volumes', () => {
    for (const name of ['postgres', 'redis', 'minio']) {
      const volume = compose.services[name]!.volumes?.[0]?.split(':')[0];
      expect(volume && volume in compose.volumes, `${name} volume`).toBe(true);
    }
  });

  it('runs the app instances and a separate worker from one image, after their dependencies are healthy', () => {
    for (const name of [...webInstances, 'worker']) {
      const service = compose.services[name]!;
      expect(service.build, name).toBe('.');
      for (const [dependency, dep] of Object.entries(service.depends_on ?? {})) expect(dep.condition, `${name} → ${dependency}`).toBe(oneShot(compose.services[dependency]!) ? 'service_completed_successfully' : 'service_healthy');
      expect(Object.keys(service.depends_on ?? {}).sort(), name).toEqual(['minio', 'minio-init', 'postgres', 'redis']);
    }
  });

  it('publishes the app only through the load balancer, which waits for both instances', () => {
    const lb = compose.services.lb!;
    expect(lb.image).toMatch(/^nginx:\d+\.\d+\.\d+-alpine$/);
    expect(lb.ports).toEqual(['3000:80']);
    expect(lb.volumes).toContain('./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro');
    expect(lb.depends_on).toEqual({ 'app-1': { condition: 'service_healthy' }, 'app-2': { condition: 'service_healthy' } });
    // Busybox's wget is what nginx's alpine image has; through the balancer to an instance's readiness.
    expect(lb.healthcheck?.test.join(' ')).toMatch(/wget .*http:\/\/127\.0\.0\.1\/readyz/);
    for (const name of webInstances) {
      expect(compose.services[name]!.ports, `${name} ports`).toBeUndefined();
      expect(compose.services[name]!.healthcheck?.test.join(' '), `${name} health check`).toContain('http://127.0.0.1:3000/readyz');
    }
  });

  it('gives each app service an environment the config module accepts, with the right roles', () => {
    const worker = parseConfig(withDefaults(compose.services.worker!.environment!));
    expect([...worker.roles]).toEqual(['worker']);
    for (const name of webInstances) {
      const app = parseConfig(withDefaults(compose.services[name]!.environment!));
      // The load balancer's published port.
      expect(app.publicUrl, name).toBe('http://localhost:3000');
      expect([...app.roles], name).toEqual(['api', 'collab']);
      expect(app.trustProxyHops, name).toBe(1);
      expect(app.database, name).toMatchObject({ kind: 'postgres', url: expect.stringContaining('@postgres:5432/') });
      // Instances share documents, presence, access changes, rate limits and caches through one Redis.
      expect(app.redis?.url, name).toBe('redis://redis:6379');
      expect(app.nodeEnv, name).toBe('production');
      expect(app.host, name).toBe('0.0.0.0');
      // Files in the bucket minio-init makes, reached by the app inside the network and by browsers at the published port.
      expect(app.assets.store, name).toMatchObject({ kind: 's3', bucket: 'studio-uploads', endpoint: 'http://minio:9000', publicEndpoint: 'http://localhost:9000', forcePathStyle: true });
    }
    expect(compose.services['minio-init']!.command?.join(' ')).toContain('mc mb --ignore-existing studio/studio-uploads');
    expect(compose.services.minio!.ports).toContain('9000:9000');
  });
});

describe('deploy/nginx.conf', () => {
  const nginx = fs.readFileSync(new URL('../deploy/nginx.conf', import.meta.url), 'utf8').replace(/#.*$/gm, '');
  const directives = (name: string) => [...nginx.matchAll(new RegExp(`^\\s*${name}\\s+([^;{}]+);`, 'gm'))].map((match) => match[1]!.trim());

  it('balances over both instances and passes WebSocket upgrades through', () => {
    const servers = directives('server').map((line) => line.split(/\s+/)[0]);
    expect(servers).toEqual(webInstances.map((name) => `${name}:3000`));
    expect(directives('proxy_http_version')).toEqual(['1.1']);
    expect(directives('proxy_set_header')).toEqual(expect.arrayContaining(['Upgrade $http_upgrade', 'Connection $connection_upgrade', 'Host $http_host', 'X-Forwarded-For $proxy_add_x_forwarded_for', 'X-Forwarded-Proto $scheme']));
    expect(nginx).toMatch(/map \$http_upgrade \$connection_upgrade \{[^}]*default\s+upgrade;/);
    expect(directives('proxy_next_upstream')).toEqual(['error timeout']);
  });

  it('takes a multipart upload as large as the app does', () => {
    const [limit] = directives('client_max_body_size');
    const megabytes = /^(\d+)m$/.exec(limit ?? '')?.[1];
    expect(megabytes, `client_max_body_size ${limit}`).toBeDefined();
    const app = parseConfig(withDefaults(compose.services['app-1']!.environment!));
    // The file plus the room for boundaries and part headers the app's form reader allows (rest/assets/small-file-form.ts).
    expect(Number(megabytes) * 1024 * 1024).toBeGreaterThan(app.assets.multipartMaxBytes + 64 * 1024);
  });
});

describe('Dockerfile', () => {
  const dockerfile = fs.readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
  // One line per instruction: a trailing `\` continues it on the next line.
  const logicalLines = dockerfile.replace(/\\\n\s*/g, ' ');
  const instructions = (keyword: string) => [...logicalLines.matchAll(new RegExp(`^${keyword}\\s+(.+)$`, 'gm'))].map((match) => match[1]!.trim());

  it('copies every source folder the server imports from, and builds the web client', () => {
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

  it('starts the server as `npm start` does, Node flags included', () => {
    const commands = instructions('CMD');
    expect(commands).toHaveLength(1);
    const { scripts } = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
    expect((JSON.parse(commands[0]!) as string[]).join(' ')).toBe(scripts.start);
  });

  it('builds on pinned images and runs as a non-root user with a health check', () => {
    const bases = instructions('FROM').map((line) => line.split(/\s+/)[0]!);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(pinnedImageProblem(base), `FROM ${base}`).toBeUndefined();
    // The last USER is who the container runs as; none at all means root.
    const user = instructions('USER').at(-1);
    expect(user, 'USER').toBeDefined();
    expect(['root', '0'], `USER ${user}`).not.toContain(user!.split(':')[0]);
    const healthcheck = instructions('HEALTHCHECK');
    expect(healthcheck).toHaveLength(1);
    expect(healthcheck[0]).toMatch(/ CMD .*\/healthz/);
  });
});

describe('image pins', () => {
  it('refuses latest, bare and major-only tags, and accepts releases and digests', () => {
    expect(pinnedImageProblem('minio/minio:latest')).toMatch(/latest/);
    expect(pinnedImageProblem('redis')).toMatch(/no tag/);
    expect(pinnedImageProblem('redis:7-alpine')).toMatch(/not a release/);
    expect(pinnedImageProblem('pgvector/pgvector:pg15')).toMatch(/not a release/);
    expect(pinnedImageProblem('localhost:5000/app')).toMatch(/no tag/);
    expect(pinnedImageProblem('redis:7.4.11-alpine')).toBeUndefined();
    expect(pinnedImageProblem('minio/minio:RELEASE.2025-09-07T16-13-09Z')).toBeUndefined();
    expect(pinnedImageProblem(`redis@sha256:${'a'.repeat(64)}`)).toBeUndefined();
  });
});

describe('Node version', () => {
  const dockerfile = fs.readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
  const ci = fs.readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };

  it('is the same Node 24 release in the image and in CI, and inside the declared engines range', () => {
    const image = /^FROM node:(\d+\.\d+\.\d+)-/m.exec(dockerfile)?.[1];
    const tested = /^NODE24_VERSION=(\d+\.\d+\.\d+)$/m.exec(ci)?.[1];
    expect(image).toMatch(/^24\./);
    expect(tested).toBe(image);
    // engines is a plain lower bound (">=22.12"); a richer range needs a semver parser here.
    const minimum = /^>=\s*(\d+)\.(\d+)$/.exec(pkg.engines.node);
    expect(minimum, `engines.node ${pkg.engines.node}`).not.toBeNull();
    const [major, minor] = image!.split('.').map(Number) as [number, number];
    expect(major > Number(minimum![1]) || (major === Number(minimum![1]) && minor >= Number(minimum![2]))).toBe(true);
  });
});

/** Compose fills `${NAME:-default}` from the shell; the defaults are what a bare `docker compose up` gets. */
function withDefaults(environment: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, value.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1')]));
}

/** Why `image` is not pinned to a release (undefined when it is): a digest, or a tag naming an exact version. */
function pinnedImageProblem(image: string): string | undefined {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
  const lastPart = image.split('/').at(-1) ?? '';
  if (!lastPart.includes(':')) return 'no tag (means latest)';
  const tag = lastPart.slice(lastPart.indexOf(':') + 1);
  if (tag === 'latest') return 'latest moves';
  // x.y.z (optionally with a variant, e.g. 7.4.11-alpine, 0.8.1-pg15) or MinIO's RELEASE.<timestamp>.
  if (/^v?\d+\.\d+\.\d+([-.][\w.-]+)?$/.test(tag) || /^RELEASE\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/.test(tag)) return undefined;
  return `tag ${tag} is not a release (x.y.z or RELEASE.<date>)`;
}
