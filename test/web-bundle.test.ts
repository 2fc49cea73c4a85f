import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleSize, kilobytes } from '../web/bundle-size.js';
import { buildWebOnce } from './e2e/web-build.js';

/**
 * The web client stays small: what a first visit downloads (React, Yjs, the Hocuspocus provider,
 * zod and the document schemas shared with the server, the app), gzipped, within a budget, and
 * what screens load when opened (the dashboard's charts) within its own. The
 * sizes are written to test-artifacts/bundle-size.json; the README quotes them.
 */
const SCRIPT_BUDGET = 200 * 1024;
/** Scripts loaded only by the screens that need them (the dashboard's chart library), together. */
const LAZY_SCRIPT_BUDGET = 60 * 1024;
const STYLE_BUDGET = 12 * 1024;

describe('the web client bundle', () => {
  it('stays within its budget, gzipped', { timeout: 180_000 }, async () => {
    await buildWebOnce();
    const size = bundleSize(path.resolve('web/dist'));
    fs.mkdirSync('test-artifacts', { recursive: true });
    fs.writeFileSync('test-artifacts/bundle-size.json', `${JSON.stringify(size, null, 2)}\n`);
    expect(size.files.some((file) => file.kind === 'script')).toBe(true);
    expect(size.initialScriptGzipBytes, `first-visit scripts ${kilobytes(size.initialScriptGzipBytes)}`).toBeLessThanOrEqual(SCRIPT_BUDGET);
    const lazy = size.scriptGzipBytes - size.initialScriptGzipBytes;
    expect(lazy, `lazily loaded scripts ${kilobytes(lazy)}`).toBeLessThanOrEqual(LAZY_SCRIPT_BUDGET);
    expect(size.styleGzipBytes, `styles ${kilobytes(size.styleGzipBytes)}`).toBeLessThanOrEqual(STYLE_BUDGET);
    // Source maps are published beside the scripts for debugging, never inlined into them.
    for (const file of size.files.filter((entry) => entry.kind === 'script')) expect(fs.readFileSync(path.resolve('web/dist', file.file), 'utf8')).not.toContain('sourceMappingURL=data:');
  });
});
