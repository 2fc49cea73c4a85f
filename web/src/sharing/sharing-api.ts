import { api } from '../api.js';
import type { AccessDraft, GrantRole, GrantSubject, SharedDocument, SharingTarget, StoredAccess } from './types.js';

const accessPath = ({ projectId, documentId }: SharingTarget) => `/api/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(documentId)}/access`;

/** Who may do what with the document (owners and admins; the server refuses others with 403). */
export async function readDocumentAccess(target: SharingTarget): Promise<StoredAccess> {
  return (await api<StoredAccess>('GET', accessPath(target))).data;
}

/** Replaces the document's access with `draft`; answers what the server stored. */
export async function saveDocumentAccess(target: SharingTarget, draft: AccessDraft): Promise<StoredAccess> {
  // Guests already invited are kept by naming them; one left out loses access.
  const grants = draft.grants.map(({ subject, role }): GrantSubject & { role: string } => ({ ...subject, role }));
  return (await api<StoredAccess>('PUT', accessPath(target), { memberAccess: draft.memberAccess, grants })).data;
}

/** Shares the document with someone outside the project by email (or changes the role of a guest invited before); answers the access stored. */
export async function inviteGuest(target: SharingTarget, email: string, role: GrantRole): Promise<StoredAccess> {
  return (await api<StoredAccess>('POST', `${accessPath(target)}/guests`, { email, role })).data;
}

/** Ends a guest's access to the document (their open pages close at once); answers the access stored. */
export async function removeGuest(target: SharingTarget, userId: string): Promise<StoredAccess> {
  return (await api<StoredAccess>('DELETE', `${accessPath(target)}/guests/${encodeURIComponent(userId)}`)).data;
}

/** The documents shared with the signed-in person as a guest of projects they are not a member of. */
export async function readSharedWithMe(): Promise<SharedDocument[]> {
  return (await api<SharedDocument[]>('GET', '/api/me/shared-documents')).data;
}
