import { recordAudit } from '../../identity/audit.js';
import { countIntegrations, insertIntegration } from '../../storage/integrations.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { requireIntegrationManager } from './integration-access.js';
import type { IntegrationDeps } from './integration-deps.js';
import { type ConfigurableKind, checkIntegrationConfig } from './integration-kinds.js';
import { type IntegrationView, toIntegrationView } from './integration.js';

/** Enough for every channel a project could want several times over; past it, something is filling the table. */
export const MAX_INTEGRATIONS_PER_PROJECT = 50;

export interface CreateIntegrationInput extends AuditOrigin {
  projectId: string;
  kind: ConfigurableKind;
  name: string;
  settings: unknown;
  /** The webhook URL (Discord, Slack) or API token (JIRA), in clear: sealed before it is stored. */
  secret: string;
  eventTypes: readonly string[];
}

/** Adds an integration (active at once); its secret is sealed and never shown again, the audit records what else was set. */
export async function createIntegration(deps: IntegrationDeps, caller: Caller, input: CreateIntegrationInput): Promise<Outcome<IntegrationView>> {
  const access = await requireIntegrationManager(caller, input.projectId);
  if (!access.ok) return access;
  const { projectId } = access.value;
  const checked = await checkIntegrationConfig(input.kind, { settings: input.settings, secret: input.secret }, deps.urls);
  if (!checked.ok) return checked;
  const sealedSecret = deps.secrets.seal(checked.value.secret ?? input.secret);
  const eventTypes = [...new Set(input.eventTypes)];
  const created = await deps.db.transaction(async (tx) => {
    // Counted in the transaction that inserts: two racing creates may both pass, by one at most each.
    if ((await countIntegrations(tx, projectId)) >= MAX_INTEGRATIONS_PER_PROJECT) return null;
    const integration = await insertIntegration(tx, { projectId, kind: input.kind, name: input.name, settings: checked.value.settings, sealedSecret, eventTypes });
    await recordAudit(tx, {
      action: 'integration.created',
      projectId,
      ...auditActorOf(caller.principal),
      target: integration.id,
      details: { kind: input.kind, name: input.name, eventTypes, settings: checked.value.settings },
      ip: input.ip,
    });
    return integration;
  });
  if (!created) return fail('CONFLICT', `A project has at most ${MAX_INTEGRATIONS_PER_PROJECT} integrations; delete one first.`);
  return ok(toIntegrationView(created, deps.secrets));
}
