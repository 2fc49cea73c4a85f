import type * as Y from 'yjs';
import { type Actor, EntryMirror, repairAccess } from './authorship.js';
import type { DocumentModel } from './model.js';
import { repairDocument, touchedBy } from './repair.js';
import { APPLY_REPAIRS, type RepairWrites, checkRepair } from './repair-writes.js';

export interface EnforcementOptions {
  /** Which transactions to check: those applying someone else's update (not our own repairs, not loading). */
  shouldCheck(origin: unknown): boolean;
  /** Who wrote a checked transaction; without one, entry ownership is not enforced for it. */
  actorOf(origin: unknown): Actor | undefined;
  /** The origin repair transactions carry, so they are told apart (and not checked again). */
  repairOrigin: unknown;
  /** Told after each repair, with the origin of the transaction that needed it. */
  onRepaired(reasons: string[], offendingOrigin: unknown): void;
  /**
   * Told when checking or repairing a transaction threw (a bug in a model's repair): the
   * transaction stays as it was applied, and its update still reaches listeners (Yjs emits it
   * whatever its `afterTransaction` listeners do). Also told, after the repair was made all the
   * same, when a model's repair changed the document without announcing it (see `checkRepair`).
   */
  onRepairFailed(error: unknown, offendingOrigin: unknown): void;
}

/**
 * Checks every transaction the options select against the model and repairs it at once in a
 * follow-up transaction (Yjs runs a transaction started in `afterTransaction` right after the
 * current one, before `update` listeners see the next), so the bad update and its repair reach
 * clients and the log back to back. The repair first runs as a check (`checkRepair`), and the
 * follow-up transaction is opened only when it would change something: a valid update costs no
 * transaction. Entry ownership is judged against the last accepted state of owned entries, kept
 * after every transaction (a deleted entry's content is gone by the time a transaction ends).
 * Returns a function that stops enforcement.
 */
export function enforceModel(doc: Y.Doc, model: DocumentModel, options: EnforcementOptions): () => void {
  const mirror = new EntryMirror(doc, model);
  const check = (transaction: Y.Transaction) => {
    if (transaction.changed.size === 0) return;
    const touched = touchedBy(transaction, model);
    if (options.shouldCheck(transaction.origin)) {
      const actor = options.actorOf(transaction.origin);
      // Ownership first: an entry put back must be there before the invariants look for orphans.
      const repair = (writes: RepairWrites) => [...(actor ? repairAccess(doc, model, touched.entries, actor, mirror, writes) : []), ...repairDocument(doc, model, touched, writes)];
      let reasons: string[] = [];
      try {
        const { needed, unannounced } = checkRepair(doc, repair, options.repairOrigin);
        if (needed || unannounced) doc.transact(() => (reasons = repair(APPLY_REPAIRS)), options.repairOrigin);
        if (unannounced) throw new Error(`the ${model.kind} model's repair changed the document without calling writes.aboutToChange() first`);
      } catch (error) {
        // Thrown out of here, it would escape from whoever applied the update (Hocuspocus, a REST
        // operation) after the update was applied anyway, and leave the owned entries' mirror stale.
        options.onRepairFailed(error, transaction.origin);
      }
      if (reasons.length > 0) options.onRepaired(reasons, transaction.origin);
    }
    mirror.update(touched.entries);
  };
  doc.on('afterTransaction', check);
  return () => doc.off('afterTransaction', check);
}
