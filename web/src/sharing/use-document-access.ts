import { useEffect, useState } from 'react';
import { readDocumentAccess } from './sharing-api.js';
import type { AccessDraft, SharingTarget } from './types.js';
import { draftOf } from './words.js';

/** The document's access as stored, loaded once for the dialog: undefined while loading; `error` when it could not be read. */
export function useDocumentAccess({ projectId, documentId }: SharingTarget): { stored: AccessDraft | undefined; error: string | null } {
  const [stored, setStored] = useState<AccessDraft | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void readDocumentAccess({ projectId, documentId })
      .then((access) => live && setStored(draftOf(access)))
      .catch((failure: Error) => live && setError(`Could not load who has access: ${failure.message}`));
    return () => {
      live = false;
    };
  }, [projectId, documentId]);
  return { stored, error };
}
