import type { Hocuspocus } from '@hocuspocus/server';
import type { AccessEvents } from '../identity/membership-events.js';
import type { Verifier } from '../identity/verifier.js';
import type { Database } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import type { DocumentHost } from '../operations/admin/document-host.js';
import { HocuspocusDocumentHost } from './document-host.js';
import { type CheckpointPolicy, VersionCheckpoints } from './version-checkpoints.js';
import type { ClientIdArbiter } from './admission/client-id-arbiter.js';
import type { CollabContext } from './context.js';
import { Authentication } from './extensions/authentication.js';
import { DocumentNameGuard } from './extensions/document-name-guard.js';
import { LiveAccess } from './extensions/live-access.js';
import { Persistence } from './extensions/persistence.js';
import { PresenceStamping } from './extensions/presence.js';
import { NoEchoToAuthor } from './extensions/no-echo.js';
import { SchemaEnforcement } from './extensions/schema-enforcement.js';
import { TokenLifetime } from './extensions/token-lifetime.js';
import { NotificationPush } from './extensions/notification-push.js';
import type { NotificationHub } from '../operations/notifications/notification-hub.js';
import type { VoteHub } from '../operations/votes/vote-hub.js';
import { memberUserIds } from '../identity/members.js';
import { VotePush } from './extensions/vote-push.js';
import { AccessCache } from './access-cache.js';
import type { DashboardHub } from '../operations/analytics/dashboard-hub.js';
import { DashboardPush } from './extensions/dashboard-push.js';
import type { EventsWritten } from '../storage/document-log.js';
import { saveVersion } from '../storage/version-states.js';
import { UpdateAdmission } from './extensions/update-admission.js';
import { StoredFirstSync } from './stored-first-sync.js';
import { ResetGate } from './extensions/reset-gate.js';
import type { ResetDocument } from '../operations/privacy/erase-person.js';
import { resetDocumentHistory } from '../operations/privacy/reset-document.js';
import { type CollabLimits, DocumentSizes } from './limits.js';
import { HocuspocusLiveDocuments } from './live-documents.js';
import type { Bus } from '../platform/bus/bus.js';
import { DocumentRelay } from './extensions/document-relay.js';
import { roleInDocument } from '../identity/document-grants.js';
import { formatDocumentName } from '../documents/document-name.js';
import type { LiveDocuments } from '../operations/live-documents.js';
import { StudioHocuspocus } from './studio-hocuspocus.js';

export interface CollabServer {
  hocuspocus: Hocuspocus<CollabContext>;
  /** Stored document sizes the WebSocket bridge checks its size limit against. */
  sizes: DocumentSizes;
  /** What the WebSocket bridge asks before an update reaches a document. */
  admission: UpdateAdmission;
  /** Stored snapshots the WebSocket bridge starts empty clients from while their document loads. */
  firstSync: StoredFirstSync;
  /** Server-side edits and reads of the same live documents (REST, workers). */
  live: LiveDocuments;
  /** What instance admins see and do: loaded documents, a forced snapshot, an eviction. */
  host: DocumentHost;
  /** Rewrites a document without a person and without its history (an erasure), its clients told to reload. */
  resetDocument: ResetDocument;
  /** Updates accepted but not yet committed, the batch being written included (a gauge, and the backpressure's test). */
  unsavedUpdates(): number;
  /** Resolves once every update received before the call is committed. */
  settled(): Promise<void>;
  /** Closes every connection and writes what is pending, for a graceful shutdown. */
  close(): Promise<void>;
}

