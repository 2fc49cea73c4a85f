import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { type RegisteredDocument, createDocument, getDocument, listDocuments, renameDocument, setArchived } from '../../storage/document-registry.js';
import { DOCUMENT_KINDS, type DocumentKind } from '../../documents/document-name.js';
import { recordAudit } from '../../identity/audit.js';
import { can } from '../../identity/roles.js';
import { AppError } from '../../platform/app-error.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { actorOf, allow, currentProject, projectAccess } from '../middleware/project-access.js';
import { clientIp } from '../middleware/rate-limit.js';
import { offsetOf, pageQuery } from '../pagination.js';
import { userText } from '../text.js';
import { parse } from '../validate.js';

const documentId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "_" or "-"');
const title = userText().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const createDocumentBody = z
  .object({
    kind: z.enum(DOCUMENT_KINDS),
    title,
    /** Chosen by the client to make a create safe to retry (and usable offline before the server answers). */
    id: documentId.optional(),
  })
  .strict();
export const renameDocumentBody = z.object({ title }).strict();
export const listDocumentsQuery = pageQuery.extend({
  kind: z.enum(DOCUMENT_KINDS).optional(),
  archived: z.enum(['true', 'false']).default('false'),
});

/** The wire shape, field by field, so a column added to the registry is never published by accident. */
function present(document: RegisteredDocument) {
  return {
    id: document.id,
    name: document.name,
    kind: document.kind,
    projectId: document.projectId,
    title: document.title,
    createdBy: document.createdBy,
    createdByApiKey: document.createdByApiKey,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
    sizeBytes: document.sizeBytes,
    archivedAt: document.archivedAt,
  };
}

/** Writing a document needs the right of its kind: commenters write annotations, nothing else. */
function requireWrite(req: Request, kind: DocumentKind): void {
  const { role } = currentProject(req);
  if (!can(role, kind === 'annotations' ? 'annotations.write' : 'documents.write')) {
    throw new AppError('FORBIDDEN', `Your role in this project does not allow writing ${kind} documents.`);
  }
}

/** `/api/projects/:projectId/documents`: the registry of a project's collaborative documents. */
export function documentRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.use(projectAccess(deps.identity.verifier), allow('documents.read'));

  const load = async (req: Request): Promise<RegisteredDocument> => {
    const id = parse(documentId, req.params.documentId);
    const document = await getDocument(deps.db, currentProject(req).id, id);
    if (!document) throw new AppError('DOCUMENT_NOT_FOUND', 'No such document in this project.');
    return document;
  };

  router.get('/', async (req, res) => {
    const query = parse(listDocumentsQuery, req.query);
    const { documents, total } = await listDocuments(deps.db, currentProject(req).id, {
      ...(query.kind ? { kind: query.kind } : {}),
      archived: query.archived === 'true',
      limit: query.limit,
      offset: offsetOf(query),
    });
    sendData(res, documents.map(present), { meta: { total, page: query.page, limit: query.limit } });
  });

  router.post('/', async (req, res) => {
    const input = parse(createDocumentBody, req.body);
    requireWrite(req, input.kind);
    const projectId = currentProject(req).id;
    const actor = actorOf(req);
    const result = await deps.db.transaction(async (tx) => {
      const created = await createDocument(tx, {
        projectId,
        id: input.id ?? randomUUID(),
        kind: input.kind,
        title: input.title,
        createdBy: actor.actorUserId,
        createdByApiKey: actor.actorApiKeyId,
      });
      if (created.outcome === 'created') {
        await recordAudit(tx, { action: 'document.created', projectId, ...actor, target: created.document.name, details: { kind: input.kind, title: input.title }, ip: clientIp(req) });
      }
      return created;
    });
    if (result.outcome === 'id-taken') {
      throw new AppError('DOCUMENT_ID_TAKEN', `The id "${result.document.id}" is already used by a ${result.document.kind} document in this project.`);
    }
    // A retried create answers 200 with what the first one made.
    sendData(res, present(result.document), { status: result.outcome === 'created' ? 201 : 200 });
  });

  router.get('/:documentId', async (req, res) => {
    sendData(res, present(await load(req)));
  });

  router.put('/:documentId', async (req, res) => {
    const existing = await load(req);
    requireWrite(req, existing.kind);
    const input = parse(renameDocumentBody, req.body);
    const renamed = await deps.db.transaction(async (tx) => {
      const document = await renameDocument(tx, existing.projectId, existing.id, input.title);
      if (document) await recordAudit(tx, { action: 'document.renamed', projectId: existing.projectId, ...actorOf(req), target: existing.name, details: input, ip: clientIp(req) });
      return document;
    });
    if (!renamed) throw new AppError('DOCUMENT_NOT_FOUND', 'No such document in this project.');
    sendData(res, present(renamed));
  });

  const archive = (archived: boolean) =>
    async (req: Request, res: import('express').Response) => {
      const existing = await load(req);
      requireWrite(req, existing.kind);
      const result = await deps.db.transaction(async (tx) => {
        const outcome = await setArchived(tx, existing.projectId, existing.id, archived);
        if (outcome?.changed) {
          await recordAudit(tx, { action: archived ? 'document.archived' : 'document.restored', projectId: existing.projectId, ...actorOf(req), target: existing.name, ip: clientIp(req) });
        }
        return outcome;
      });
      if (!result) throw new AppError('DOCUMENT_NOT_FOUND', 'No such document in this project.');
      if (archived && result.changed) deps.identity.events.emit({ type: 'documentArchived', projectId: existing.projectId, documentName: existing.name });
      sendData(res, present(result.document));
    };
  router.delete('/:documentId', archive(true));
  router.post('/:documentId/restore', archive(false));

  return router;
}
