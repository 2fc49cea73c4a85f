import { useCallback, useEffect, useState } from 'react';
import { failureText } from '../components/failure-text.js';
import type { ShareLink } from './link-types.js';
import { readShareLinks } from './links-api.js';
import type { SharingTarget } from './types.js';

export interface ShareLinks {
  /** Newest first; undefined while loading. */
  links: ShareLink[] | undefined;
  error: string | null;
  /** A link just made goes on top (its token and address are not kept in the list). */
  added: (link: ShareLink) => void;
  /** A link as the server now has it (revoked) takes its place. */
  changed: (link: ShareLink) => void;
}

const listed = ({ id, role, label, hasPassword, expiresAt, createdBy, createdAt, revokedAt, lastUsedAt, uses }: ShareLink): ShareLink => ({ id, role, label, hasPassword, expiresAt, createdBy, createdAt, revokedAt, lastUsedAt, uses });

/** The document's share links, loaded once for the dialog and kept as its own changes answer. */
export function useShareLinks({ projectId, documentId }: SharingTarget): ShareLinks {
  const [links, setLinks] = useState<ShareLink[] | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void readShareLinks({ projectId, documentId })
      .then((read) => live && setLinks(read))
      .catch((failure: unknown) => live && setError(failureText(failure, 'Could not load the links')));
    return () => {
      live = false;
    };
  }, [projectId, documentId]);
  const added = useCallback((link: ShareLink) => setLinks((current) => [listed(link), ...(current ?? []).filter((other) => other.id !== link.id)]), []);
  const changed = useCallback((link: ShareLink) => setLinks((current) => current?.map((other) => (other.id === link.id ? listed(link) : other))), []);
  return { links, error, added, changed };
}
