/** A saved version of a document, as GET …/versions lists it (rest/documents/version-schemas.ts). */
export interface Version {
  id: string;
  /** A bigint as a string: the order versions were saved in, and the cursor for older pages. */
  seq: string;
  kind: 'auto' | 'named' | 'before-restore';
  label: string | null;
  /** 'user:<id>', 'key:<id>' or 'server'. */
  createdBy: string;
  createdAt: string;
  sizeBytes: number;
}

export interface VersionPage {
  versions: Version[];
  /** The `before` cursor of the next (older) page, or null on the last one. */
  next: string | null;
}

/** One thing that happened between two versions, from the change feed (GET …/versions/:v/changes). */
export interface VersionChange {
  type: string;
  entryId: string;
  actor: string;
  actorName: string;
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface VersionChanges {
  changes: VersionChange[];
  /** More changes happened than the server lists in one answer. */
  truncated: boolean;
}

/** What POST …/versions/:v/restore did. */
export interface RestoreResult {
  restored: string;
  /** The version holding the state just before the restore (null when it was identical to the latest). */
  savedBefore: string | null;
  added: number;
  changed: number;
  removed: number;
}

/** Where a document's history lives: a project and a document in it. */
export interface HistoryTarget {
  projectId: string;
  documentId: string;
}
