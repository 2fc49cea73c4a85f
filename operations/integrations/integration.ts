import type { SecretBox } from '../../platform/secrets.js';
import type { IntegrationKind, IntegrationStatus, StoredIntegration } from '../../storage/integrations.js';
import { secretHint } from './integration-kinds.js';

/** An integration as admins see it: everything but its secret, which never leaves the server. */
export interface IntegrationView {
  id: string;
  projectId: string;
  kind: IntegrationKind;
  name: string;
  settings: Record<string, unknown>;
  /** Event types it receives; empty: all. */
  eventTypes: string[];
  status: IntegrationStatus;
  /** Why deliveries stopped (set when a channel found it broken). */
  brokenReason: string | null;
  hasSecret: boolean;
  /** Enough to recognise the secret (a webhook's host, a token's last four), never enough to use it. */
  secretHint: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toIntegrationView(stored: StoredIntegration, secrets: SecretBox): IntegrationView {
  let hint: string | null = null;
  if (stored.sealedSecret) {
    try {
      hint = secretHint(stored.kind, secrets.open(stored.sealedSecret));
    } catch {
      // Sealed with a key this process no longer has: the integration shows as having a secret, unreadable here.
      hint = null;
    }
  }
  return {
    id: stored.id,
    projectId: stored.projectId,
    kind: stored.kind,
    name: stored.name,
    settings: stored.settings,
    eventTypes: stored.eventTypes,
    status: stored.status,
    brokenReason: stored.brokenReason,
    hasSecret: stored.sealedSecret !== null,
    secretHint: hint,
    createdAt: stored.createdAt.toISOString(),
    updatedAt: stored.updatedAt.toISOString(),
  };
}
