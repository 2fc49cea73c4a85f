import { listIntegrations as readIntegrations } from '../../storage/integrations.js';
import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import { requireIntegration, requireIntegrationManager } from './integration-access.js';
import type { IntegrationDeps } from './integration-deps.js';
import { type IntegrationView, toIntegrationView } from './integration.js';

/** A project's integrations, oldest first, without their secrets. */
export async function listIntegrations(deps: IntegrationDeps, caller: Caller, input: { projectId: string }): Promise<Outcome<IntegrationView[]>> {
  const access = await requireIntegrationManager(caller, input.projectId);
  if (!access.ok) return access;
  const stored = await readIntegrations(deps.db, access.value.projectId);
  return ok(stored.map((integration) => toIntegrationView(integration, deps.secrets)));
}

export async function getIntegration(deps: IntegrationDeps, caller: Caller, input: { projectId: string; integrationId: string }): Promise<Outcome<IntegrationView>> {
  const found = await requireIntegration(deps.db, caller, input.projectId, input.integrationId);
  if (!found.ok) return found;
  return ok(toIntegrationView(found.value.integration, deps.secrets));
}
