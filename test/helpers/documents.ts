import type { DocumentKind } from '../../documents/document-name.js';
import type { client } from './client.js';

export interface DocumentRecord {
  id: string;
  name: string;
  kind: DocumentKind;
  projectId: string;
  title: string;
  createdBy: string | null;
  createdByApiKey: string | null;
  createdAt: string;
  updatedAt: string;
  sizeBytes: number;
  archivedAt: string | null;
}

/** Creates (and seeds) a document through the REST API, as a client would, and returns its registry entry. */
export async function createDocument(
  api: ReturnType<typeof client>,
  token: string,
  projectId: string,
  kind: DocumentKind,
  options: { id?: string; title?: string } = {},
): Promise<DocumentRecord> {
  const reply = await api.call<DocumentRecord>('POST', `/api/projects/${projectId}/documents`, { token, body: { kind, title: options.title ?? `A ${kind}`, ...(options.id ? { id: options.id } : {}) } });
  if (reply.status !== 201 && reply.status !== 200) throw new Error(`creating a document failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.data;
}