/** Composes the Hocuspocus instance from one extension per concern (ordered by their `priority`). */
export function createCollabServer(deps: {
  logger: Logger;
  db: Database;
  verifier: Verifier;
  accessEvents: AccessEvents;
  limits: CollabLimits & { compactAfterUpdates: number };
  /** Origins a cookie-authenticated upgrade may come from (see Authentication). */
  allowedOrigins: () => readonly string[];
  /** New in-app notifications to push to their person's sockets. */
  notifications: NotificationHub;
  /** Aggregates changed by votes, to push to the project's members' sockets. */
  votes: VoteHub;
  /** Projects whose dashboards changed, to tell the members' sockets (absent: nothing is pushed). */
  dashboards?: DashboardHub;
  /** Hands the change feed's events of each committed batch on, inside its transaction. */
  publishEvents?: EventsWritten;
  metrics?: Metrics;
  /** Automatic history checkpoints (absent: none are taken). */
  checkpoints?: CheckpointPolicy;
  /** Other instances of the deployment (absent: this instance alone serves its documents), and who decides whose a new client id is. */
  relay?: { bus: Bus; checkEveryMs: number; clientIds?: ClientIdArbiter };
}): CollabServer {
  const log = deps.logger.child({ role: 'collab' });
  const sizes = new DocumentSizes();
  const admission = new UpdateAdmission(deps.db, log, deps.limits);
  // The host exists once Hocuspocus does; the relay evicts through it only when a check finds a reset.
  let host: HocuspocusDocumentHost | undefined;
  const relay = deps.relay
    ? new DocumentRelay(deps.relay.bus, deps.db, log.child({ feature: 'relay' }), {
        checkEveryMs: deps.relay.checkEveryMs,
        evict: async (name) => host?.resetElsewhere(name),
        learnClaims: (name, claims) => admission.learnClaims(name, claims),
        holders: admission,
        ...(deps.metrics ? { metrics: deps.metrics } : {}),
      })
    : null;
  const gate = new ResetGate();
  // Hocuspocus exists once it is constructed below; the first sync asks it only when a client arrives.
  let loaded: (name: string) => boolean = () => false;
  const firstSync = new StoredFirstSync(deps.db, (name) => loaded(name), gate, log.child({ feature: 'first-sync' }));
  const persistence = new Persistence(deps.db, log, {
    firstSyncs: firstSync,
    compactAfterUpdates: deps.limits.compactAfterUpdates,
    sizes,
    claimsFor: (document, origin) => admission.claimsToStore(document, origin),
    ...(deps.publishEvents ? { onEvents: deps.publishEvents } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.checkpoints ? { checkpoints: new VersionCheckpoints((name) => saveVersion(deps.db, name, { kind: 'auto', label: null, createdBy: 'server' }), log, deps.checkpoints) } : {}),
    ...(relay ? { relay } : {}),
  });
  const liveAccess = new LiveAccess(deps.accessEvents, log, (context, projectRole) => roleInDocument(deps.db, formatDocumentName(context.document), context.principal, projectRole));
  const accessCache = new AccessCache(deps.accessEvents, (result) => deps.metrics?.accessCache.inc({ result }));
  const votePush = new VotePush(deps.votes, (projectId) => memberUserIds(deps.db, projectId), log.child({ feature: 'vote-push' }));
  const dashboardPush = deps.dashboards ? new DashboardPush(deps.dashboards, (projectId) => memberUserIds(deps.db, projectId), log.child({ feature: 'dashboard-push' })) : null;
  const hocuspocus = new StudioHocuspocus<CollabContext>({
    quiet: true,
    extensions: [
      gate,
      new DocumentNameGuard(log),
      new Authentication(deps.verifier, deps.db, log, deps.allowedOrigins, accessCache),
      admission,
      ...(relay ? [relay] : []),
      persistence,
      new SchemaEnforcement(log),
      new NoEchoToAuthor(),
      new PresenceStamping(log, admission, { perConnection: deps.limits.newClientIdsPerConnection, perPersonPerDay: deps.limits.newClientIdsPerDay }, deps.relay?.clientIds),
      liveAccess,
      new TokenLifetime(deps.verifier, log),
      new NotificationPush(deps.notifications),
      votePush,
      ...(dashboardPush ? [dashboardPush] : []),
      firstSync,
    ],
  });
  loaded = (name) => hocuspocus.documents.has(name);
  host = new HocuspocusDocumentHost(hocuspocus, persistence, gate);
  return {
    hocuspocus,
    sizes,
    admission,
    firstSync,
    live: new HocuspocusLiveDocuments(hocuspocus, persistence, sizes, deps.db, deps.limits.maxDocumentBytes),
    host,
    resetDocument: async (name, person) => {
      const outcome = await host.reset(name, () => resetDocumentHistory(deps.db, name, person));
      log.info({ documentName: name, ...outcome }, 'document reset without its history');
    },
    unsavedUpdates: () => persistence.unsaved,
    settled: () => persistence.settle(),
    async close() {
      hocuspocus.closeConnections();
      hocuspocus.flushPendingStores();
      await Promise.allSettled([...hocuspocus.unloadingDocuments.values()]);
      await persistence.flush();
      await liveAccess.onDestroy();
      await relay?.onDestroy();
      accessCache.close();
      await votePush.onDestroy();
      await dashboardPush?.onDestroy();
    },
  };
}
