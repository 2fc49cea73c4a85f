import { type EventCursor, type StoredAnalyticsEvent, analyticsEventPage } from '../../storage/analytics/analytics-events.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';

/** Rows read per query: the memory an export holds, whatever its size. */
const PAGE = 1_000;

/**
 * A project's raw events over a range, in time order, as an async sequence read page by page:
 * the caller streams it out, and however many millions of rows there are, one page is in memory.
 * Raw events say who did what, so only those who may export (owners, admins) get them.
 */
export async function exportEvents(deps: Pick<OperationDeps, 'db'>, caller: Caller, input: { projectId: string; from: Date; to: Date }): Promise<Outcome<AsyncIterable<StoredAnalyticsEvent>>> {
  const access = await requireProjectRole(caller, input.projectId, 'analytics.export');
  if (!access.ok) return access;
  if (input.to <= input.from) return fail('VALIDATION_FAILED', '`to` must be after `from`.', [{ path: ['to'], message: 'must be after from' }]);
  const { db } = deps;
  const query = { projectId: access.value.projectId, from: input.from, to: input.to, limit: PAGE };
  return ok({
    async *[Symbol.asyncIterator]() {
      let after: EventCursor | null = null;
      do {
        const page: { events: StoredAnalyticsEvent[]; next: EventCursor | null } = await analyticsEventPage(db, { ...query, after });
        yield* page.events;
        after = page.next;
      } while (after);
    },
  });
}
