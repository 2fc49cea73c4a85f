import type { IdentityServices } from '../identity/services.js';
import type { Config } from '../server/config.js';
import type { Database } from '../server/db/database.js';
import type { Logger } from '../server/logger.js';

/** What every router receives: built once in `server/`, never imported as a singleton. */
export interface RestDependencies {
  config: Config;
  db: Database;
  logger: Logger;
  version: string;
  identity: IdentityServices;
  /** Where browsers reach us (PUBLIC_URL, or the address we listen on): known once the server listens. */
  publicUrl(): string;
}
