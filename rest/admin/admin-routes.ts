import { type Request, Router } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../identity/audit.js';
import { type AdminActor, evictDocument, listLoadedDocuments, snapshotDocument } from '../../operations/admin/documents.js';
import { NO_DOCUMENT_HOST } from '../../operations/admin/document-host.js';
import { AppError } from '../../platform/app-error.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { instanceAdminsOnly } from '../middleware/instance-admins-only.js';
import { clientIp } from '../middleware/rate-limit.js';
import { parse } from '../validate.js';
import { backupFormatOf } from '../../platform/db/backup.js';
import { sendBackup } from './backup-routes.js';

const documentName = z.object({ name: z.string().min(1).max(200) });

/**
 * `/api/admin`: for the people who run this installation (instance admins, granted from the
 * command line), not for project owners. API keys never qualify: they belong to a project.
 * Every action and every refusal is in the audit log.
 */
export function adminRoutes(deps: RestDependencies): Router {
  const router = Router();
  const host = deps.documentHost ?? NO_DOCUMENT_HOST;

  router.use(instanceAdminsOnly(deps.db));

  const actorOf = (req: Request): AdminActor => {
    const principal = req.auth!.principal;
    if (principal.type !== 'user') throw new AppError('FORBIDDEN', 'Only instance admins may use /api/admin.');
    return { userId: principal.user.id, ip: clientIp(req) };
  };

  router.get('/documents', (_req, res) => {
    sendData(res, listLoadedDocuments(host));
  });
  router.post('/documents/:name/snapshot', async (req, res) => {
    const { name } = parse(documentName, req.params);
    sendData(res, await snapshotDocument(deps.db, host, actorOf(req), name));
  });
  router.post('/documents/:name/evict', async (req, res) => {
    const { name } = parse(documentName, req.params);
    sendData(res, await evictDocument(deps.db, host, actorOf(req), name));
  });
  router.post('/backup', async (req, res) => {
    const actor = actorOf(req);
    await recordAudit(deps.db, { action: 'admin.backup', actorUserId: actor.userId, target: 'session', details: { format: backupFormatOf(deps.db) }, ip: actor.ip });
    await sendBackup(deps.db, res);
  });
  router.get('/queues', async (_req, res) => {
    sendData(res, deps.queueStats ? await deps.queueStats() : []);
  });
  return router;
}
