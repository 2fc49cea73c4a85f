import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import { AccessTokens } from './access-tokens.js';
import { secretFromConfigOrDataDir } from '../platform/data-dir-secret.js';
import { AccessEvents } from './membership-events.js';
import { Verifier } from './verifier.js';

export interface IdentityServices {
  tokens: AccessTokens;
  verifier: Verifier;
  events: AccessEvents;
}

export function createIdentityServices(config: Config, db: Database): IdentityServices {
  const tokens = new AccessTokens(secretFromConfigOrDataDir(config.auth.jwtSecret, config.dataDir, 'auth-jwt-secret'), config.auth.accessTokenTtlSeconds);
  return { tokens, verifier: new Verifier(db, tokens), events: new AccessEvents() };
}
