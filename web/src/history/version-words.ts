import type { RestoreResult, Version } from './types.js';

/** What kind of version it is, in words: colour is never the only signal, and ids mean nothing to people. */
export function versionKindText(version: Version): string {
  switch (version.kind) {
    case 'auto':
      return 'Saved automatically';
    case 'named':
      return `Named: ${version.label ?? '(no name)'}`;
    case 'before-restore':
      return 'Before a restore';
  }
}

/** An instant as the server writes it in a label (ISO 8601, UTC). */
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

/**
 * A second line for versions that look alike: the server labels each "Before a restore" with what
 * was restored ("Before restoring “Two cards”", or the restored version's time, shown here in local
 * time rather than as UTC). Null for the others, whose first line already says it all.
 */
export function versionNoteText(version: Version): string | null {
  if (version.kind !== 'before-restore' || !version.label) return null;
  return version.label.replace(ISO_INSTANT, (iso) => new Date(iso).toLocaleString());
}

/**
 * Who saved a version: a member's name ('user:<id>'), "An API key" ('key:<id>'), "Studio" for the
 * server's own checkpoints. `nameOf` answers null for someone who is no longer a member.
 */
export function versionAuthorText(createdBy: string, nameOf: (userId: string) => string | null): string {
  const [kind, id = ''] = createdBy.split(':');
  if (kind === 'user') return nameOf(id) ?? 'Someone';
  if (kind === 'key') return 'An API key';
  return 'Studio';
}

/** Newest first, by the order they were saved in (seq is a bigint sent as a string), each once. */
export function mergeNewestFirst(...lists: Version[][]): Version[] {
  const byId = new Map<string, Version>();
  for (const list of lists) for (const version of list) byId.set(version.id, version);
  return [...byId.values()].sort((a, b) => {
    const difference = BigInt(b.seq) - BigInt(a.seq);
    return difference > 0n ? 1 : difference < 0n ? -1 : 0;
  });
}

const count = (n: number) => n.toLocaleString('en-US');

/** "Restored: 1 added, 2 changed, 0 removed." and where the state before it went (to undo it). */
export function restoredText(result: RestoreResult): string {
  const done = `Restored: ${count(result.added)} added, ${count(result.changed)} changed, ${count(result.removed)} removed.`;
  return result.savedBefore
    ? `${done} The document as it was just before is saved as “Before a restore”: restore that version to undo this.`
    : `${done} The document as it was just before is the latest version in the list.`;
}
