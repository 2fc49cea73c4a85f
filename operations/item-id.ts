import { isUuid } from '../identity/projects.js';

/** Where an entry lives: enough to address it later without knowing (or guessing) its board. */
export interface ItemAddress {
  projectId: string;
  documentId: string;
  entryId: string;
}

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

/** `<projectId>.<documentId>.<entryId>`: none of the three may contain a dot, so the id splits back exactly. */
export function formatItemId(address: ItemAddress): string {
  return `${address.projectId}.${address.documentId}.${address.entryId}`;
}

/** The address in an item id, or null for anything that is not one (answered as not found). */
export function parseItemId(id: string): ItemAddress | null {
  const parts = id.split('.');
  if (parts.length !== 3) return null;
  const [projectId, documentId, entryId] = parts as [string, string, string];
  if (!isUuid(projectId) || !SEGMENT.test(documentId) || !SEGMENT.test(entryId)) return null;
  return { projectId: projectId.toLowerCase(), documentId, entryId };
}
