import type { Config } from '../platform/config.js';
import { secretFromConfigOrDataDir } from '../platform/data-dir-secret.js';
import { type Vault, createVault } from '../platform/vault.js';

/** The vault with the configured master keys; outside production a missing one is generated once into DATA_DIR. */
export function configuredVault(config: Pick<Config, 'vault' | 'dataDir'>): Vault {
  return createVault(secretFromConfigOrDataDir(config.vault.masterKey, config.dataDir, 'vault-master-key'), config.vault.previousMasterKeys);
}
