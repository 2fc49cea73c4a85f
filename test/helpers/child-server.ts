import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildServer {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the URL once the server logs that it listens; rejects if it exits first. */
  listening: Promise<string>;
  exited: Promise<number | null>;
  /** Structured log lines (LOG_FORMAT=json) with the given message. */
  logLines(msg: string): Record<string, unknown>[];
}

/** The real entry point (`server/main.ts`, what `npm start` runs) in a child process with the given environment. */
export function spawnServer(env: Record<string, string>): ChildServer {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const parse = () =>
    out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const listening = new Promise<string>((resolve, reject) => {
    const check = () => {
      const line = parse().find((entry) => entry.msg === 'listening');
      if (line) resolve(String(line.url));
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening: ${err || out}`)));
  });
  listening.catch(() => {});
  return { process: child, stdout: () => out, stderr: () => err, listening, exited, logLines: (msg) => parse().filter((entry) => entry.msg === msg) };
}
