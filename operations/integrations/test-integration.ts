import { CHAT_TIMEOUT_MS, postJson, said, webhookUrlOf } from '../deliveries/channels/chat-webhook.js';
import { findIssueByLabel, isJiraFailure } from '../deliveries/channels/jira-client.js';
import { jiraTargetOf } from '../deliveries/channels/jira-settings.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { destinationFetch } from './guarded-fetch.js';
import { requireIntegration } from './integration-access.js';
import type { IntegrationDeps } from './integration-deps.js';

/** What a test of an integration found: whether the destination took the call, and what it said when it did not. */
export interface IntegrationTestResult {
  ok: boolean;
  /** Why not (the destination's answer, never the secret). */
  error: string | null;
}

const TEST_TEXT = 'Studio is connected: project updates will be posted here.';

/**
 * Tries an integration now, with its stored secret, so an admin learns at once whether a webhook or
 * a JIRA token works instead of waiting for a delivery to die: Discord and Slack get one short
 * message; JIRA is asked a search in its project (nothing is created there). Changes nothing of
 * ours: a failure here does not mark the integration broken. A disabled integration is not called.
 */
export async function testIntegration(deps: IntegrationDeps, caller: Caller, input: { projectId: string; integrationId: string }): Promise<Outcome<IntegrationTestResult>> {
  const found = await requireIntegration(deps.db, caller, input.projectId, input.integrationId);
  if (!found.ok) return found;
  const { integration } = found.value;
  if (integration.status === 'disabled') return fail('CONFLICT', 'The integration is disabled: enable it before testing it.');
  const allowPrivate = deps.urls.allowPrivate;
  if (integration.kind === 'jira') {
    // A broken integration is tried all the same: a test is how an admin checks a fix before re-activating.
    const target = await jiraTargetOf(deps.db, deps.secrets, integration.id, allowPrivate, { evenIfBroken: true });
    if ('ok' in target) return ok({ ok: false, error: target.error });
    const searched = await findIssueByLabel(target, 'studio-connection-test');
    return ok(isJiraFailure(searched) ? { ok: false, error: searched.error } : { ok: true, error: null });
  }
  if (integration.kind !== 'discord' && integration.kind !== 'slack') return fail('CONFLICT', `A ${integration.kind} integration cannot be tested.`);
  const target = await webhookUrlOf(deps.db, deps.secrets, integration.id, integration.kind, { evenIfBroken: true });
  if (!('url' in target)) return ok({ ok: false, error: target.error });
  const payload = integration.kind === 'discord' ? { content: TEST_TEXT, allowed_mentions: { parse: [] } } : { text: TEST_TEXT };
  const reply = await postJson(destinationFetch(allowPrivate), target.url, payload, CHAT_TIMEOUT_MS);
  if ('ok' in reply) return ok({ ok: false, error: reply.error });
  return ok(reply.status >= 200 && reply.status < 300 ? { ok: true, error: null } : { ok: false, error: said(reply) });
}
