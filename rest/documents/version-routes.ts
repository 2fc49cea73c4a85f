import { type Request, Router } from 'express';
import { listVersions } from '../../operations/history/list-versions.js';
import { nameVersion } from '../../operations/history/name-version.js';
import { readVersion } from '../../operations/history/read-version.js';
import { restoreVersion } from '../../operations/history/restore-version.js';
import { versionChanges } from '../../operations/history/version-changes.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { allow, projectAccess } from '../middleware/project-access.js';
import { unwrap } from '../operation-response.js';
import { projectContext } from '../projects/project-context.js';
import { parse } from '../validate.js';
import { documentIdParam } from './schemas.js';
import { listVersionsQuery, nameVersionBody, presentChange, presentVersion, versionChangesQuery, versionIdParam } from './version-schemas.js';

/** `/api/projects/:projectId/documents/:documentId/versions`: a document's history; parse → operation → present. */
export function versionRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.use(projectAccess(deps.identity.verifier), allow('documents.read'));
  const target = (req: Request) => {
    const { ops, caller, projectId, ip } = projectContext(req, deps);
    return { ops, caller, ip, where: { projectId, documentId: parse(documentIdParam, req.params.documentId) } };
  };

  router.get('/', async (req, res) => {
    const { ops, caller, where } = target(req);
    const query = parse(listVersionsQuery, req.query);
    const { versions, next } = unwrap(await listVersions(ops, caller, { ...where, limit: query.limit, before: query.before }));
    sendData(res, { versions: versions.map(presentVersion), next });
  });

  router.post('/', async (req, res) => {
    const { ops, caller, where } = target(req);
    const { label } = parse(nameVersionBody, req.body);
    sendData(res, presentVersion(unwrap(await nameVersion(ops, caller, { ...where, label }))), { status: 201 });
  });

  router.get('/:versionId', async (req, res) => {
    const { ops, caller, where } = target(req);
    const { version, content } = unwrap(await readVersion(ops, caller, { ...where, versionId: parse(versionIdParam, req.params.versionId) }));
    sendData(res, { version: presentVersion(version), content });
  });

  router.get('/:versionId/changes', async (req, res) => {
    const { ops, caller, where } = target(req);
    const { since } = parse(versionChangesQuery, req.query);
    const { changes, truncated } = unwrap(await versionChanges(ops, caller, { ...where, versionId: parse(versionIdParam, req.params.versionId), since }));
    sendData(res, { changes: changes.map(presentChange), truncated });
  });

  router.post('/:versionId/restore', async (req, res) => {
    const { ops, caller, ip, where } = target(req);
    sendData(res, unwrap(await restoreVersion(ops, caller, { ...where, versionId: parse(versionIdParam, req.params.versionId), ip })));
  });
  return router;
}
