/**
 * Builds the browser client into web/dist when it is missing or older than its sources, so
 * `npm start` serves it with no extra command. `--force` always builds (what `npm run build` does).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = path.join(root, 'web/dist/index.html');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.endsWith('.test.ts')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const stale = () => {
  if (!fs.existsSync(output)) return true;
  const built = fs.statSync(output).mtimeMs;
  return [path.join(root, 'web'), path.join(root, 'documents')].some((dir) => newestSource(dir) > built);
};

if (process.argv.includes('--force') || stale()) {
  console.log('building the web client (web/dist)…');
  await build({ configFile: path.join(root, 'web/vite.config.ts'), logLevel: 'warn' });
} else {
  console.log('web client is up to date (web/dist)');
}
