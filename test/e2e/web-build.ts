import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'vite';
import { inject } from 'vitest';

/**
 * Builds the web client once per test run, however many browser test files run at once (each
 * in its own worker): the first to create the lock folder builds, the others wait for its mark.
 * Two builds writing web/dist at the same time would leave a client made of both.
 */
export async function buildWebOnce(): Promise<void> {
  const dir = inject('webBuildDir');
  const lock = path.join(dir, 'web-build.lock');
  const done = path.join(dir, 'web-build.done');
  if (fs.existsSync(done)) return;
  try {
    fs.mkdirSync(lock);
  } catch {
    for (let waited = 0; !fs.existsSync(done); waited += 200) {
      if (!fs.existsSync(lock) && !fs.existsSync(done)) throw new Error('the web client build failed in another test file');
      if (waited > 180_000) throw new Error('waited three minutes for the web client build');
      await sleep(200);
    }
    return;
  }
  try {
    // Vite takes the bundle's NODE_ENV from the environment, and vitest's is 'test': without this the
    // browser tests would run React's development build, not what users get.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: path.resolve('web/vite.config.ts'), logLevel: 'warn', mode: 'production' });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    fs.writeFileSync(done, new Date().toISOString());
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
