import { ConfigError, loadConfig } from '../platform/config.js';
import { migrate } from '../platform/db/migrate.js';
import { openDatabase } from '../platform/db/open-database.js';
import { createLogger } from '../platform/logger.js';
import { checkMasterKeys } from '../operations/test-accounts/check-master-keys.js';
import { rewrapTestAccounts } from '../operations/test-accounts/rewrap-test-accounts.js';
import { configuredVault } from './configured-vault.js';

/**
 * `npm run vault:rewrap`: after a master-key rotation (new VAULT_MASTER_KEY, the old one in
 * VAULT_PREVIOUS_MASTER_KEYS), moves every test account's data key to the new master key while
 * the servers keep running. Afterwards the old key can leave VAULT_PREVIOUS_MASTER_KEYS.
 */
try {
  const config = loadConfig();
  const logger = createLogger(config).child({ command: 'vault:rewrap' });
  const db = await openDatabase(config.database, logger);
  try {
    await migrate(db);
    const vault = configuredVault(config);
    await checkMasterKeys(db, vault);
    const report = await rewrapTestAccounts(db, vault);
    process.stdout.write(`Re-wrapped ${report.rewrapped} test account(s) under master key ${vault.currentKeyId}; ${report.skipped} changed meanwhile (already under it).\n`);
  } finally {
    await db.close();
  }
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Re-wrap failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
  process.exit(1);
}
