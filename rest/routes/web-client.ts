import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

/** Where `npm run build` (and `npm start`, when the build is stale) puts the browser client. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * Serves the built browser client at `/`: hashed assets cached for a year, the page and the
 * service worker never (so a deploy reaches browsers at once). Absent build: nothing is served
 * and `/` is the API's 404, which the start-up log explains.
 */
export function webClientRouter(dist = WEB_DIST): Router | null {
  const index = path.join(dist, 'index.html');
  if (!fs.existsSync(index)) return null;
  const router = Router();
  router.use('/assets', express.static(path.join(dist, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  const noCache = (file: string, type: string) => (_req: express.Request, res: express.Response) => {
    res.set({ 'cache-control': 'no-cache', 'content-type': type, 'x-content-type-options': 'nosniff' });
    res.sendFile(path.join(dist, file));
  };
  router.get(['/', '/index.html'], noCache('index.html', 'text/html; charset=utf-8'));
  router.get('/sw.js', noCache('sw.js', 'text/javascript; charset=utf-8'));
  return router;
}
