import type * as Y from 'yjs';
import { type EntryKind, notFound } from '../documents/document-error.js';
import { entryMaps } from '../documents/entries.js';
import type { EntryCollection } from '../documents/model.js';
import { entryEtag, projectEntry } from '../documents/projection.js';
import type { OperationDeps } from './dependencies.js';
import type { Editor, EditResult } from './live-documents.js';
import { AppError } from '../platform/app-error.js';
import { type Outcome, fail, fromDocumentError, ok } from './outcome.js';

/** An entry as operations hand it out: readers' view and its version. */
export interface Versioned {
  data: Record<string, unknown>;
  etag: string;
}

/** The current readers' view of an entry, or a not-found refusal. */
export function currentEntry(doc: Y.Doc, collection: EntryCollection, entity: EntryKind, id: string): Versioned {
  const data = projectEntry(collection, entryMaps(doc, collection).get(id));
  if (!data) throw notFound(entity, id);
  return { data, etag: entryEtag(data) };
}

/** A live edit's result in operation terms: refusals mapped once. */
export function editOutcome<T>(result: EditResult<T>): Outcome<T> {
  if (result.ok) return ok(result.value);
  if (result.error === 'document-too-large') return fail('DOCUMENT_TOO_LARGE', 'This document is at its size limit; nothing was changed.');
  return { ok: false, error: fromDocumentError(result.error) };
}

/**
 * Changes one entry of a live document, refusing (412, with the entry as it is now) when
 * `ifMatch` names a version it no longer has. The check and the write run in one Yjs
 * transaction, so nothing can change the entry between them. Answers the entry after the write,
 * presented by `present` (as is the current entry a 412 carries).
 */
export async function editEntry<Presented>(
  deps: OperationDeps,
  editor: Editor,
  target: { name: string; collection: EntryCollection; entity: EntryKind; id: string; ifMatch?: string | undefined },
  write: (doc: Y.Doc, current: Versioned) => void,
  present: (entry: Versioned) => Presented,
): Promise<Outcome<Presented>> {
  const result = await deps.live.edit(target.name, editor, (doc) => {
    const current = currentEntry(doc, target.collection, target.entity, target.id);
    if (target.ifMatch !== undefined && target.ifMatch !== '*' && target.ifMatch !== current.etag) return { kind: 'stale' as const, entry: current };
    write(doc, current);
    return { kind: 'written' as const, entry: currentEntry(doc, target.collection, target.entity, target.id) };
  });
  const outcome = editOutcome(result);
  if (!outcome.ok) return outcome;
  if (outcome.value.kind === 'stale') {
    const stale = outcome.value.entry;
    const message = `This ${target.entity} changed since you read it (If-Match ${target.ifMatch}); nothing was changed.`;
    return { ok: false, error: new AppError('PRECONDITION_FAILED', message, { etag: stale.etag }, present(stale)) };
  }
  return ok(present(outcome.value.entry));
}
