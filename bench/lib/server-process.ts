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
}

/** Asks a process running `bench/targets/loop-probe.mjs` for its event-loop delay; `lines` is where its stdout's JSON lines arrive. */
export function probeLoop(pid: number, lines: { next(): Promise<LoopDelay> }): Promise<LoopDelay> {
  const answer = lines.next();
  process.kill(pid, 'SIGUSR2');
  return answer;
}

/** Collects the probe's answers from a child's stdout JSON lines. */
export function loopAnswers(): { push(entry: { msg?: string } & Partial<LoopDelay>): void; next(): Promise<LoopDelay> } {
  const waiting: ((value: LoopDelay) => void)[] = [];
  return {
    push(entry) {
      if (entry.msg === 'event-loop') waiting.shift()?.({ p50: entry.p50 ?? NaN, p99: entry.p99 ?? NaN, max: entry.max ?? NaN });
    },
    next: () => new Promise((resolve) => waiting.push(resolve)),
  };
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
  stop(): Promise<void>;
}

/**
 * Our server as `npm start` runs it, in its own process (pinned to `cpu` where taskset exists),
 * on a fresh embedded database or a throwaway database on `postgresUrl`.
 */
export async function startServer(options: { postgresUrl?: string; cpu?: number; env?: Record<string, string> }): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-bench-'));
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  if (options.postgresUrl) {
    const name = `bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: options.postgresUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(options.postgresUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const cleanup = new pg.Client({ connectionString: options.postgresUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    };
  }
  const pinned = options.cpu !== undefined && hasTaskset();
  const command = pinned ? 'taskset' : process.execPath;
  const args = [...(pinned ? ['-c', String(options.cpu), process.execPath] : []), '--import', './bench/targets/loop-probe.mjs', '--import', 'tsx', 'server/main.ts'];
  const child: ChildProcess = spawn(command, args, {
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
  const warnings: string[] = [];
  const loop = loopAnswers();
  let buffer = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as { msg?: string; url?: string; level?: number } & Partial<LoopDelay>;
        loop.push(entry);
        if (entry.msg === 'listening' && entry.url) resolve(entry.url);
        if ((entry.level ?? 0) >= 40 && warnings.length < 50) warnings.push(line);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => warnings.length < 50 && warnings.push(chunk.trim()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${url}/readyz`)).status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // taskset execs node in place, so the child's pid is the server's.
  const serverPid = child.pid!;
  return {
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
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      clearTimeout(killer);
      fs.rmSync(dataDir, { recursive: true, force: true });
      await dropDatabase();
    },
  };
}
