import { useEffect, useRef, useState } from 'react';
import { useMe } from '../me.js';
import { useMembers } from '../members.js';
import { useNow } from '../time-text.js';
import { readVersion } from './history-api.js';
import { SaveVersionForm } from './SaveVersionForm.js';
import type { HistoryTarget, Version } from './types.js';
import { useVersions } from './use-versions.js';
import { VersionList } from './VersionList.js';
import { VersionPreview } from './VersionPreview.js';

interface Props {
  kind: string;
  target: HistoryTarget;
  /** Whether this person may name versions (anyone who may edit the document). */
  canName: boolean;
  /** Whether this person may restore one (owners, admins, editors: a restore changes everyone's entries). */
  canRestore: boolean;
  onClose: () => void;
}

/**
 * A document's history in a modal side panel (the native <dialog>: focus moves in and stays,
 * Escape closes): the versions newest first, naming the current state, and a version's preview
 * with restore. The board stays in sight beside it and changes live when a version is restored.
 */
export function HistoryPanel({ kind, target, canName, canRestore, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const me = useMe();
  const now = useNow();
  const list = useVersions(target);
  const { members } = useMembers(target.projectId);
  const nameOf = (userId: string) => {
    const member = members.find((candidate) => candidate.userId === userId);
    return member ? member.name || member.email : null;
  };
  const [selected, setSelected] = useState<Version | null>(null);
  // Back from a preview, focus returns to the version it was opened from.
  const [returnTo, setReturnTo] = useState<string | null>(null);
  useEffect(() => {
    if (selected || !returnTo) return;
    dialog.current?.querySelector<HTMLElement>(`[data-version-id="${CSS.escape(returnTo)}"]`)?.focus();
  }, [selected, returnTo]);

  const index = selected ? list.versions.findIndex((version) => version.id === selected.id) : -1;
  // The version before the selected one: the next in the list; unknown (asked for) past the loaded pages.
  const previous = index < 0 ? undefined : (list.versions[index + 1] ?? (list.hasMore ? undefined : null));
  // The version saved before a restore may not be in the list yet (it refreshes on its own time): then it is asked for.
  const openVersion = async (versionId: string) => {
    const found = list.versions.find((version) => version.id === versionId);
    if (found) return setSelected(found);
    try {
      setSelected((await readVersion(target, versionId)).version);
    } catch {
      // Pruned or gone meanwhile: the list (refreshed after the restore) shows what there is.
      setSelected(null);
    }
  };

  return (
    <dialog ref={dialog} className="history-panel" aria-labelledby="history-heading" data-testid="history-panel" onClose={onClose}>
      <header className="history-head">
        <h2 id="history-heading">History</h2>
        <button type="button" className="button small" data-testid="history-close" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </header>
      {list.error && (
        <p className="error" role="alert" data-testid="history-error">
          {list.error}
        </p>
      )}
      {selected ? (
        <VersionPreview
          kind={kind}
          target={target}
          version={selected}
          previous={previous}
          nameOf={nameOf}
          me={me.id}
          now={now}
          canRestore={canRestore}
          onBack={() => {
            setReturnTo(selected.id);
            setSelected(null);
          }}
          onRestored={() => void list.refresh()}
          onOpenVersion={(versionId) => void openVersion(versionId)}
        />
      ) : (
        <>
          {canName && <SaveVersionForm target={target} onSaved={() => void list.refresh()} />}
          <VersionList list={list} nameOf={nameOf} now={now} canName={canName} onSelect={setSelected} />
        </>
      )}
    </dialog>
  );
}
