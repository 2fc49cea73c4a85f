import type * as Y from 'yjs';

/**
 * How repair code says it is about to change the document. Enforcement first runs a repair as a
 * check, in which the first change stops it; only a repair that would change something then runs
 * in a transaction of its own. That is because a Yjs transaction is not free even when it writes
 * nothing: it takes the document's state vector before and after and walks both, a cost that
 * grows with every client id the document has ever seen (a board edited for months has
 * thousands), and it wakes every `afterTransaction` listener. Nearly every update is valid.
 */
export interface RepairWrites {
  /** Called before each change a repair makes (a delete, a set, a put-back). */
  aboutToChange(): void;
}

/** Repairing for real: every change is made (inside the caller's transaction). */
export const APPLY_REPAIRS: RepairWrites = { aboutToChange() {} };

/** Made once: the check ends at the first change, which is not an error worth a stack trace. */
const NEEDS_REPAIR = new Error('the repair would change the document');

const CHECK_ONLY: RepairWrites = {
  aboutToChange() {
    throw NEEDS_REPAIR;
  },
};

export interface RepairCheck {
  /** The repair would change the document. */
  needed: boolean;
  /**
   * The repair changed the document without saying so first (a bug in a model's repair code).
   * Each such change was made in a transaction of its own, relabelled with the repair's origin.
   */
  unannounced: boolean;
}

/**
 * Runs `repair` without letting it change anything: reads only, up to its first announced
 * change. A change made without announcing it cannot be stopped (Yjs has already begun it); it
 * is relabelled as the repair's and reported, so the caller can repair for real and say so.
 */
export function checkRepair(doc: Y.Doc, repair: (writes: RepairWrites) => unknown, repairOrigin: unknown): RepairCheck {
  let unannounced = false;
  const relabel = (transaction: Y.Transaction) => {
    unannounced = true;
    transaction.origin = repairOrigin;
  };
  doc.on('beforeTransaction', relabel);
  try {
    repair(CHECK_ONLY);
    return { needed: false, unannounced };
  } catch (error) {
    if (error === NEEDS_REPAIR) return { needed: true, unannounced };
    throw error;
  } finally {
    doc.off('beforeTransaction', relabel);
  }
}
