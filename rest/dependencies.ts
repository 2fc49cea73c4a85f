import type { IdentityServices } from '../identity/services.js';
import type { LiveDocuments } from '../operations/live-documents.js';
import type { SecretBox } from '../platform/secrets.js';
import type { RequestSend } from '../operations/deliveries/send-requests.js';
import type { EventsWritten } from '../storage/document-log.js';
import type { Config } from '../platform/config.js';
import type { Database, Queryable } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import type { AssetSettings } from '../operations/assets/asset-deps.js';
import type { BlobStore } from '../storage/blobs/blob-store.js';
import type { LocalBlobStore } from '../storage/blobs/local-blob-store.js';

/** Uploaded files: the blob store, the local store when its signed URLs are served here, the limits, and processing requests. */
export interface AssetServices {
  blobs: BlobStore;
  local: LocalBlobStore | null;
  settings: AssetSettings;
  requestProcessing(assetId: string, options: { in: Queryable }): Promise<void>;
}

/** What every router receives: built once in `server/`, never imported as a singleton. */
export interface RestDependencies {
  config: Config;
  db: Database;
  logger: Logger;
  version: string;
  identity: IdentityServices;
  /** Live collaborative documents (server-side edits and reads). */
  live: LiveDocuments;
  /** Seals and opens integration secrets. */
  secrets: SecretBox;
  /** Hands events written outside documents (requests, comments) to delivery, inside the caller's transaction. */
  publishEvents: EventsWritten;
  /** Requests a destination's send job in the caller's transaction (an admin's retry of dead deliveries). */
  requestDeliverySend: RequestSend;
  /** Asks for a Google Calendar sync pass of one link (a job; requests while one is queued collapse). */
  requestCalendarSync(linkId: string, options?: { in?: Queryable }): Promise<void>;
  assets: AssetServices;
  /** Where browsers reach us (PUBLIC_URL, or the address we listen on): known once the server listens. */
  publicUrl(): string;
}
