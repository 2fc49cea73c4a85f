import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return os.cpus().length > 1;
  } catch {
    return false;
  }
}

/** Pins this process (the load generator) to one CPU, so it does not steal the server's. */
export function pinSelf(cpu: number): boolean {
  if (!hasTaskset()) return false;
  execFileSync('taskset', ['-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
  return true;
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  /** CPU time the process spent since the last probe (every thread), and the wall time that covers (ms). */
  cpuMs: number;
  wallMs: number;
}

/** Asks a process running `bench/targets/loop-probe.mjs` for its event-loop delay; `lines` is where its stdout's JSON lines arrive. */
export function probeLoop(pid: number, lines: { next(): Promise<LoopDelay> }): Promise<LoopDelay> {
  const answer = lines.next();
  process.kill(pid, 'SIGUSR2');
  return answer;
}

/** Collects the probe's answers from a child's stdout JSON lines. */
export function loopAnswers(): { push(entry: { msg?: string } & Partial<LoopDelay> & Partial<HeapAnswer>): void; next(): Promise<LoopDelay>; nextHeap(): Promise<number> } {
  const waiting: ((value: LoopDelay) => void)[] = [];
  const heaps: ((kib: number) => void)[] = [];
  return {
    push(entry) {
      if (entry.msg === 'event-loop') waiting.shift()?.({ p50: entry.p50 ?? NaN, p99: entry.p99 ?? NaN, max: entry.max ?? NaN, cpuMs: entry.cpuMs ?? NaN, wallMs: entry.wallMs ?? NaN });
      if (entry.msg === 'heap') heaps.shift()?.(entry.collected ? (entry.heapUsedKiB ?? NaN) + (entry.externalKiB ?? NaN) : NaN);
    },
    next: () => new Promise((resolve) => waiting.push(resolve)),
    nextHeap: () => new Promise((resolve) => heaps.push(resolve)),
  };
}

interface HeapAnswer {
  heapUsedKiB: number;
  externalKiB: number;
  collected: boolean;
}

/** Live memory (heap + external, KiB) of a process running the probe, after a full collection; NaN without --expose-gc. */
export function probeHeap(pid: number, lines: { nextHeap(): Promise<number> }): Promise<number> {
  const answer = lines.nextHeap();
  process.kill(pid, 'SIGWINCH');
  return answer;
}

export interface RunningServer {
  url: string;
  pid: number;
  backend: string;
  /** The throwaway PostgreSQL database, when the server runs on one. */
  databaseUrl?: string;
  /** Resident memory of the server process, in MiB. */
  rssMiB(): number;
  /** Log lines at warn or above, to report anything odd the server said. */
  warnings(): string[];
  /** The event loop's delay since the last call (ms), from the probe preloaded into the server. */
  loopDelay(): Promise<LoopDelay>;
  /** Live heap + external memory after a full collection (KiB), from the same probe. */
  heapKiB(): Promise<number>;
  stop(): Promise<void>;
}

/** Clean-ups of servers started (or starting) here and not yet stopped, so a signal handler can run them all. */
const running = new Set<() => Promise<void>>();

/** Stops every server started here (child process, temp dir, throwaway database); for error and signal paths. */
export async function stopAllServers(): Promise<void> {
  for (const result of await Promise.allSettled([...running].map((cleanUp) => cleanUp()))) {
    if (result.status === 'rejected') process.stderr.write(`clean-up failed: ${String(result.reason)}\n`);
  }
}

/**
 * On SIGINT/SIGTERM: stop every server, remove its temp dir or drop its database, then exit 130.
 * One Ctrl-C arrives more than once (from the terminal to the whole process group, and again
 * relayed by npm and tsx), so later signals do not cut the clean-up short; it gets 20 s.
 */
export function stopServersOnSignals(): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping the server and cleaning up…\n`);
    setTimeout(() => {
      process.stderr.write('clean-up did not finish within 20 s; exiting anyway\n');
      process.exit(130);
    }, 20_000).unref();
    void stopAllServers().finally(() => {
      process.stderr.write('cleaned up\n');
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * SIGTERM, SIGKILL after `graceMs`; resolves once the process is gone (also when it already was).
 * A profiled server writes its profile on the way out, which can take longer than 5 s.
 */
async function terminate(child: ChildProcess, graceMs = process.env.BENCH_CPU_PROF ? 60_000 : 5_000): Promise<void> {
  if (child.pid === undefined || exited(child)) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(killer);
}

/** A database of the bench's own on a PostgreSQL server, and how to drop it. */
export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates `bench_<random>` on the server at `postgresUrl` (a user allowed to create databases). */
export async function createThrowawayDatabase(postgresUrl: string): Promise<ThrowawayDatabase> {
  const name = `bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: postgresUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/**
 * The Node flags `npm start` runs our server with (package.json's `start`, between `node` and the
 * first `--import`). Every server in the bench gets them, the baselines too, so the rows compare
 * code rather than heap settings.
 */
export function serverNodeFlags(): string[] {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = scripts.start.split(/\s+/);
  if (words[0] !== 'node') throw new Error(`package.json's start script no longer starts with node: ${scripts.start}`);
  return words.slice(1, words.indexOf('--import'));
}

/**
 * `BENCH_CPU_PROF=<dir>`: each server (ours and the baselines) writes a V8 CPU profile there when it
 * stops (open it in Chrome's DevTools). `BENCH_PERF=1` instead has each write `/tmp/perf-<pid>.map`,
 * which names its JavaScript functions in Linux `perf` samples: every thread and the kernel too,
 * where the V8 profile sees the main thread only. `BENCH_BROADCAST_PROBE=<dir>` (with either)
 * has each write how long it took from reading an edit to broadcasting it
 * (`bench/targets/broadcast-probe.mjs`).
 */
export function profiling(): string[] {
  const probe = process.env.BENCH_BROADCAST_PROBE ? ['--import', `./bench/targets/broadcast-probe.mjs?dir=${encodeURIComponent(path.resolve(process.env.BENCH_BROADCAST_PROBE))}`] : [];
  if (process.env.BENCH_PERF) return [...probe, '--perf-basic-prof'];
  if (!process.env.BENCH_CPU_PROF) return probe;
  return [...probe, '--cpu-prof', '--cpu-prof-interval', process.env.BENCH_CPU_PROF_INTERVAL ?? '1000', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`];
}

/**
 * Our server as `npm start` runs it, in its own process (pinned to `cpu` where taskset exists),
 * on a fresh embedded database, a throwaway database on `postgresUrl`, or `databaseUrl` (one that
 * servers share: whoever made it drops it). Whatever fails while starting, what was made (process,
 * temp dir, database) is removed before the error is thrown.
 */
export async function startServer(options: { postgresUrl?: string; databaseUrl?: string; cpu?: number; env?: Record<string, string> }): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-bench-'));
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  let child: ChildProcess | undefined;
  let stopping: Promise<void> | undefined;
  const cleanUp = () =>
    (stopping ??= (async () => {
      try {
        if (child) await terminate(child);
        fs.rmSync(dataDir, { recursive: true, force: true });
        await dropDatabase();
      } finally {
        running.delete(cleanUp);
      }
    })());
  running.add(cleanUp);
  try {
    if (options.databaseUrl) {
      databaseUrl = options.databaseUrl;
    } else if (options.postgresUrl) {
      const database = await createThrowawayDatabase(options.postgresUrl);
      databaseUrl = database.url;
      dropDatabase = database.drop;
    }
    const pinned = options.cpu !== undefined && hasTaskset();
    const command = pinned ? 'taskset' : process.execPath;
    const args = [...(pinned ? ['-c', String(options.cpu), process.execPath] : []), '--expose-gc', ...serverNodeFlags(), ...profiling(), '--import', './bench/targets/loop-probe.mjs', '--import', 'tsx', 'server/main.ts'];
    const spawned: ChildProcess = spawn(command, args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        PORT: '0',
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'info',
        DATA_DIR: dataDir,
        AUTH_DEV_LOGIN: 'true',
        AUTH_JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
        RATE_LIMIT_AUTH_PER_MINUTE: '100000',
        RATE_LIMIT_API_PER_MINUTE: '1000000',
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    const warnings: string[] = [];
    const loop = loopAnswers();
    let buffer = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the server did not listen within 60 s')), 60_000);
      spawned.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.startsWith('{')) continue;
          let entry: { msg?: string; url?: string; level?: number } & Partial<LoopDelay> & Partial<HeapAnswer>;
          try {
            entry = JSON.parse(line) as typeof entry;
          } catch {
            continue;
          }
          loop.push(entry);
          if (entry.msg === 'listening' && entry.url) {
            clearTimeout(timer);
            resolve(entry.url);
          }
          if ((entry.level ?? 0) >= 40 && warnings.length < 50) warnings.push(line);
        }
      });
      spawned.stderr!.setEncoding('utf8').on('data', (chunk: string) => warnings.length < 50 && warnings.push(chunk.trim()));
      spawned.once('error', reject);
      spawned.once('exit', (code, signal) => reject(new Error(`server exited (${signal ?? code}) before listening: ${warnings.join(' ').slice(0, 2000)}`)));
    });
    let ready = false;
    for (let i = 0; i < 300 && !ready; i++) {
      ready = await fetch(`${url}/readyz`).then((response) => response.status === 200, () => false);
      if (!ready) await new Promise((r) => setTimeout(r, 100));
    }
    if (!ready) throw new Error(`the server at ${url} was not ready (/readyz) within 30 s`);
    // taskset execs node in place, so the child's pid is the server's.
    const serverPid = spawned.pid!;
    const server: RunningServer = {
      url,
      pid: serverPid,
      backend: databaseUrl ? 'PostgreSQL' : 'PGlite (embedded)',
      ...(databaseUrl ? { databaseUrl } : {}),
      rssMiB() {
        const status = fs.readFileSync(`/proc/${serverPid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      },
      warnings: () => warnings,
      loopDelay: () => probeLoop(serverPid, loop),
      heapKiB: () => probeHeap(serverPid, loop),
      stop: cleanUp,
    };
    return server;
  } catch (error) {
    await cleanUp().catch(() => {});
    throw error;
  }
}

export interface ServerGroup {
  servers: RunningServer[];
  databaseUrl: string;
  /** Stops every server, then drops the shared database (also run on SIGINT/SIGTERM). */
  stop(): Promise<void>;
}

/**
 * `count` servers of ours on one throwaway database (scale-out: with REDIS_URL in `env` they share
 * loaded documents). The first starts alone, so it alone migrates; the others start on the
 * migrated database. Whatever fails while starting, every server started and the database go.
 */
export async function startServerGroup(count: number, options: { postgresUrl: string; cpu?: number; env?: Record<string, string>; afterStop?: () => Promise<void> }): Promise<ServerGroup> {
  const database = await createThrowawayDatabase(options.postgresUrl);
  const servers: RunningServer[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      try {
        // Each server's own clean-up is the same promise a signal may have started already.
        await Promise.allSettled(servers.map((server) => server.stop()));
        await options.afterStop?.();
      } finally {
        try {
          await database.drop();
        } finally {
          running.delete(stop);
        }
      }
    })());
  running.add(stop);
  const start = () => startServer({ databaseUrl: database.url, ...(options.cpu !== undefined ? { cpu: options.cpu } : {}), ...(options.env ? { env: options.env } : {}) });
  try {
    servers.push(await start());
    // One at a time: on two cores, parallel starts only slow each other down.
    while (servers.length < count) servers.push(await start());
    return { servers, databaseUrl: database.url, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}
