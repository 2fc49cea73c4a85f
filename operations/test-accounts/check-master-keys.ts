import type { Queryable } from '../../platform/db/database.js';
import { type Vault, VaultKeyError } from '../../platform/vault.js';
import { masterKeysInUse } from '../../storage/test-accounts.js';
import { envelopeContext } from './test-account.js';

/**
 * At start, before anything is served from the vault: every master key id in use must be one this
 * process has, and must actually unwrap a record under it (an id matching by chance is not enough).
 * Otherwise the process refuses to start with one line, rather than answer reveals with errors or
 * seal new records under a key the others do not share. Answers how many records still wait for
 * a re-wrap under a previous key.
 */
export async function checkMasterKeys(db: Queryable, vault: Vault): Promise<{ underPreviousKeys: number }> {
  const inUse = await masterKeysInUse(db);
  const unopened = inUse.filter((key) => !vault.canUnwrap(key.sample, envelopeContext(key.sample)));
  if (unopened.length > 0) {
    const records = unopened.reduce((sum, key) => sum + key.records, 0);
    throw new VaultKeyError(
      `the test-accounts vault has ${records} record(s) under master key id(s) ${unopened.map((key) => key.keyId).join(', ')} that neither VAULT_MASTER_KEY (id ${vault.currentKeyId}) nor VAULT_PREVIOUS_MASTER_KEYS opens: start with the key they were sealed with (a new key goes in VAULT_MASTER_KEY with the old one in VAULT_PREVIOUS_MASTER_KEYS)`,
    );
  }
  return { underPreviousKeys: inUse.filter((key) => key.keyId !== vault.currentKeyId).reduce((sum, key) => sum + key.records, 0) };
}
