import { useCallback, useEffect, useRef, useState } from 'react';
import { listVersions } from './history-api.js';
import type { HistoryTarget, Version, VersionPage } from './types.js';
import { mergeNewestFirst } from './version-words.js';

/**
 * While the panel is open, the newest page is asked for again this often: automatic checkpoints
 * are made by the server when the document has been quiet, and nothing tells the page they exist.
 */
export const HISTORY_POLL_MS = 5_000;

export interface VersionList {
  versions: Version[];
  /** Whether older versions exist beyond those loaded. */
  hasMore: boolean;
  state: 'loading' | 'ready' | 'failed';
  /** Why the last request failed, for people; null when it did not. */
  error: string | null;
  loadingMore: boolean;
  loadMore(): Promise<void>;
  /** Asks for the newest page now (after saving or restoring). */
  refresh(): Promise<void>;
}

/**
 * A fresh newest page joined to what is loaded: when it reaches into the loaded versions they
 * are merged (and the older pages stay); when it does not, versions were made in between that
 * no page holds, so the fresh page starts the list over.
 */
function joinNewest(current: VersionPage, fresh: VersionPage): VersionPage {
  const loaded = new Set(current.versions.map((version) => version.id));
  const oldestFresh = fresh.versions.at(-1);
  if (current.versions.length === 0 || fresh.next === null || !oldestFresh || !loaded.has(oldestFresh.id)) return fresh;
  return { versions: mergeNewestFirst(fresh.versions, current.versions), next: current.next };
}

const failureText = (caught: unknown) => (caught instanceof Error ? caught.message : 'the server did not answer');

/** A document's versions, newest first, paged on demand and kept fresh while mounted. */
export function useVersions(target: HistoryTarget): VersionList {
  const { projectId, documentId } = target;
  const [page, setPage] = useState<VersionPage>({ versions: [], next: null });
  const [state, setState] = useState<VersionList['state']>('loading');
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  // Answers that arrive after the panel closed are dropped.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const refresh = useCallback(async () => {
    try {
      const fresh = await listVersions({ projectId, documentId });
      if (!mounted.current) return;
      setPage((current) => joinNewest(current, fresh));
      setState('ready');
      setError(null);
    } catch (caught) {
      if (!mounted.current) return;
      setState((current) => (current === 'loading' ? 'failed' : current));
      setError(`The history could not be loaded: ${failureText(caught)}`);
    }
  }, [projectId, documentId]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, HISTORY_POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const loadMore = useCallback(async () => {
    if (page.next === null) return;
    setLoadingMore(true);
    try {
      const older = await listVersions({ projectId, documentId }, page.next);
      if (!mounted.current) return;
      setPage((current) => ({ versions: mergeNewestFirst(current.versions, older.versions), next: older.next }));
      setError(null);
    } catch (caught) {
      if (mounted.current) setError(`Older versions could not be loaded: ${failureText(caught)}`);
    } finally {
      if (mounted.current) setLoadingMore(false);
    }
  }, [page.next, projectId, documentId]);

  return { versions: page.versions, hasMore: page.next !== null, state, error, loadingMore, loadMore, refresh };
}
