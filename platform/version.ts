import fs from 'node:fs';

/** The package version, read once; reported by `GET /api` and in the start-up log. */
export const APP_VERSION: string = (
  JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
