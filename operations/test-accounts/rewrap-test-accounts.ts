import type { Database } from '../../platform/db/database.js';
import type { Vault } from '../../platform/vault.js';
import { replaceWrappedKey, wrappedByOtherKeys } from '../../storage/test-accounts.js';
import { envelopeContext } from './test-account.js';

export interface RewrapReport {
  rewrapped: number;
  /** Changed meanwhile (an edit re-sealed it under the current key already). */
  skipped: number;
}

/**
 * After a master-key rotation: moves every record's data key from a previous master key to the
 * current one. Only the 32-byte wrapped keys change (the sealed secrets stay), one short statement
 * per record, so the server keeps serving throughout; running it twice does nothing the second time.
 * A record under a key this process does not have stops the run with the vault's error.
 */
export async function rewrapTestAccounts(db: Database, vault: Vault, options: { batchSize?: number } = {}): Promise<RewrapReport> {
  const report: RewrapReport = { rewrapped: 0, skipped: 0 };
  let afterId: string | null = null;
  for (;;) {
    const batch = await wrappedByOtherKeys(db, vault.currentKeyId, { afterId, limit: options.batchSize ?? 100 });
    if (batch.length === 0) return report;
    for (const record of batch) {
      const next = vault.rewrap(record, envelopeContext(record));
      if (await replaceWrappedKey(db, record.id, record, next)) report.rewrapped += 1;
      else report.skipped += 1;
    }
    afterId = batch.at(-1)!.id;
  }
}
