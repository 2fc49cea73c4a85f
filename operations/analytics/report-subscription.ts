import { type Cadence, deleteReportSubscription, findReportSubscription, upsertReportSubscription } from '../../storage/analytics/report-subscriptions.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { firstDue } from './report-cadence.js';

export interface ReportSubscriptionView {
  cadence: Cadence | null;
  nextDueAt: string | null;
  lastSentAt: string | null;
}

const NONE: ReportSubscriptionView = { cadence: null, nextDueAt: null, lastSentAt: null };

/** Reports are emailed to a person: an API key has no inbox. */
function personOf(caller: Caller): Outcome<string> {
  return caller.principal.type === 'user' ? ok(caller.principal.user.id) : fail('FORBIDDEN', 'Scheduled reports are for people; an API key has no inbox.');
}

export async function getReportSubscription(deps: Pick<OperationDeps, 'db'>, caller: Caller, input: { projectId: string }): Promise<Outcome<ReportSubscriptionView>> {
  const access = await requireProjectRole(caller, input.projectId, 'project.read');
  if (!access.ok) return access;
  const person = personOf(caller);
  if (!person.ok) return person;
  const found = await findReportSubscription(deps.db, access.value.projectId, person.value);
  return ok(found ? { cadence: found.cadence, nextDueAt: found.nextDueAt.toISOString(), lastSentAt: found.lastSentAt?.toISOString() ?? null } : NONE);
}

/** Any member asks for (or stops) the project's activity report by email, for themselves. */
export async function setReportSubscription(deps: Pick<OperationDeps, 'db'>, caller: Caller, input: { projectId: string; cadence: Cadence | null }, now = new Date()): Promise<Outcome<ReportSubscriptionView>> {
  const access = await requireProjectRole(caller, input.projectId, 'project.read');
  if (!access.ok) return access;
  const person = personOf(caller);
  if (!person.ok) return person;
  if (input.cadence === null) {
    await deleteReportSubscription(deps.db, access.value.projectId, person.value);
    return ok(NONE);
  }
  const saved = await upsertReportSubscription(deps.db, { projectId: access.value.projectId, userId: person.value, cadence: input.cadence, firstDueAt: firstDue(input.cadence, now) });
  return ok({ cadence: saved.cadence, nextDueAt: saved.nextDueAt.toISOString(), lastSentAt: saved.lastSentAt?.toISOString() ?? null });
}
