import { useEffect, useRef } from 'react';
import { ChangeList } from './ChangeList.js';
import { ContentSummaryView } from './ContentSummaryView.js';
import { RestoreVersion } from './RestoreVersion.js';
import type { HistoryTarget, RestoreResult, Version } from './types.js';
import { useVersionPreview } from './use-version-preview.js';
import { VersionTime } from './VersionTime.js';
import { versionAuthorText, versionKindText, versionNoteText } from './version-words.js';

interface Props {
  kind: string;
  target: HistoryTarget;
  version: Version;
  /** The version before it as the list knows it (see useVersionPreview). */
  previous: Version | null | undefined;
  nameOf: (userId: string) => string | null;
  me: string;
  now: number;
  canRestore: boolean;
  onBack: () => void;
  onRestored: (result: RestoreResult) => void;
  onOpenVersion: (versionId: string) => void;
}

/** One version: what it held, what changed since the one before, and (for editors and up) restoring it. */
export function VersionPreview({ kind, target, version, previous, nameOf, me, now, canRestore, onBack, onRestored, onOpenVersion }: Props) {
  const preview = useVersionPreview(kind, target, version, previous);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening a version replaces the list, where focus was: it moves to what is now shown.
  useEffect(() => heading.current?.focus(), [version.id]);
  return (
    <div className="history-preview" data-testid="history-preview" data-version-id={version.id}>
      <button type="button" className="link history-back" data-testid="history-back" onClick={onBack}>
        ← All versions
      </button>
      <h3 ref={heading} tabIndex={-1} className="history-preview-title">
        {versionKindText(version)}
      </h3>
      {versionNoteText(version) && <p className="history-version-note">{versionNoteText(version)}</p>}
      <p className="history-version-meta">
        <VersionTime iso={version.createdAt} now={now} /> · {versionAuthorText(version.createdBy, nameOf)}
      </p>
      {canRestore && <RestoreVersion key={version.id} target={target} version={version} onRestored={onRestored} onOpenVersion={onOpenVersion} />}
      {preview.state === 'loading' && <p className="muted">Loading this version…</p>}
      {preview.state === 'failed' && (
        <p className="error" role="alert">
          {preview.error}
        </p>
      )}
      {preview.state === 'ready' && (
        <>
          <h4 className="history-section">In this version</h4>
          <ContentSummaryView summary={preview.summary} />
          <h4 className="history-section">{preview.previous ? 'What changed since the previous version' : 'What changed since the document began'}</h4>
          <ChangeList changes={preview.changes} me={me} now={now} />
        </>
      )}
    </div>
  );
}
