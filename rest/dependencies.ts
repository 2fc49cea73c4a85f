import type { IdentityServices } from '../identity/services.js';
import type { LiveDocuments } from '../operations/live-documents.js';
import type { VoteHub } from '../operations/votes/vote-hub.js';
import type { DashboardHub } from '../operations/analytics/dashboard-hub.js';
import type { LimitStore } from './middleware/rate-limit.js';
import type { SecretBox } from '../platform/secrets.js';
import type { Vault } from '../platform/vault.js';
import type { RequestSend } from '../operations/deliveries/send-requests.js';
import type { EventsWritten } from '../storage/document-log.js';
import type { Config } from '../platform/config.js';
import type { Database, Queryable } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import type { DocumentHost } from '../operations/admin/document-host.js';
import type { AssetSettings } from '../operations/assets/asset-deps.js';
import type { BlobStore } from '../storage/blobs/blob-store.js';
import type { KnowledgeServices } from '../operations/knowledge/knowledge-deps.js';
import type { LocalBlobStore } from '../storage/blobs/local-blob-store.js';
// --- billing (payments) ---
import type { PaymentDeps } from '../operations/billing/payments/payment-deps.js';
// --- end billing (payments) ---

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
  /** Tells open dashboards (the collab server's sockets) about votes that landed. */
  votes: VoteHub;
  /** Dashboards' cache, and who is told when their numbers change (absent: nothing cached). */
  dashboards?: DashboardHub;
  /** Where rate limits count (Redis with REDIS_URL: one budget across instances; absent: this process's memory). */
  limitStore?: LimitStore;
  /** Redis's state for /readyz, when REDIS_URL is set (absent: not configured). */
  redisStatus?: () => 'ok' | 'unreachable';
  /** Seals and opens integration secrets. */
  secrets: SecretBox;
  /** Seals and opens test accounts' secrets (envelope encryption under the vault's master key). */
  vault: Vault;
  /** False until the start-up check found the master keys open what is stored: the vault's routes answer 503 until then. Absent: ready. */
  vaultReady?: () => boolean;
  /** Hands events written outside documents (requests, comments) to delivery, inside the caller's transaction. */
  publishEvents: EventsWritten;
  /** Requests a destination's send job in the caller's transaction (an admin's retry of dead deliveries). */
  requestDeliverySend: RequestSend;
  /** Asks for a Google Calendar sync pass of one link (a job; requests while one is queued collapse). */
  requestCalendarSync(linkId: string, options?: { in?: Queryable }): Promise<void>;
  /** This process's Prometheus metrics (absent: nothing is counted and /metrics is off). */
  metrics?: Metrics;
  /** Documents loaded here, for instance admins (absent: none). */
  documentHost?: DocumentHost;
  /** Job queue counts, for instance admins (absent: none). */
  queueStats?(): Promise<{ name: string; queued: number; active: number; failed: number }[]>;
  assets: AssetServices;
  /** Knowledge documents, search and chat (absent: those routes answer 503). */
  knowledge?: KnowledgeServices;
  /** False until migrations are applied and the job queue is ready: /auth and /api answer 503 until then. Absent: started. */
  started?: () => boolean;
  // --- billing (payments) ---
  /** Stripe (null provider when not configured), plans, currencies and receipts. */
  payments?: Omit<PaymentDeps, 'db' | 'logger'>;
  // --- end billing (payments) ---
  /** Queues the build of a personal data export in the caller's transaction (absent: exports cannot be asked for here). */
  requestExportBuild?(exportId: string, options: { in: Queryable }): Promise<void>;
  /** Queues an erasure's job in the caller's transaction (absent: erasures cannot be asked for here). */
  requestErasureRun?(erasureId: string, options: { in: Queryable }): Promise<void>;
  /** Where browsers reach us (PUBLIC_URL, or the address we listen on): known once the server listens. */
  publicUrl(): string;
}
