import { useState } from 'react';
import { CreateLink } from './CreateLink.js';
import { LinkList } from './LinkList.js';
import { NewLinkAddress } from './NewLinkAddress.js';
import type { CreatedLink } from './link-types.js';
import type { SharingTarget } from './types.js';
import { useShareLinks } from './use-share-links.js';

/**
 * The Links section of the Share dialog: links that open this one document without an account,
 * each revocable; a new link's address is shown once. Links take effect at once, not at Save.
 */
export function ShareLinks({ target }: { target: SharingTarget }) {
  const { links, error, added, changed } = useShareLinks(target);
  const [created, setCreated] = useState<CreatedLink | null>(null);
  return (
    <section className="share-section share-links" aria-labelledby="share-links-heading" data-testid="share-links">
      <h3 id="share-links-heading">Links</h3>
      <p className="muted small">Anyone with a link opens this document alone, without an account, until the link expires or is revoked.</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {links === undefined && !error && (
        <p className="loading" role="status">
          Loading links…
        </p>
      )}
      {links && <LinkList target={target} links={links} onChanged={changed} />}
      {created && <NewLinkAddress link={created} onDismiss={() => setCreated(null)} />}
      <CreateLink
        target={target}
        onCreated={(link) => {
          added(link);
          setCreated(link);
        }}
      />
    </section>
  );
}
