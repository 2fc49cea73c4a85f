import { randomUUID } from 'node:crypto';
import { findKnowledgeDocument, insertKnowledgeDocument } from '../../storage/knowledge/knowledge-documents.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { auditKnowledge } from './knowledge-audit.js';
import { type KnowledgeDeps, knowledgeKeyOf } from './knowledge-deps.js';
import { type KnowledgeDocumentView, viewOf } from './knowledge-document.js';
import { type KnowledgeKind, KnowledgeFileError, knowledgeKindOf } from './knowledge-file.js';

export interface KnowledgeFileInput {
  /** The file's name as sent: display text only. */
  name: string;
  declaredType: string;
  bytes: Uint8Array;
}

export interface UploadKnowledgeInput {
  projectId: string;
  files: readonly KnowledgeFileInput[];
  /** The title of a single file (default: its name without extension). */
  title?: string | undefined;
  /** A PostgreSQL text search configuration ('english', 'german', 'simple', ...). */
  language: string;
}

/**
 * Uploads files to a project's knowledge (editors and up, as for assets). Each file gets its own
 * document and status: one that is empty or whose bytes are not what its name says is stored
 * `failed` with its code at once; the others are stored in the blob store and queued for indexing.
 */
export async function uploadKnowledgeDocuments(deps: KnowledgeDeps, caller: Caller, input: UploadKnowledgeInput): Promise<Outcome<KnowledgeDocumentView[]>> {
  const access = await requireProjectRole(caller, input.projectId, 'assets.write');
  if (!access.ok) return access;
  const projectId = access.value.projectId;
  const tooLarge = input.files.find((file) => file.bytes.length > deps.settings.maxFileBytes);
  if (tooLarge) return fail('PAYLOAD_TOO_LARGE', `Knowledge files are at most ${deps.settings.maxFileBytes} bytes.`, { maxBytes: deps.settings.maxFileBytes, file: tooLarge.name });
  const principal = caller.principal;
  const views: KnowledgeDocumentView[] = [];
  for (const file of input.files) {
    const id = randomUUID();
    let kind: KnowledgeKind | null = null;
    let failure: { code: string; message: string } | undefined;
    try {
      kind = await knowledgeKindOf(file);
    } catch (error) {
      if (!(error instanceof KnowledgeFileError)) throw error;
      failure = { code: error.code, message: error.message };
    }
    const storageKey = kind ? knowledgeKeyOf(projectId, id) : null;
    if (storageKey) await deps.blobs.put(storageKey, file.bytes, { contentType: 'application/octet-stream' });
    const stored = await deps.db.transaction(async (tx) => {
      await insertKnowledgeDocument(tx, {
        id,
        projectId,
        uploaderUserId: principal.type === 'user' ? principal.user.id : null,
        uploaderApiKeyId: principal.type === 'apiKey' ? principal.apiKeyId : null,
        title: (input.files.length === 1 && input.title) || titleOf(file.name),
        fileName: file.name,
        kind,
        size: file.bytes.length,
        storageKey,
        language: input.language,
        failure,
      });
      await auditKnowledge(tx, caller, { action: 'knowledge.uploaded', projectId, documentId: id, details: { fileName: file.name, kind, size: file.bytes.length, ...(failure ? { failed: failure.code } : {}) } });
      if (storageKey) await deps.requestIndexing(id, { in: tx });
      // Read before the commit: the indexing job is announced with it, and may move the document on
      // before a read after it; the answer is the document as uploaded.
      return findKnowledgeDocument(tx, projectId, id);
    });
    if (stored) views.push(viewOf(stored));
  }
  return ok(views);
}

function titleOf(fileName: string): string {
  return fileName.replace(/\.[a-z0-9]{1,10}$/i, '').trim().slice(0, 255) || fileName.slice(0, 255) || 'Untitled';
}
