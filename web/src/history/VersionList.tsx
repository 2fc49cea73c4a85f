import type { VersionList as Versions } from './use-versions.js';
import type { Version } from './types.js';
import { VersionTime } from './VersionTime.js';
import { versionAuthorText, versionKindText, versionNoteText } from './version-words.js';

interface Props {
  list: Versions;
  nameOf: (userId: string) => string | null;
  now: number;
  /** Whether this person may name a version (the empty state says who can otherwise). */
  canName: boolean;
  onSelect: (version: Version) => void;
}

/** The versions, newest first, each a button that opens its preview; older ones a page at a time. */
export function VersionList({ list, nameOf, now, canName, onSelect }: Props) {
  if (list.state === 'loading') return <p className="muted">Loading the history…</p>;
  if (list.state === 'failed') return null;
  if (list.versions.length === 0) {
    return (
      <p className="empty-state" data-testid="history-empty">
        No versions yet. Versions are saved automatically after a few quiet minutes;{' '}
        {canName ? 'name one to keep it.' : 'an editor of this project can name one to keep it.'}
      </p>
    );
  }
  return (
    <>
      <ol className="history-versions" aria-label="Versions, newest first" data-testid="history-versions">
        {list.versions.map((version) => (
          <li key={version.id}>
            <button type="button" className={`history-version history-kind-${version.kind}`} data-testid="history-version" data-version-id={version.id} data-kind={version.kind} onClick={() => onSelect(version)}>
              <span className="history-version-kind">{versionKindText(version)}</span>
              {versionNoteText(version) && <span className="history-version-note">{versionNoteText(version)}</span>}
              <span className="history-version-meta">
                <VersionTime iso={version.createdAt} now={now} /> · {versionAuthorText(version.createdBy, nameOf)}
              </span>
            </button>
          </li>
        ))}
      </ol>
      {list.hasMore && (
        <button type="button" className="button history-more" data-testid="history-load-more" disabled={list.loadingMore} onClick={() => void list.loadMore()}>
          {list.loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
