import { useEffect, useState } from 'react';
import { failureText } from '../components/failure-text.js';
import { kindLabel } from '../projects/DocumentList.js';
import { href } from '../router.js';
import { readSharedWithMe } from '../sharing/sharing-api.js';
import type { SharedDocument } from '../sharing/types.js';
import { GRANT_ROLE_LABEL } from '../sharing/words.js';

/** The documents others shared with this person as a guest: each opens alone, without its project. */
export function SharedWithMePage() {
  const [shared, setShared] = useState<SharedDocument[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void readSharedWithMe()
      .then((documents) => live && setShared(documents))
      .catch((failure: unknown) => live && setError(failureText(failure, 'Could not load what is shared with you')));
    return () => {
      live = false;
    };
  }, []);
  return (
    <section className="page shared-page">
      <p>
        <a href={href.projects()}>← Projects</a>
      </p>
      <h1>Shared with me</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {shared === null && !error && (
        <p className="loading" role="status">
          Loading what is shared with you…
        </p>
      )}
      {shared?.length === 0 && (
        <p className="empty-state" data-testid="nothing-shared">
          Nothing is shared with you yet. When someone invites your email address to one of their documents, it shows here.
        </p>
      )}
      {shared && shared.length > 0 && (
        <ul className="tiles shared-tiles" aria-label="Documents shared with you">
          {shared.map((document) => (
            <li key={document.name} data-testid="shared-document" data-title={document.title}>
              <a className="tile" href={href.document(document.name)}>
                <strong>{document.title}</strong>
                <span className="muted">
                  {kindLabel(document.kind)} in {document.projectName}
                </span>
                <span className="muted small">{GRANT_ROLE_LABEL[document.role]}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
