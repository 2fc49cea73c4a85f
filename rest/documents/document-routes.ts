import { type Request, Router } from 'express';
import { archiveDocument } from '../../operations/documents/archive-document.js';
import { createDocument } from '../../operations/documents/create-document.js';
import { getDocument } from '../../operations/documents/get-document.js';
import { listDocuments } from '../../operations/documents/list-documents.js';
import { renameDocument } from '../../operations/documents/rename-document.js';
import { restoreDocument } from '../../operations/documents/restore-document.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { allow, projectAccess } from '../middleware/project-access.js';
import { unwrap } from '../operation-response.js';
import { offsetOf } from '../pagination.js';
import { projectContext } from '../projects/project-context.js';
import { parse } from '../validate.js';
import { createDocumentBody, createLinkBody, documentAccessBody, documentIdParam, grantsOf, inviteGuestBody, linkIdParam, listDocumentsQuery, presentDocument, presentDocumentAccess, presentLink, renameDocumentBody, userIdParam } from './schemas.js';
import { getDocumentAccess, setDocumentAccess } from '../../operations/documents/document-sharing.js';
import { inviteGuest, removeGuest } from '../../operations/documents/document-guests.js';
import { createShareLink, listShareLinks, revokeShareLink } from '../../operations/documents/share-links.js';

/** `/api/projects/:projectId/documents`: the registry of a project's collaborative documents; parse → operation → present. */
export function documentRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  // Outsiders are answered 404 before their input is read; the operations check the rights again (workers and the AI call them too).
  router.use(projectAccess(deps.identity.verifier), allow('documents.read'));
  const ctx = (req: Request) => projectContext(req, deps);
  const documentIdOf = (req: Request) => parse(documentIdParam, req.params.documentId);

  router.get('/', async (req, res) => {
    const { ops, caller, projectId } = ctx(req);
    const query = parse(listDocumentsQuery, req.query);
    const { documents, total } = unwrap(await listDocuments(ops, caller, { projectId, kind: query.kind, archived: query.archived === 'true', limit: query.limit, offset: offsetOf(query) }));
    sendData(res, documents.map(presentDocument), { meta: { total, page: query.page, limit: query.limit } });
  });

  router.post('/', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    const { document, created } = unwrap(await createDocument(ops, caller, { projectId, ...parse(createDocumentBody, req.body), ip }));
    // A retried create answers 200 with what the first one made.
    sendData(res, presentDocument(document), { status: created ? 201 : 200 });
  });

  router.get('/:documentId', async (req, res) => {
    const { ops, caller, projectId } = ctx(req);
    sendData(res, presentDocument(unwrap(await getDocument(ops, caller, { projectId, documentId: documentIdOf(req) }))));
  });

  router.put('/:documentId', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    const documentId = documentIdOf(req);
    const { title } = parse(renameDocumentBody, req.body);
    sendData(res, presentDocument(unwrap(await renameDocument(ops, caller, { projectId, documentId, title, ip }))));
  });

  router.delete('/:documentId', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    sendData(res, presentDocument(unwrap(await archiveDocument(ops, caller, { projectId, documentId: documentIdOf(req), ip }))));
  });

  router.post('/:documentId/restore', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    sendData(res, presentDocument(unwrap(await restoreDocument(ops, caller, { projectId, documentId: documentIdOf(req), ip }))));
  });

  router.get('/:documentId/access', async (req, res) => {
    const { ops, caller, projectId } = ctx(req);
    sendData(res, presentDocumentAccess(unwrap(await getDocumentAccess(ops, caller, { projectId, documentId: documentIdOf(req) }))));
  });

  router.put('/:documentId/access', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    const documentId = documentIdOf(req);
    const body = parse(documentAccessBody, req.body);
    sendData(res, presentDocumentAccess(unwrap(await setDocumentAccess(ops, caller, { projectId, documentId, memberAccess: body.memberAccess, grants: grantsOf(body), ip }))));
  });

  router.post('/:documentId/access/guests', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    const documentId = documentIdOf(req);
    sendData(res, presentDocumentAccess(unwrap(await inviteGuest(ops, caller, { projectId, documentId, ...parse(inviteGuestBody, req.body), ip }))));
  });

  router.delete('/:documentId/access/guests/:userId', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    const documentId = documentIdOf(req);
    sendData(res, presentDocumentAccess(unwrap(await removeGuest(ops, caller, { projectId, documentId, userId: parse(userIdParam, req.params.userId), ip }))));
  });

  router.get('/:documentId/links', async (req, res) => {
    const { ops, caller, projectId } = ctx(req);
    sendData(res, unwrap(await listShareLinks(ops, caller, { projectId, documentId: documentIdOf(req) })).map(presentLink));
  });

  router.post('/:documentId/links', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    const documentId = documentIdOf(req);
    const body = parse(createLinkBody, req.body);
    const { link, token } = unwrap(await createShareLink(ops, caller, { projectId, documentId, role: body.role, label: body.label, password: body.password, expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined, ip }));
    // The token travels in the fragment: browsers never send it to a server or a proxy log.
    sendData(res, { ...presentLink(link), token, url: `${deps.publicUrl()}/#/link/${token}` }, { status: 201 });
  });

  router.delete('/:documentId/links/:linkId', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    const documentId = documentIdOf(req);
    sendData(res, presentLink(unwrap(await revokeShareLink(ops, caller, { projectId, documentId, linkId: parse(linkIdParam, req.params.linkId), ip }))));
  });

  return router;
}
