import { Router } from 'express';
import { deleteKnowledge } from '../../operations/knowledge/delete-knowledge-document.js';
import { getKnowledge } from '../../operations/knowledge/get-knowledge-document.js';
import { listKnowledge } from '../../operations/knowledge/list-knowledge-documents.js';
import { renameKnowledge } from '../../operations/knowledge/rename-knowledge-document.js';
import { uploadKnowledgeDocuments } from '../../operations/knowledge/upload-knowledge-documents.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { unwrap } from '../operation-response.js';
import { offsetOf } from '../pagination.js';
import { parse } from '../validate.js';
import { readKnowledgeForm } from './knowledge-form.js';
import { knowledgeContext } from './knowledge-context.js';
import { knowledgeDocumentQuery, knowledgeProjectQuery, listKnowledgeQuery, presentKnowledgeDocument, renameKnowledgeBody, uploadFields } from './schemas.js';

/**
 * `/api/documents`: knowledge documents (uploaded files to search and ask about), not the
 * collaborative documents of `/api/projects/:projectId/documents`. The project is `projectId`.
 */
export function knowledgeDocumentRoutes(deps: RestDependencies): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const { knowledge, caller } = knowledgeContext(req, deps);
    const page = parse(listKnowledgeQuery, req.query);
    const { documents, total } = unwrap(await listKnowledge(knowledge, caller, { projectId: page.projectId, limit: page.limit, offset: offsetOf(page) }));
    sendData(res, documents.map(presentKnowledgeDocument), { meta: { total, page: page.page, limit: page.limit } });
  });

  router.post('/', async (req, res) => {
    const { knowledge, caller } = knowledgeContext(req, deps);
    try {
      const form = await readKnowledgeForm(req, knowledge.settings.maxFileBytes);
      const fields = parse(uploadFields, { ...form.fields, ...(typeof req.query.projectId === 'string' ? { projectId: req.query.projectId } : {}) });
      const files = form.files.map((file) => ({ name: file.name.slice(0, 255) || 'upload', declaredType: file.type, bytes: file.bytes }));
      const views = unwrap(await uploadKnowledgeDocuments(knowledge, caller, { projectId: fields.projectId, files, title: fields.title, language: fields.language }));
      sendData(res, views.map(presentKnowledgeDocument), { status: 201 });
    } catch (error) {
      // Refused before the body was read through: the rest of it is not wanted on this connection.
      if (!req.complete) res.setHeader('Connection', 'close');
      throw error;
    }
  });

  router.get('/:documentId', async (req, res) => {
    const { knowledge, caller } = knowledgeContext(req, deps);
    const query = parse(knowledgeDocumentQuery, req.query);
    sendData(res, presentKnowledgeDocument(unwrap(await getKnowledge(knowledge, caller, { projectId: query.projectId, documentId: String(req.params.documentId), content: query.content ?? false }))));
  });

  router.put('/:documentId', async (req, res) => {
    const { knowledge, caller } = knowledgeContext(req, deps);
    const { projectId } = parse(knowledgeProjectQuery, req.query);
    const { title } = parse(renameKnowledgeBody, req.body);
    sendData(res, presentKnowledgeDocument(unwrap(await renameKnowledge(knowledge, caller, { projectId, documentId: String(req.params.documentId), title }))));
  });

  router.delete('/:documentId', async (req, res) => {
    const { knowledge, caller } = knowledgeContext(req, deps);
    const { projectId } = parse(knowledgeProjectQuery, req.query);
    sendData(res, unwrap(await deleteKnowledge(knowledge, caller, { projectId, documentId: String(req.params.documentId) })));
  });

  return router;
}
