import type { AccessEvents } from '../identity/membership-events.js';
import type { Database } from '../platform/db/database.js';
import type { LiveDocuments } from './live-documents.js';

/** What operations use, built once where the process is composed and passed in. */
export interface OperationDeps {
  db: Database;
  live: LiveDocuments;
  events: AccessEvents;
}
