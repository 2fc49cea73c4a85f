import type * as Y from 'yjs';
import type { z } from 'zod';
import type { DocumentKind } from './document-name.js';
import type { RepairWrites } from './repair-writes.js';

/**
 * One kind of entry in a document: a root `Y.Map` named `name` whose values are `Y.Map`s, one
 * per entry, keyed by the entry's id. Keyed maps (never arrays of entries) are what let
 * concurrent offline edits merge without duplicating or losing an entry.
 */
export interface EntryCollection {
  /** The root map's name in the Y.Doc. */
  name: string;
  /** A strict zod object for one entry, including its `id` (equal to its key in the root map). */
  schema: z.ZodObject<z.ZodRawShape>;
  /**
   * Values for fields that are missing or invalid. Readers use them for fields still in flight;
   * the server's repair writes them over invalid values. A field without a default that is
   * invalid makes the whole entry invalid, and the server removes it.
   */
  defaults: Record<string, unknown>;
  /**
   * Who may write entries, enforced by the server (see `repairAccess`): `authored` entries get
   * `authorField` stamped with the writer, and only their author or a moderator may change or
   * remove them, except `openFields` (anyone who may write the document); `actorFields` name
   * whoever set them. `moderated` collections are written by moderators only. Absent: anyone
   * who may write the document.
   */
  access?: { kind: 'authored'; authorField: string; openFields?: readonly string[]; actorFields?: readonly string[] } | { kind: 'moderated' };
}

/** The root every document has besides its collections: `schemaVersion` and nothing else. */
export const META_ROOT = 'meta';

/** Asked for every update a client sends: made once per model. */
const rootNamesOf = new WeakMap<DocumentModel, ReadonlySet<string>>();

/** Every root a document of this model may hold; anything else is thrown away by repair. */
export function rootNames(model: DocumentModel): ReadonlySet<string> {
  let names = rootNamesOf.get(model);
  if (!names) {
    names = new Set([META_ROOT, ...model.collections.map((collection) => collection.name)]);
    rootNamesOf.set(model, names);
  }
  return names;
}

/** What `repairInvariants` is told was touched: collection name → ids of entries added, changed or removed. */
export type TouchedEntries = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * A document kind: pure Yjs, no I/O, imported by the server (seeding, enforcement), workers
 * and browsers alike.
 */
export interface DocumentModel<View = unknown> {
  kind: DocumentKind;
  schemaVersion: number;
  collections: readonly EntryCollection[];
  /** Initial content of a new document; a no-op when the document is already initialised. */
  seed(doc: Y.Doc): void;
  /** The document as plain JSON, entries validated (invalid ones left out, never a throw). */
  read(doc: Y.Doc): View;
  /**
   * Cross-entry rules the entry schemas cannot express (a card naming a column that no longer
   * exists, a reply to a missing thread). Called by the server inside a transaction after entry
   * repair, with what the offending update touched; fixes the document and returns one
   * human-readable reason per fix (empty when nothing was wrong). Must be deterministic, and
   * call `writes.aboutToChange()` before each change it makes: the server first runs it as a
   * check that stops at the first change (see `RepairWrites`). Without `writes`, it just repairs.
   */
  repairInvariants?(doc: Y.Doc, touched: TouchedEntries, writes?: RepairWrites): string[];
}
