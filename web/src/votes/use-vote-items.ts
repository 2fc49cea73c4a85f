import { useCallback, useEffect, useRef, useState } from 'react';
import { failureText } from '../components/failure-text.js';
import { mergeReloaded, newerAggregate, updateItem } from './merge.js';
import { onVotesPush } from './push.js';
import type { VoteItem, VoteItemPage, VoteItemType, VoteOutcome } from './types.js';
import { listVoteItems } from './votes-api.js';

/** Without a live channel the numbers are asked for this often, so a vote still shows within seconds. */
const POLL_WITHOUT_CHANNEL_MS = 5_000;
/**
 * With one, pushes come at once; a slow poll still catches votes taken by another server process
 * (pushes are in-process) and any sent while a socket was silently dead.
 */
const POLL_WITH_CHANNEL_MS = 60_000;

export interface VoteItemsState {
  /** null while the first page loads. */
  items: VoteItem[] | null;
  hasMore: boolean;
  loadingMore: boolean;
  error: string | null;
  loadMore: () => void;
  /** The server's answer to the caller's own vote: its aggregate and their vote, shown at once. */
  applyOutcome: (outcome: VoteOutcome) => void;
}

/**
 * The project's votable items of one type (or all), paged with "Load more", kept live: pushed
 * aggregates replace older ones (by version), and the loaded pages are asked for again on a
 * timer and whenever the live channel (re)opens, since pushes sent while it was closed are lost.
 */
export function useVoteItems(projectId: string, itemType: VoteItemType | null, channelOpen: boolean): VoteItemsState {
  const [items, setItems] = useState<VoteItem[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The cursor of each page loaded so far (null: the first), to ask for the same pages again. */
  const cursors = useRef<(string | null)[]>([null]);
  /** Bumped when the filter changes: an answer for an older filter is dropped. */
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    cursors.current = [null];
    setItems(null);
    setNext(null);
    setError(null);
    listVoteItems(projectId, itemType, null).then(
      (page) => {
        if (generation.current !== mine) return;
        // Merged, not set: a poll or push may have brought newer numbers while this was on its way.
        setItems((shown) => mergeReloaded(shown ?? [], page.items));
        setNext(page.next);
      },
      (failure: unknown) => {
        if (generation.current === mine) setError(failureText(failure, 'Could not load the items'));
      },
    );
  }, [projectId, itemType]);

  const reload = useCallback(async () => {
    const mine = generation.current;
    const pages: VoteItemPage[] = [];
    for (const cursor of cursors.current) pages.push(await listVoteItems(projectId, itemType, cursor));
    if (generation.current !== mine) return;
    setItems((shown) => mergeReloaded(shown ?? [], pages.flatMap((page) => page.items)));
    setNext(pages.at(-1)?.next ?? null);
    setError(null);
  }, [projectId, itemType]);

  useEffect(
    () =>
      onVotesPush((pushed) => {
        if (pushed.projectId !== projectId) return;
        setItems((shown) => shown && updateItem(shown, pushed, (item) => ({ ...item, aggregate: newerAggregate(item.aggregate, pushed.aggregate) })));
      }),
    [projectId],
  );

  const wasOpen = useRef(false);
  useEffect(() => {
    // A channel that just opened missed whatever was pushed while it was closed.
    const justOpened = channelOpen && !wasOpen.current;
    wasOpen.current = channelOpen;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const schedule = () => {
      if (stopped) return;
      timer = setTimeout(() => {
        // Offline or a hiccup: what is shown stays, and the next tick tries again.
        reload().catch(() => undefined).finally(schedule);
      }, channelOpen ? POLL_WITH_CHANNEL_MS : POLL_WITHOUT_CHANNEL_MS);
    };
    if (justOpened) reload().catch(() => undefined).finally(schedule);
    else schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [channelOpen, reload]);

  const loadMore = useCallback(() => {
    if (!next || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    listVoteItems(projectId, itemType, next)
      .then((page) => {
        if (generation.current !== mine) return;
        cursors.current = [...cursors.current, next];
        setItems((shown) => [...(shown ?? []), ...page.items]);
        setNext(page.next);
      })
      .catch((failure: unknown) => setError(failureText(failure, 'Could not load more items')))
      .finally(() => setLoadingMore(false));
  }, [projectId, itemType, next, loadingMore]);

  const applyOutcome = useCallback((outcome: VoteOutcome) => {
    setItems((shown) => shown && updateItem(shown, outcome.vote, (item) => ({ ...item, aggregate: newerAggregate(item.aggregate, outcome.aggregate), myVote: outcome.vote })));
  }, []);

  return { items, hasMore: next !== null, loadingMore, error, loadMore, applyOutcome };
}
