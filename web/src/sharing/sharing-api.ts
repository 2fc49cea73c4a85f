import { api } from '../api.js';
import type { AccessDraft, GrantSubject, SharingTarget, StoredAccess } from './types.js';

const accessPath = ({ projectId, documentId }: SharingTarget) => `/api/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(documentId)}/access`;

/** Who may do what with the document (owners and admins; the server refuses others with 403). */
export async function readDocumentAccess(target: SharingTarget): Promise<StoredAccess> {
  return (await api<StoredAccess>('GET', accessPath(target))).data;
}

/** Replaces the document's access with `draft`; answers what the server stored. */
export async function saveDocumentAccess(target: SharingTarget, draft: AccessDraft): Promise<StoredAccess> {
  const grants = draft.grants.map(({ subject, role }): GrantSubject & { role: string } => ({ ...subject, role }));
  return (await api<StoredAccess>('PUT', accessPath(target), { memberAccess: draft.memberAccess, grants })).data;
}
