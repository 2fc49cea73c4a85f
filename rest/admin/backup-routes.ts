import { timingSafeEqual } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import { recordAudit } from '../../identity/audit.js';
import { AppError } from '../../platform/app-error.js';
import { backupFormatOf, dumpPglite, pgDump } from '../../platform/db/backup.js';
import type { Database } from '../../platform/db/database.js';
import { secretFromConfigOrDataDir } from '../../platform/data-dir-secret.js';
import type { RestDependencies } from '../dependencies.js';
import { clientIp } from '../middleware/rate-limit.js';

export const BACKUP_TOKEN_FILE = 'backup-token';
export const BACKUP_TOKEN_HEADER = 'x-backup-token';

/** Streams a consistent backup of the database (see platform/db/backup.ts) as a download. */
export async function sendBackup(db: Database, res: Response): Promise<void> {
  const format = backupFormatOf(db);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  res.setHeader('Content-Disposition', `attachment; filename="studio-backup-${stamp}.${format === 'pglite-tar-gz' ? 'tar.gz' : 'dump'}"`);
  res.setHeader('X-Backup-Format', format);
  if (db.connection.kind === 'pglite') {
    const image = await dumpPglite(db.connection.pglite);
    res.type('application/gzip').send(Buffer.from(await image.arrayBuffer()));
    return;
  }
  const dump = pgDump(db.connection.url);
  res.type('application/octet-stream');
  dump.output.pipe(res);
  // A dump that fails half-way must not look like a complete file: the transfer is cut instead.
  await dump.done.catch((error: unknown) => {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  });
}

/**
 * `POST /api/admin/backup` with the `X-Backup-Token` kept in DATA_DIR (`npm run backup` reads it):
 * whoever can read DATA_DIR can read the embedded database anyway, so the file is the credential,
 * and the running server (which holds PGlite's data directory) can be asked for a consistent copy.
 * Mounted before sign-in; without the header it steps aside for the instance admins' route.
 */
export function backupTokenRoute(deps: RestDependencies): Router {
  const router = Router();
  router.post('/admin/backup', async (req: Request, res: Response, next) => {
    const presented = req.get(BACKUP_TOKEN_HEADER);
    if (presented === undefined) return next();
    const token = secretFromConfigOrDataDir(undefined, deps.config.dataDir, BACKUP_TOKEN_FILE);
    const [a, b] = [Buffer.from(presented), Buffer.from(token)];
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      await recordAudit(deps.db, { action: 'admin.refused', target: 'POST /api/admin/backup (backup token)', ip: clientIp(req) });
      throw new AppError('UNAUTHORIZED', 'The backup token does not match the one in DATA_DIR.');
    }
    await recordAudit(deps.db, { action: 'admin.backup', target: 'backup token', details: { format: backupFormatOf(deps.db) }, ip: clientIp(req) });
    await sendBackup(deps.db, res);
  });
  return router;
}
