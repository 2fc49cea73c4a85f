import { insertAnalyticsEvents } from '../../storage/analytics/analytics-events.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { type ClientEvent, MAX_AGE_MS, MAX_SKEW_MS } from './analytics-event.js';

/**
 * Stores a batch of the caller's own usage events (any member: it is their behaviour). The time
 * a client claims is kept when plausible, so events buffered offline land in the right bucket;
 * a batch with an implausible time is refused whole, so a client learns its clock is off.
 */
export async function recordEvents(deps: Pick<OperationDeps, 'db'>, caller: Caller, input: { projectId: string; events: readonly ClientEvent[] }, now = new Date()): Promise<Outcome<{ accepted: number }>> {
  const access = await requireProjectRole(caller, input.projectId, 'project.read');
  if (!access.ok) return access;
  const times = input.events.map((event) => event.occurredAt ?? now);
  const wrong = times.findIndex((at) => at.getTime() < now.getTime() - MAX_AGE_MS || at.getTime() > now.getTime() + MAX_SKEW_MS);
  if (wrong >= 0) return fail('VALIDATION_FAILED', 'An event time is more than a week old or in the future.', [{ path: ['events', wrong, 'occurredAt'], message: 'must be within the last 7 days' }]);
  const userId = caller.principal.type === 'user' ? caller.principal.user.id : null;
  const accepted = await insertAnalyticsEvents(deps.db, {
    projectId: access.value.projectId,
    userId,
    source: 'client',
    events: input.events.map((event, index) => ({ name: event.name, properties: event.properties ?? {}, occurredAt: times[index]! })),
  });
  return ok({ accepted });
}
