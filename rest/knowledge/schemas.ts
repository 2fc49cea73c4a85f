import { z } from 'zod';
import type { KnowledgeDocumentView } from '../../operations/knowledge/knowledge-document.js';
import { queryBoolean } from '../operation-response.js';
import { pageQuery } from '../pagination.js';
import { userText } from '../text.js';

/** Text search configurations offered (both PostgreSQL and PGlite ship them). */
export const LANGUAGES = ['simple', 'english', 'german', 'french', 'spanish', 'italian', 'portuguese', 'dutch', 'swedish', 'danish', 'norwegian', 'finnish', 'russian'] as const;

const projectId = z.string({ error: 'is required' }).max(64, 'must be at most 64 characters').describe('The project the knowledge documents belong to');
const id = z.string().max(64, 'must be at most 64 characters');

export const listKnowledgeQuery = pageQuery.extend({ projectId });
export const knowledgeDocumentQuery = z.object({ projectId, content: queryBoolean.optional().describe('true: include the extracted text (chunk offsets point into it)') });
export const knowledgeProjectQuery = z.object({ projectId });
export const uploadFields = z.object({
  projectId,
  title: userText().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters').optional(),
  language: z.enum(LANGUAGES, { error: `must be one of ${LANGUAGES.join(', ')}` }).default('english'),
});
export const renameKnowledgeBody = z.object({ title: userText().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters') }).strict();

export const searchQuery = z.object({
  q: userText().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
  projectId: projectId.optional().describe('Only this project (404 when you cannot read it); absent: every project you can read'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const chatMessageBody = z
  .object({
    projectId,
    documentId: id.optional().describe('The knowledge document the conversation is about; absent: the project-wide conversation'),
    message: userText().trim().min(1, 'must not be empty').max(4_000, 'must be at most 4000 characters'),
  })
  .strict();

export const chatHistoryQuery = pageQuery.extend({ projectId });

const idList = z.array(id).max(50, 'must be at most 50 ids').default([]);
const targets = z.object({ documentIds: idList, chunkIds: idList }).strict();
export const chatContextBody = z
  .object({
    projectId,
    documentId: id.optional().describe('The conversation: about this knowledge document, or project-wide when absent'),
    pin: targets.default({ documentIds: [], chunkIds: [] }),
    unpin: targets.default({ documentIds: [], chunkIds: [] }),
  })
  .strict();

export const knowledgeDocumentResponse = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  title: z.string(),
  fileName: z.string(),
  kind: z.enum(['pdf', 'docx', 'markdown', 'html', 'text']).nullable(),
  size: z.number().int(),
  language: z.string(),
  status: z.enum(['queued', 'processing', 'ready', 'failed']),
  progress: z.number().int().min(0).max(100),
  error: z.object({ code: z.string(), message: z.string() }).nullable().describe('Why the file failed (FILE_EMPTY, FILE_TYPE_MISMATCH, FILE_TYPE_UNSUPPORTED, PDF_ENCRYPTED, FILE_CORRUPT, NO_TEXT), or why a ready one has no embeddings (AI_*)'),
  embeddings: z.enum(['skipped', 'pending', 'done', 'failed']),
  pageCount: z.number().int().nullable(),
  truncated: z.boolean().describe('Pages past KNOWLEDGE_MAX_PDF_PAGES were not read'),
  chunkCount: z.number().int(),
  uploadedBy: z.object({ userId: z.uuid().nullable(), apiKeyId: z.uuid().nullable() }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  content: z.string().nullable().optional(),
});
export const knowledgeDocumentListResponse = z.array(knowledgeDocumentResponse);
export const deletedKnowledgeResponse = z.object({ id: z.uuid(), deleted: z.literal(true) });

export const searchResponse = z.array(
  z.object({
    chunkId: z.uuid(),
    documentId: z.uuid(),
    projectId: z.uuid(),
    documentTitle: z.string(),
    heading: z.string().nullable(),
    page: z.number().int().nullable(),
    start: z.number().int().describe('Offset of the passage in the document’s extracted text'),
    end: z.number().int(),
    text: z.string(),
    snippet: z.string().describe('HTML: the text escaped, matched terms in <mark>'),
    score: z.number(),
    matchedBy: z.array(z.enum(['fulltext', 'semantic'])),
  }),
);

const citation = z.object({ index: z.number().int(), chunkId: z.uuid(), documentId: z.uuid(), documentTitle: z.string(), page: z.number().int().nullable(), heading: z.string().nullable(), start: z.number().int(), end: z.number().int(), quote: z.string() });
export const chatHistoryResponse = z.array(
  z.object({
    id: z.string(),
    role: z.enum(['user', 'assistant']),
    content: z.string(),
    mode: z.enum(['ai', 'extractive', 'not-found', 'error']).nullable(),
    citations: z.array(citation),
    errorCode: z.string().nullable(),
    createdAt: z.iso.datetime(),
  }),
);
export const chatContextResponse = z.object({ conversationId: z.uuid(), documentIds: z.array(z.uuid()), chunkIds: z.array(z.uuid()) });

export function presentKnowledgeDocument(view: KnowledgeDocumentView & { content?: string | null }): z.output<typeof knowledgeDocumentResponse> {
  return { ...view, kind: view.kind as z.output<typeof knowledgeDocumentResponse>['kind'] };
}
