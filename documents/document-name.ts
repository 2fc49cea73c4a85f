/**
 * Every collaborative document is named `<kind>:<projectId>:<id>`. Names are parsed once, at
 * the edge, into this typed value; anything else is refused before any work is done.
 */
export const DOCUMENT_KINDS = ['kanban', 'calendar', 'pipeline', 'annotations'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentName {
  kind: DocumentKind;
  projectId: string;
  id: string;
}

export type ParseDocumentNameResult = { ok: true; value: DocumentName } | { ok: false; reason: string };

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_NAME_LENGTH = 160;

export function isDocumentKind(value: string): value is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(value);
}

export function parseDocumentName(name: string): ParseDocumentNameResult {
  if (name.length > MAX_NAME_LENGTH) return { ok: false, reason: `a document name has at most ${MAX_NAME_LENGTH} characters` };
  const parts = name.split(':');
  if (parts.length !== 3) return { ok: false, reason: 'a document name has the form <kind>:<projectId>:<id>' };
  const [kind, projectId, id] = parts as [string, string, string];
  if (!isDocumentKind(kind)) return { ok: false, reason: `unknown document kind "${kind}"; expected one of ${DOCUMENT_KINDS.join(', ')}` };
  if (!SEGMENT.test(projectId)) return { ok: false, reason: 'the project id must be 1–64 letters, digits, "_" or "-"' };
  if (!SEGMENT.test(id)) return { ok: false, reason: 'the document id must be 1–64 letters, digits, "_" or "-"' };
  return { ok: true, value: { kind, projectId, id } };
}

export function formatDocumentName(name: DocumentName): string {
  return `${name.kind}:${name.projectId}:${name.id}`;
}
