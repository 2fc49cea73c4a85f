import type { Verifier } from '../../identity/verifier.js';
import type { Queryable } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import type { SecretBox } from '../../platform/secrets.js';
import type { OperationDeps } from '../dependencies.js';
import type { GoogleSettings } from './google-client.js';

/** What Google Calendar operations use besides the usual: the OAuth client's settings, the secret box for refresh tokens, and a way to act as the person who linked. */
export interface GoogleCalendarDeps extends OperationDeps {
  /** Null when Google sign-in is not configured (every operation then answers GOOGLE_NOT_CONFIGURED). */
  settings: GoogleSettings | null;
  secrets: SecretBox;
  verifier: Verifier;
  logger: Logger;
  /** Asks for a sync of one link soon (a job; repeated requests while one is queued collapse). */
  requestSync(linkId: string, options?: { in?: Queryable }): Promise<void>;
}
