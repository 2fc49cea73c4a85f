import type { StoredKnowledgeDocument } from '../../storage/knowledge/knowledge-documents.js';

/** A knowledge document as clients see it (never its storage key). */
export interface KnowledgeDocumentView {
  id: string;
  projectId: string;
  title: string;
  fileName: string;
  kind: string | null;
  size: number;
  language: string;
  status: StoredKnowledgeDocument['status'];
  progress: number;
  error: { code: string; message: string } | null;
  embeddings: StoredKnowledgeDocument['embeddingStatus'];
  pageCount: number | null;
  truncated: boolean;
  chunkCount: number;
  uploadedBy: { userId: string | null; apiKeyId: string | null };
  createdAt: string;
  updatedAt: string;
}

export function viewOf(doc: StoredKnowledgeDocument): KnowledgeDocumentView {
  return {
    id: doc.id,
    projectId: doc.projectId,
    title: doc.title,
    fileName: doc.fileName,
    kind: doc.kind,
    size: doc.size,
    language: doc.language,
    status: doc.status,
    progress: doc.progress,
    error: doc.errorCode ? { code: doc.errorCode, message: doc.errorMessage ?? '' } : null,
    embeddings: doc.embeddingStatus,
    pageCount: doc.pageCount,
    truncated: doc.truncated,
    chunkCount: doc.chunkCount,
    uploadedBy: { userId: doc.uploaderUserId, apiKeyId: doc.uploaderApiKeyId },
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
