import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasTaskset } from './server-process.js';

/**
 * How long `npm start` takes on the embedded default, measured as a person meets it: from running
 * the command to the first 200 of `/healthz` (the process listens) and of `/readyz` (migrations
 * applied). The first start gets an empty DATA_DIR (it creates the database); the next ones reuse
 * it. The web client in web/dist is left as it is: a start that had to build it says so.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const POLL_MS = 25;
const START_TIMEOUT_MS = 120_000;

export interface StartTiming {
  healthzMs: number;
  readyzMs: number;
  /** This start built the web client (it was missing or older than its sources). */
  builtWebClient: boolean;
}

export interface StartTimes {
  first: StartTiming;
  again: StartTiming[];
}

/** A first start in an empty DATA_DIR, then `restarts` more on the same one. */
export async function startTimes(options: { restarts: number }): Promise<StartTimes> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-bench-start-'));
  // Ctrl-C ends the bench with process.exit, which skips `finally`.
  const removeOnExit = () => fs.rmSync(dataDir, { recursive: true, force: true });
  process.on('exit', removeOnExit);
  try {
    const first = await timeOneStart(dataDir);
    const again: StartTiming[] = [];
    for (let i = 0; i < options.restarts; i++) again.push(await timeOneStart(dataDir));
    return { first, again };
  } finally {
    process.off('exit', removeOnExit);
    removeOnExit();
  }
}

async function timeOneStart(dataDir: string): Promise<StartTiming> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The bench pins itself to one CPU and children inherit that; a person's `npm start` has them all.
  const allCpus = hasTaskset() ? ['taskset', '-c', `0-${os.cpus().length - 1}`] : [];
  const command = [...allCpus, 'npm', 'start'];
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    cwd: ROOT,
    // Only what a person's shell would have: no DATABASE_URL, NODE_ENV or LOG_* from the bench's environment.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir(), PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group (npm → sh → node), so stopping it reaches the server itself.
    detached: true,
  });
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.on('exit', killOnExit);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  try {
    const healthzMs = (await firstOk(`${url}/healthz`, child, () => output)) - started;
    const readyzMs = (await firstOk(`${url}/readyz`, child, () => output)) - started;
    return { healthzMs, readyzMs, builtWebClient: output.includes('building the web client') };
  } finally {
    await stop(child);
    process.off('exit', killOnExit);
  }
}

/** Time (performance.now) of the first 200 from `url`; fails if the process exits or takes too long. */
async function firstOk(url: string, child: ChildProcess, output: () => string): Promise<number> {
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`npm start exited (${child.signalCode ?? child.exitCode}): ${output().slice(-2000)}`);
    const ok = await fetch(url).then((response) => response.status === 200, () => false);
    if (ok) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`${url} did not answer 200 within ${START_TIMEOUT_MS / 1000} s: ${output().slice(-2000)}`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * SIGTERM to the group (the server shuts down cleanly and releases DATA_DIR), SIGKILL after 10 s.
 * Waits for the whole group, not only npm: npm exits as soon as it has relayed the signal, and the
 * next start would find DATA_DIR still held by the server.
 */
async function stop(child: ChildProcess): Promise<void> {
  killGroup(child, 'SIGTERM');
  const deadline = performance.now() + 10_000;
  while (groupAlive(child)) {
    if (performance.now() > deadline) killGroup(child, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

/** A port nobody listens on now (the server binds it a moment later; PORT=0 would hide the URL in its log). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
