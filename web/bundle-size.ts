/**
 * What the browser downloads: each built script and stylesheet, raw and gzipped (what a server
 * sends). `npm run build` prints it and `test/web-bundle.test.ts` holds it to a budget.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleFile {
  file: string;
  kind: 'script' | 'style';
  /** Named by index.html, so every first visit downloads it; the others load when a screen needs them (a chart library). */
  initial: boolean;
  bytes: number;
  gzipBytes: number;
}

export interface BundleSize {
  files: BundleFile[];
  /** Every script, the lazy ones included. */
  scriptGzipBytes: number;
  /** What a first visit downloads. */
  initialScriptGzipBytes: number;
  styleGzipBytes: number;
}

export function bundleSize(dist: string): BundleSize {
  const assets = path.join(dist, 'assets');
  const index = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files: BundleFile[] = [];
  for (const name of fs.readdirSync(assets).sort()) {
    const kind = name.endsWith('.js') ? 'script' : name.endsWith('.css') ? 'style' : null;
    if (!kind) continue;
    const content = fs.readFileSync(path.join(assets, name));
    files.push({ file: `assets/${name}`, kind, initial: index.includes(`/assets/${name}"`), bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length });
  }
  const total = (kind: BundleFile['kind'], initialOnly = false) => files.filter((file) => file.kind === kind && (!initialOnly || file.initial)).reduce((sum, file) => sum + file.gzipBytes, 0);
  return { files, scriptGzipBytes: total('script'), initialScriptGzipBytes: total('script', true), styleGzipBytes: total('style') };
}

export const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
