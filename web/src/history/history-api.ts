import { api } from '../api.js';
import type { HistoryTarget, RestoreResult, Version, VersionChanges, VersionPage } from './types.js';

/** How many versions one page of the list asks for. */
export const VERSIONS_PER_PAGE = 20;

const base = ({ projectId, documentId }: HistoryTarget) => `/api/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(documentId)}/versions`;

/** Newest first; `before` (a page's `next`) pages on to older ones. */
export async function listVersions(target: HistoryTarget, before?: string | null): Promise<VersionPage> {
  const query = new URLSearchParams({ limit: String(VERSIONS_PER_PAGE) });
  if (before) query.set('before', before);
  return (await api<VersionPage>('GET', `${base(target)}?${query}`)).data;
}

/** The one version saved just before `version` (to compare with), or null when it is the first. */
export async function versionBefore(target: HistoryTarget, version: Version): Promise<Version | null> {
  const query = new URLSearchParams({ limit: '1', before: version.seq });
  return (await api<VersionPage>('GET', `${base(target)}?${query}`)).data.versions[0] ?? null;
}

/** Saves the document as it is now under a name (editors and up; the server refuses others). */
export async function nameVersion(target: HistoryTarget, label: string): Promise<Version> {
  return (await api<Version>('POST', base(target), { label })).data;
}

/** The version's content, read by the document's model on the server (the JSON a live document reads as). */
export async function readVersion(target: HistoryTarget, versionId: string): Promise<{ version: Version; content: unknown }> {
  return (await api<{ version: Version; content: unknown }>('GET', `${base(target)}/${encodeURIComponent(versionId)}`)).data;
}

/** Who changed what up to `versionId`, since `sinceId` (or since the document began). */
export async function versionChanges(target: HistoryTarget, versionId: string, sinceId: string | null): Promise<VersionChanges> {
  const query = sinceId ? `?${new URLSearchParams({ since: sinceId })}` : '';
  return (await api<VersionChanges>('GET', `${base(target)}/${encodeURIComponent(versionId)}/changes${query}`)).data;
}

/** Makes the live document what it was in `versionId`, as a new change (the server saves the state before it first). */
export async function restoreVersion(target: HistoryTarget, versionId: string): Promise<RestoreResult> {
  return (await api<RestoreResult>('POST', `${base(target)}/${encodeURIComponent(versionId)}/restore`, {})).data;
}
