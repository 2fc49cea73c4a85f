import type * as Y from 'yjs';
import type { DocumentModel } from './model.js';
import { repairDocument, touchedBy } from './repair.js';

export interface EnforcementOptions {
  /** Which transactions to check: those applying someone else's update (not our own repairs, not loading). */
  shouldCheck(origin: unknown): boolean;
  /** The origin repair transactions carry, so they are told apart (and not checked again). */
  repairOrigin: unknown;
  /** Told after each repair, with the origin of the transaction that needed it. */
  onRepaired(reasons: string[], offendingOrigin: unknown): void;
}

/**
 * Checks every transaction the options select against the model and repairs it at once in a
 * follow-up transaction (Yjs runs a transaction started in `afterTransaction` right after the
 * current one, before `update` listeners see the next), so the bad update and its repair reach
 * clients and the log back to back. Returns a function that stops enforcement.
 */
export function enforceModel(doc: Y.Doc, model: DocumentModel, options: EnforcementOptions): () => void {
  const check = (transaction: Y.Transaction) => {
    if (!options.shouldCheck(transaction.origin) || transaction.changed.size === 0) return;
    const touched = touchedBy(transaction, model);
    let reasons: string[] = [];
    doc.transact((repair) => {
      reasons = repairDocument(repair, model, touched);
    }, options.repairOrigin);
    if (reasons.length > 0) options.onRepaired(reasons, transaction.origin);
  };
  doc.on('afterTransaction', check);
  return () => doc.off('afterTransaction', check);
}
