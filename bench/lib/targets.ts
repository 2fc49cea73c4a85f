import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { initBoard } from '../../documents/kanban/board.js';
import { DEFAULT_COLUMNS } from '../../documents/kanban/model.js';
import { client as restClient } from '../../test/helpers/client.js';
import { ShortAddressNodeSocket } from '../../test/helpers/short-address-socket.js';
import { syncOfflineEditsByHandshake } from '../../documents/wire/offline-queue.js';
import type { LightAddress } from './light-client.js';
import { type WireBytes, counting } from './wire-bytes.js';
import { type LoopDelay, type RunningServer, hasTaskset, loopAnswers, probeHeap, probeLoop, profiling, serverNodeFlags, startServer, startServerGroup } from './server-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One connected replica, whatever the server. */
export interface Replica {
  doc: Y.Doc;
  setAwareness(field: string, value: unknown): void;
  disconnect(): void;
  connect(): void;
  destroy(): void;
  /** What its socket received (counted as it arrived). */
  wire: WireBytes;
}

export interface RunningTarget {
  name: string;
  pid: number;
  /** A document name to use; ours registers (and seeds) it first, the baselines take any name. */
  newBoard(title: string): Promise<string>;
  connect(name: string): Promise<Replica>;
  rssMiB(): number;
  /** Live heap + external memory of the server after a full collection (KiB; NaN if it cannot collect). */
  heapKiB(): Promise<number>;
  /** Event-loop delay of the server since the last call. */
  loopDelay(): Promise<LoopDelay>;
  /** Base URL for REST (ours only). */
  restUrl?: string;
  /** How a client speaking the protocol by hand (`light-client.ts`) reaches `name` on this server. */
  lightAddress(name: string): LightAddress;
  /** Ours: its WebSocket endpoint, for clients that speak the protocol by hand. */
  collabUrl?: string;
  /** Ours: the server's origin (`http://127.0.0.1:port`) and the project the bench created, for routes outside the project's path. */
  origin?: string;
  projectId?: string;
  /** Ours on PostgreSQL: its database, for workloads that prepare stored state directly. */
  databaseUrl?: string;
  accessToken?: string;
  /** Ours: the server's log lines at warn or above (and stderr), to report anything odd it said. */
  warnings?(): string[];
  /** Things the report should mention (e.g. a fallback taken). */
  notes: string[];
  stop(): Promise<void>;
}

export type TargetName = 'ours' | 'hocuspocus' | 'y-websocket';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** A baseline server as a child process pinned like ours, resolved once it listens. */
async function spawnBaseline(args: string[], env: Record<string, string>, ready: RegExp, cpu: number): Promise<{ child: ChildProcess; loopDelay(): Promise<LoopDelay>; heapKiB(): Promise<number>; stop(): Promise<void> }> {
  const pinned = hasTaskset();
  const loop = loopAnswers();
  const child = spawn(pinned ? 'taskset' : process.execPath, [...(pinned ? ['-c', String(cpu), process.execPath] : []), '--expose-gc', ...serverNodeFlags(), ...profiling(), '--import', './bench/targets/loop-probe.mjs', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      for (const line of chunk.split('\n')) if (line.startsWith('{"msg":"event-loop"') || line.startsWith('{"msg":"heap"')) loop.push(JSON.parse(line) as { msg: string });
      if (ready.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
  return {
    child,
    loopDelay: () => probeLoop(child.pid!, loop),
    heapKiB: () => probeHeap(child.pid!, loop),
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
      clearTimeout(killer);
    },
  };
}

/** How long a replica may take to connect and sync before the workload gives up (instead of hanging). */
const CONNECT_TIMEOUT_MS = 30_000;

/**
 * `asOurWebApp`: connect as the web app does, naming the document by an alias on the wire (only
 * our server understands it) and sending offline edits in the reconnect's handshake.
 */
function hocuspocusReplica(url: string, name: string, token: string, asOurWebApp: boolean): Promise<Replica> {
  const doc = new Y.Doc();
  const wire: WireBytes = { updateFrames: 0, updateBytes: 0, allBytes: 0 };
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: counting(asOurWebApp ? ShortAddressNodeSocket : WebSocket, wire, true) as never });
  if (asOurWebApp) syncOfflineEditsByHandshake(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      provider.destroy();
      socket.destroy();
      reject(new Error(`${name}: not synced within ${CONNECT_TIMEOUT_MS / 1000} s`));
    }, CONNECT_TIMEOUT_MS);
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name,
      document: doc,
      token,
      onSynced: () => {
        clearTimeout(timer);
        resolve({
          doc,
          wire,
          setAwareness: (field, value) => provider.setAwarenessField(field, value),
          disconnect: () => socket.disconnect(),
          connect: () => void socket.connect(),
          destroy: () => {
            provider.destroy();
            socket.destroy();
          },
        });
      },
      onAuthenticationFailed: ({ reason }) => {
        clearTimeout(timer);
        provider.destroy();
        socket.destroy();
        reject(new Error(`${name}: denied: ${reason}`));
      },
    });
    provider.attach();
  });
}

