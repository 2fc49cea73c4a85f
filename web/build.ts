/**
 * The browser client's production build, web/dist, which the server serves at `/`.
 * `npm start` (server/main.ts, in development) calls `ensureWebClient`, so a fresh clone serves
 * the client with no extra command; `npm run build` runs this file with `--force`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleSize, kilobytes } from './bundle-size.js';

const WEB = fileURLToPath(new URL('.', import.meta.url));
const DIST = path.join(WEB, 'dist');
const SOURCES = [WEB, path.join(WEB, '../documents')];
/** Builds are written under `web/.build-<pid>/dist` first: `.gitignore`'s `dist/` covers them. */
const STAGING_PREFIX = '.build-';

export type WebClientState = 'missing' | 'stale' | 'current';

/** Tells a caller what is happening (a pino logger's `info`, or the console). */
export type Progress = (message: string, fields?: Record<string, unknown>) => void;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith(STAGING_PREFIX) || entry.name.endsWith('.test.ts')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Cheap (a walk over mtimes, no bundler loaded), so every start can afford it. */
export function webClientState(dist = DIST): WebClientState {
  const index = path.join(dist, 'index.html');
  if (!fs.existsSync(index)) return 'missing';
  const built = fs.statSync(index).mtimeMs;
  return SOURCES.some((dir) => newestSource(dir) > built) ? 'stale' : 'current';
}

/**
 * Builds into a staging folder and swaps it in with renames, so a server that opens web/dist
 * (or one serving it while `npm run build` runs) never sees a half-written client, and two
 * builds at once cannot interleave their files.
 */
export async function buildWebClient(): Promise<void> {
  removeAbandonedStaging();
  const staging = path.join(WEB, `${STAGING_PREFIX}${process.pid}`);
  const next = path.join(staging, 'dist');
  try {
    // Loaded only when building: importing the bundler costs about a second of every start.
    const { build } = await import('vite');
    await build({ configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn', build: { outDir: next, emptyOutDir: true } });
    fs.mkdirSync(path.join(staging, 'previous'));
    renameUnlessGone(DIST, path.join(staging, 'previous', 'dist'));
    try {
      fs.renameSync(next, DIST);
    } catch (error) {
      // Another build swapped its result in between our two renames: it is as new as ours.
      if (!['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function renameUnlessGone(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Staging folders of builds whose process died (Ctrl-C mid-build). */
function removeAbandonedStaging(): void {
  for (const name of fs.readdirSync(WEB)) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const pid = Number(name.slice(STAGING_PREFIX.length));
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) fs.rmSync(path.join(WEB, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The same build in a child process. PGlite's initdb holds the server's event loop for seconds at
 * a time, so a build inside the server would wait for it; a child runs on the other core. Its
 * output is kept for the error when it fails.
 */
export function buildWebClientInChild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--force'], {
      cwd: path.dirname(WEB),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The build is of no use once the server gives up (a failed start, Ctrl-C).
    const stopChild = () => child.kill();
    process.once('exit', stopChild);
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('exit', stopChild);
      if (code === 0) resolve();
      else reject(new Error(`the web client build exited with ${signal ?? code}: ${output.trim().slice(-4000)}`));
    });
  });
}

/** Builds when the client is missing or older than its sources (or always, with `force`). */
export async function ensureWebClient(progress: Progress, options: { force?: boolean; inChild?: boolean } = {}): Promise<'built' | 'current'> {
  const state = options.force ? 'forced' : webClientState();
  if (state === 'current') return 'current';
  const reason = { missing: 'it is missing', stale: 'its sources changed', forced: 'asked to' }[state];
  progress(`building the web client into web/dist (${reason}; a few seconds)`, { state });
  const started = performance.now();
  await (options.inChild ? buildWebClientInChild() : buildWebClient());
  progress('web client built', { ms: Math.round(performance.now() - started) });
  return 'built';
}

// `node --import tsx web/build.ts [--force]` (`npm run build`, the Dockerfile).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const print: Progress = (message, fields) => console.log(fields?.ms === undefined ? message : `${message} in ${String(fields.ms)} ms`);
  const result = await ensureWebClient(print, { force: process.argv.includes('--force') });
  if (result === 'current') console.log('web client is up to date (web/dist)');
  for (const file of bundleSize(DIST).files) console.log(`  ${file.file}  ${kilobytes(file.bytes)} (${kilobytes(file.gzipBytes)} gzipped)${file.initial ? '' : ', loaded when needed'}`);
}
