import { describeEvent } from '../notifications/describe.js';
import type { VersionChanges } from './types.js';
import { VersionTime } from './VersionTime.js';

/**
 * Who changed what between two versions, in the inbox's words. The feed records what people do
 * to entries (added, moved, assigned, commented…), not every keystroke: renames and text edits
 * are not in it, which the empty message says rather than claim nothing changed.
 */
export function ChangeList({ changes, me, now }: { changes: VersionChanges; me: string; now: number }) {
  if (changes.changes.length === 0) {
    return <p className="muted" data-testid="history-no-changes">No recorded changes (renames and text edits are not listed here).</p>;
  }
  return (
    <>
      <ul className="history-changes" data-testid="history-changes">
        {changes.changes.map((change, index) => (
          <li key={`${index}-${change.entryId}-${change.type}`}>
            <span>{describeEvent(change, change.actorName, me)}</span> <VersionTime iso={change.occurredAt} now={now} />
          </li>
        ))}
      </ul>
      {changes.truncated && <p className="muted small">Only the first {changes.changes.length.toLocaleString('en-US')} changes are listed.</p>}
    </>
  );
}