function yWebsocketReplica(url: string, name: string): Promise<Replica> {
  const doc = new Y.Doc();
  const wire: WireBytes = { updateFrames: 0, updateBytes: 0, allBytes: 0 };
  // disableBc: otherwise every replica in this one process also syncs with every other over BroadcastChannel.
  const provider = new WebsocketProvider(url, name, doc, { WebSocketPolyfill: counting(WebSocket, wire, false) as never, disableBc: true });
  return new Promise((resolve) => {
    provider.once('sync', () =>
      resolve({
        doc,
        wire,
        setAwareness: (field, value) => provider.awareness.setLocalStateField(field, value),
        disconnect: () => provider.disconnect(),
        connect: () => provider.connect(),
        destroy: () => provider.destroy(),
      }),
    );
  });
}

/**
 * The baselines hold no registry and forget a document when its last client leaves, so each
 * replica seeds the board when it finds it empty (the seed is idempotent: same column ids).
 */
const baselineBoard = (title: string) => `kanban:bench:${title.replace(/[^A-Za-z0-9_-]/g, '-')}-${Math.random().toString(36).slice(2, 8)}`;

async function seeded(replica: Promise<Replica>): Promise<Replica> {
  const connected = await replica;
  if (connected.doc.getMap('columns').size === 0) initBoard(connected.doc, DEFAULT_COLUMNS);
  return connected;
}

/** The person and project the bench acts as on a server of ours (one sign-in serves every instance sharing its database). */
interface BenchSession {
  accessToken: string;
  projectId: string;
}

/**
 * The per-socket update budget is lifted (the writers are far faster than people), and so are the
 * new client ids a connection may bring (a board's past sessions arrive from one writer); the
 * token outlives the run, and the transaction guard is off as in production (the bench runs
 * NODE_ENV=test for its sign-in).
 */
const OURS_ENV = {
  COLLAB_UPDATES_PER_SECOND: '1000000',
  COLLAB_UPDATE_BURST: '1000000',
  COLLAB_NEW_CLIENT_IDS_PER_CONNECTION: '1000000',
  COLLAB_NEW_CLIENT_IDS_PER_DAY: '1000000',
  ACCESS_TOKEN_TTL_SECONDS: '86400',
  DATABASE_GUARD_TRANSACTIONS: 'false',
};

async function openSession(server: RunningServer): Promise<BenchSession> {
  const rest = restClient(server.url);
  const me = await rest.signIn('bench@example.com', 'Bench');
  const project = await rest.call<{ id: string }>('POST', '/api/projects', { token: me.accessToken, body: { name: 'Bench' } });
  if (project.status !== 201) throw new Error(`could not create a project: ${project.status} ${JSON.stringify(project.body)}`);
  return { accessToken: me.accessToken, projectId: project.body.data.id };
}

/** A server of ours as a target: boards made over its REST API, replicas connected to its /collab. */
function oursTarget(server: RunningServer, { accessToken, projectId }: BenchSession): RunningTarget {
  const rest = restClient(server.url);
  const wsUrl = `${server.url.replace('http', 'ws')}/collab`;
  const notes: string[] = [];
  let fallbacks = 0;
  return {
    name: `ours (${server.backend})`,
    pid: server.pid,
    restUrl: `${server.url}/api/projects/${projectId}`,
    collabUrl: wsUrl,
    origin: server.url,
    projectId,
    accessToken,
    ...(server.databaseUrl ? { databaseUrl: server.databaseUrl } : {}),
    notes,
    warnings: server.warnings,
    async newBoard(title) {
      const created = await rest.call<{ name: string }>('POST', `/api/projects/${projectId}/documents`, { token: accessToken, body: { kind: 'kanban', title } });
      if (created.status === 201 || created.status === 200) return created.body.data.name;
      if (created.status === 404) {
        // No document endpoint on this server: name the board directly (refused where the
        // collab server only opens registered documents; the connect error then says so).
        if (fallbacks === 0) {
          const note = `POST /api/projects/:projectId/documents answered 404: boards named kanban:${projectId}:bench… directly.`;
          notes.push(note);
          process.stderr.write(`note: ${note}\n`);
        }
        return `kanban:${projectId}:${fallbacks++ === 0 ? 'bench' : `bench-${fallbacks}`}`;
      }
      throw new Error(`could not create a board: ${created.status} ${JSON.stringify(created.body)}`);
    },
    connect: (doc) => hocuspocusReplica(wsUrl, doc, accessToken, true),
    lightAddress: (name) => ({ url: wsUrl, name, framing: 'aliased', token: accessToken }),
    rssMiB: server.rssMiB,
    heapKiB: server.heapKiB,
    loopDelay: server.loopDelay,
    stop: server.stop,
  };
}

