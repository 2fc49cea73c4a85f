import type { Operation } from '../openapi/operations.js';
import { chatContextBody, chatContextResponse, chatHistoryQuery, chatHistoryResponse, chatMessageBody, deletedKnowledgeResponse, knowledgeDocumentListResponse, knowledgeDocumentQuery, knowledgeDocumentResponse, knowledgeProjectQuery, listKnowledgeQuery, renameKnowledgeBody, searchQuery, searchResponse } from './schemas.js';

const documents = '/api/documents';
const document = `${documents}/{documentId}`;
const common = { tag: 'knowledge', auth: true } as const;
/** Said on every knowledge route: these are not the collaborative documents. */
const NOT_COLLAB = 'Knowledge documents are uploaded files (PDF, DOCX, Markdown, HTML, text) to search and ask about; they are not the collaborative documents of /api/projects/{projectId}/documents.';

export const KNOWLEDGE_OPERATIONS: Operation[] = [
  { ...common, method: 'get', path: documents, operationId: 'listKnowledgeDocuments', summary: `The project's knowledge documents, newest first, with status and progress (any member). ${NOT_COLLAB}`, query: listKnowledgeQuery, response: knowledgeDocumentListResponse, success: { status: 200, description: 'A page of knowledge documents; meta has total, page, limit' } },
  {
    ...common,
    method: 'post',
    path: documents,
    operationId: 'uploadKnowledgeDocuments',
    summary: `Upload 1–10 files (editors and up), each at most KNOWLEDGE_MAX_FILE_BYTES, as multipart/form-data parts \`file\`, with fields projectId (or ?projectId=), title (one file) and language (a text search configuration; english by default). Each file gets its own document: an empty file or one whose bytes are not what its name or type says is \`failed\` at once with its error code; the others are \`queued\` and indexed by a job (extract, chunk, embed) whose progress the document shows. ${NOT_COLLAB}`,
    multipartBody: { file: 'a file (repeat the part for several)', projectId: 'the project', title: 'optional title of a single file', language: 'optional text search configuration' },
    response: knowledgeDocumentListResponse,
    success: { status: 201, description: 'One document per file' },
    errors: ['NOT_FOUND'],
  },
  { ...common, method: 'get', path: document, operationId: 'getKnowledgeDocument', summary: `One knowledge document: status (queued, processing, ready, failed), progress, error code, embeddings; content=true adds the extracted text. ${NOT_COLLAB}`, query: knowledgeDocumentQuery, response: knowledgeDocumentResponse, success: { status: 200, description: 'The document' } },
  { ...common, method: 'put', path: document, operationId: 'renameKnowledgeDocument', summary: 'Rename a knowledge document (editors and up)', query: knowledgeProjectQuery, body: renameKnowledgeBody, response: knowledgeDocumentResponse, success: { status: 200, description: 'The document' } },
  { ...common, method: 'delete', path: document, operationId: 'deleteKnowledgeDocument', summary: 'Delete a knowledge document, its passages and its file (its uploader, or an admin)', query: knowledgeProjectQuery, response: deletedKnowledgeResponse, success: { status: 200, description: 'Deleted' } },
  {
    ...common,
    method: 'get',
    path: '/api/search',
    operationId: 'searchKnowledge',
    summary: 'Hybrid search over the knowledge documents of the projects you can read (or of projectId): PostgreSQL full text (web search syntax, "exact phrases") and, with an AI provider, vector similarity, fused by reciprocal rank (k = 60). Each hit has its document, page or heading, offsets and a highlighted snippet; meta.search says whether the semantic part ran and why not',
    query: searchQuery,
    response: searchResponse,
    success: { status: 200, description: 'Passages, best first; meta.search describes how the search ran' },
  },
  {
    ...common,
    method: 'post',
    path: '/api/chat/message',
    operationId: 'sendChatMessage',
    summary:
      'Ask a question of the project’s knowledge documents (any member). Answers stream as Server-Sent Events: `start` (conversationId, mode ai or extractive, search), `delta` (text), `citations` (chunk ids, document titles, page, offsets, quoted text), `done` (messageId, mode ai, extractive or not-found). A provider that times out or rate limits, after retries, ends the stream with `error` (code AI_TIMEOUT, AI_RATE_LIMITED, AI_UNAVAILABLE, AI_REFUSED); the question is saved either way. Without OPENAI_API_KEY the answer is extractive: quotes of the best passages, labelled as such',
    body: chatMessageBody,
    success: { status: 200, description: 'The answer as an event stream', contentType: 'text/event-stream' },
    errors: ['NOT_FOUND'],
  },
  { ...common, method: 'get', path: '/api/chat/history/{documentId}', operationId: 'chatHistory', summary: 'Your conversation about a knowledge document (or `project` for the project-wide one), newest message first, with each answer’s citations', query: chatHistoryQuery, response: chatHistoryResponse, success: { status: 200, description: 'A page of messages; meta has total, page, limit, conversationId' } },
  { ...common, method: 'post', path: '/api/chat/context', operationId: 'pinChatContext', summary: 'Pin or unpin documents (the conversation then retrieves from them only) and passages (always sent as context) for your conversation; ids of other projects answer 404', body: chatContextBody, response: chatContextResponse, success: { status: 200, description: 'What is pinned now' } },
];
