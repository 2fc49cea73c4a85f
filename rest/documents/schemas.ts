import { z } from 'zod';
import { DOCUMENT_KINDS } from '../../documents/document-name.js';
import type { RegisteredDocument } from '../../storage/document-registry.js';
import { pageQuery } from '../pagination.js';
import { userText } from '../text.js';

export const documentIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "_" or "-"');
const title = userText().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const createDocumentBody = z
  .object({
    kind: z.enum(DOCUMENT_KINDS),
    title,
    /** Chosen by the client to make a create safe to retry (and usable offline before the server answers). */
    id: documentIdParam.optional(),
  })
  .strict();
export const renameDocumentBody = z.object({ title }).strict();
export const listDocumentsQuery = pageQuery.extend({
  kind: z.enum(DOCUMENT_KINDS).optional(),
  archived: z.enum(['true', 'false']).default('false'),
});

/** A registry entry as the API shows it; `name` opens the document on /collab. */
export const documentResponse = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  projectId: z.uuid(),
  title: z.string(),
  createdBy: z.uuid().nullable(),
  createdByApiKey: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Bytes stored (snapshot and log), counted as stored. */
  sizeBytes: z.number().int(),
  archivedAt: z.iso.datetime().nullable(),
});

/** Field by field, so a column added to the registry is never published by accident; typed by the schema the description publishes. */
/** A page of documents (meta has total, page, limit). */
export const documentListResponse = z.array(documentResponse);

export function presentDocument(document: RegisteredDocument): z.output<typeof documentResponse> {
  return {
    id: document.id,
    name: document.name,
    kind: document.kind,
    projectId: document.projectId,
    title: document.title,
    createdBy: document.createdBy,
    createdByApiKey: document.createdByApiKey,
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
    sizeBytes: document.sizeBytes,
    archivedAt: document.archivedAt?.toISOString() ?? null,
  };
}