/** Several instances of ours sharing loaded documents; `instances[0]` is the first started (it migrated). */
export interface OursInstances {
  instances: RunningTarget[];
  /** Stops every instance, removes the run's Redis keys and drops the shared database. */
  stop(): Promise<void>;
}

/**
 * `count` instances of ours as a scale-out deployment runs them: one PostgreSQL database (fresh,
 * dropped at the end) and one Redis under a key prefix of this run's own, so runs (and anything
 * else on that Redis) never see each other's messages or keys. One session, made on the first,
 * serves all of them.
 */
export async function startOursInstances(count: number, options: { postgresUrl: string; redisUrl: string; cpu: number; env?: Record<string, string> }): Promise<OursInstances> {
  const keyPrefix = `bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}:`;
  const group = await startServerGroup(count, {
    postgresUrl: options.postgresUrl,
    cpu: options.cpu,
    env: { ...OURS_ENV, REDIS_URL: options.redisUrl, REDIS_KEY_PREFIX: keyPrefix, ...options.env },
    afterStop: () => removeRedisKeys(options.redisUrl, keyPrefix),
  });
  try {
    const session = await openSession(group.servers[0]!);
    return { instances: group.servers.map((server) => oursTarget(server, session)), stop: group.stop };
  } catch (error) {
    await group.stop().catch(() => {});
    throw error;
  }
}

/** The run's own keys only (cache entries, rate-limit counters; they expire anyway): the Redis is shared, never flushed. */
async function removeRedisKeys(url: string, keyPrefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function startTarget(name: TargetName, options: { postgresUrl?: string; cpu: number; env?: Record<string, string> }): Promise<RunningTarget> {
  if (name === 'ours') {
    const server = await startServer({ ...(options.postgresUrl ? { postgresUrl: options.postgresUrl } : {}), cpu: options.cpu, env: { ...OURS_ENV, ...options.env } });
    try {
      return oursTarget(server, await openSession(server));
    } catch (error) {
      await server.stop().catch(() => {});
      throw error;
    }
  }
  const port = await freePort();
  if (name === 'hocuspocus') {
    const baseline = await spawnBaseline(['--import', 'tsx', 'bench/targets/bare-hocuspocus.ts'], { PORT: String(port) }, /listening/, options.cpu);
    const connect = (doc: string) => seeded(hocuspocusReplica(`ws://127.0.0.1:${port}`, doc, 'none', false));
    return { name: 'bare Hocuspocus v4', notes: [], pid: baseline.child.pid!, newBoard: async (title) => baselineBoard(title), connect, lightAddress: (name) => ({ url: `ws://127.0.0.1:${port}`, name, framing: 'named', token: 'none' }), rssMiB: () => rssOf(baseline.child.pid!), heapKiB: baseline.heapKiB, loopDelay: baseline.loopDelay, stop: baseline.stop };
  }
  const baseline = await spawnBaseline(['node_modules/@y/websocket-server/src/server.js'], { PORT: String(port), HOST: '127.0.0.1' }, /running at/, options.cpu);
  const connect = (doc: string) => seeded(yWebsocketReplica(`ws://127.0.0.1:${port}`, doc));
  return { name: 'y-websocket server', notes: [], pid: baseline.child.pid!, newBoard: async (title) => baselineBoard(title), connect, lightAddress: (name) => ({ url: `ws://127.0.0.1:${port}/${name}`, name, framing: 'unnamed', token: '' }), rssMiB: () => rssOf(baseline.child.pid!), heapKiB: baseline.heapKiB, loopDelay: baseline.loopDelay, stop: baseline.stop };
}
