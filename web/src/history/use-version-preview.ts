import { useEffect, useState } from 'react';
import { type ContentSummary, summarizeContent } from './content-summary.js';
import { readVersion, versionBefore, versionChanges } from './history-api.js';
import type { HistoryTarget, Version, VersionChanges } from './types.js';

export type VersionPreview =
  | { state: 'loading' }
  | { state: 'failed'; error: string }
  | { state: 'ready'; summary: ContentSummary; changes: VersionChanges; previous: Version | null };

/**
 * A version's content summarised and what changed since the version before it. `listed` is that
 * version when the list already holds it, null when there is none, undefined when it must be
 * asked for (the selected version is the oldest loaded and older pages exist).
 */
export function useVersionPreview(kind: string, target: HistoryTarget, version: Version, listed: Version | null | undefined): VersionPreview {
  const [preview, setPreview] = useState<VersionPreview>({ state: 'loading' });
  const { projectId, documentId } = target;
  const listedId = listed === undefined ? undefined : (listed?.id ?? null);
  useEffect(() => {
    let live = true;
    setPreview({ state: 'loading' });
    const where = { projectId, documentId };
    void (async () => {
      const previous = listedId === undefined ? await versionBefore(where, version) : listed ?? null;
      const [read, changes] = await Promise.all([readVersion(where, version.id), versionChanges(where, version.id, previous?.id ?? null)]);
      if (live) setPreview({ state: 'ready', summary: summarizeContent(kind, read.content), changes, previous });
    })().catch((caught: unknown) => {
      if (live) setPreview({ state: 'failed', error: `This version could not be loaded: ${caught instanceof Error ? caught.message : 'the server did not answer'}` });
    });
    return () => {
      live = false;
    };
    // Keyed by ids: a list refreshed by polling hands over new objects for the same versions, which must not reload the preview.
  }, [kind, projectId, documentId, version.id, listedId]);
  return preview;
}
