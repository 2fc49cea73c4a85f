import { useEffect, useState } from 'react';
import { RequestFailed, api } from '../api.js';
import { keepTitle, keptTitle } from '../projects/offline-copy.js';
import { readSharedWithMe } from './sharing-api.js';
import type { SharedDocument } from './types.js';

export interface DocumentStanding {
  /** This person's copy of the title as last fetched: offline (and before the server answers) it is what shows. */
  title: string | null;
  /**
   * Set when the caller is a guest of this one document (shared with them by email): the project's
   * own APIs answer 404 to them, so the page leaves out what needs those. Null for a member, and
   * until the server has said otherwise.
   */
  guestOf: SharedDocument | null;
}

/**
 * The document's title and whether the caller opens it as a guest. A member's title comes from the
 * project's document API as it always has; only when that answers 404 is the caller's list of
 * shared documents asked, so members pay nothing for guests.
 */
export function useDocumentStanding(userId: string, name: string, projectId: string, documentId: string): DocumentStanding {
  const [title, setTitle] = useState<string | null>(() => keptTitle(userId, name));
  const [guestOf, setGuestOf] = useState<SharedDocument | null>(null);
  useEffect(() => {
    setTitle(keptTitle(userId, name));
    setGuestOf(null);
    let live = true;
    const found = (shown: string) => {
      keepTitle(userId, name, shown);
      if (live) setTitle(shown);
    };
    const asGuest = async () => {
      const shared = (await readSharedWithMe()).find((entry) => entry.name === name);
      if (!shared || !live) return;
      setGuestOf(shared);
      found(shared.title);
    };
    void api<{ title: string }>('GET', `/api/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(documentId)}`)
      .then((reply) => found(reply.data.title))
      .catch((failure: unknown) => {
        // Anything else (offline, a passing failure) leaves the kept title; the socket says what access there is.
        if (failure instanceof RequestFailed && failure.status === 404) return asGuest();
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [userId, name, projectId, documentId]);
  return { title, guestOf };
}
