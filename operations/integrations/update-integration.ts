import { recordAudit } from '../../identity/audit.js';
import { type IntegrationChanges, updateIntegration as writeIntegration } from '../../storage/integrations.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { requireIntegration } from './integration-access.js';
import type { IntegrationDeps } from './integration-deps.js';
import { type ConfigurableKind, INTEGRATION_KINDS, checkIntegrationConfig } from './integration-kinds.js';
import { type IntegrationView, toIntegrationView } from './integration.js';

export interface UpdateIntegrationInput extends AuditOrigin {
  projectId: string;
  integrationId: string;
  name?: string | undefined;
  /** Replaces the settings as a whole (validated for the integration's kind). */
  settings?: unknown;
  /** A new webhook URL or token; absent keeps the one stored. */
  secret?: string | undefined;
  eventTypes?: readonly string[] | undefined;
  /** 'active' re-activates a broken or disabled integration (its broken reason is cleared); 'disabled' stops it. */
  status?: 'active' | 'disabled' | undefined;
}

const isConfigurable = (kind: string): kind is ConfigurableKind => (INTEGRATION_KINDS as readonly string[]).includes(kind);

/**
 * Changes an integration. Settings and a new secret are checked as on creation; the audit names
 * what changed, and says only that the secret did. Deliveries that died while it was broken stay
 * dead until retried (POST …/deliveries/retry-dead).
 */
export async function updateIntegration(deps: IntegrationDeps, caller: Caller, input: UpdateIntegrationInput): Promise<Outcome<IntegrationView>> {
  const found = await requireIntegration(deps.db, caller, input.projectId, input.integrationId);
  if (!found.ok) return found;
  const { access, integration } = found.value;
  const changes: IntegrationChanges = {};
  if (input.settings !== undefined || input.secret !== undefined) {
    if (!isConfigurable(integration.kind)) return fail('VALIDATION_FAILED', `A ${integration.kind} integration is not configured here.`, [{ path: 'kind', message: 'not configurable' }]);
    // Unchanged settings are checked again with a new secret (a JIRA site and its token go together).
    const checked = await checkIntegrationConfig(integration.kind, { settings: input.settings ?? integration.settings, secret: input.secret }, deps.urls);
    if (!checked.ok) return checked;
    if (input.settings !== undefined) changes.settings = checked.value.settings;
    if (checked.value.secret !== undefined) changes.sealedSecret = deps.secrets.seal(checked.value.secret);
  }
  if (input.name !== undefined) changes.name = input.name;
  if (input.eventTypes !== undefined) changes.eventTypes = [...new Set(input.eventTypes)];
  if (input.status !== undefined) changes.status = input.status;
  const updated = await deps.db.transaction(async (tx) => {
    const written = await writeIntegration(tx, access.projectId, integration.id, changes);
    if (written) {
      const { sealedSecret, ...visible } = changes;
      const details = { ...visible, ...(sealedSecret ? { secretReplaced: true } : {}), ...(input.status === 'active' && integration.status === 'broken' ? { reactivatedFrom: integration.brokenReason } : {}) };
      await recordAudit(tx, { action: 'integration.updated', projectId: access.projectId, ...auditActorOf(caller.principal), target: integration.id, details, ip: input.ip });
    }
    return written;
  });
  // Deleted meanwhile: nothing was written.
  if (!updated) return fail('NOT_FOUND', 'No such integration in this project.');
  return ok(toIntegrationView(updated, deps.secrets));
}
