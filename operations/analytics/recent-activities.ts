import { actorNames, nameOf } from '../../storage/actor-names.js';
import { recentEvents } from '../../storage/change-feed.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type FeedEventView, toFeedEventView } from '../notifications/notification.js';
import { type Outcome, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';

export interface Activity extends FeedEventView {
  /** Who did it, as people read it. */
  actorName: string;
}

/**
 * What happened in a project lately, newest first: the change feed as the dashboard's activity
 * list, with names. Every member reads it (they can read the documents it speaks of).
 */
export async function recentActivities(deps: Pick<OperationDeps, 'db'>, caller: Caller, input: { projectId: string; before: string | null; limit: number }): Promise<Outcome<{ items: Activity[]; next: string | null }>> {
  const access = await requireProjectRole(caller, input.projectId, 'project.read');
  if (!access.ok) return access;
  const events = await recentEvents(deps.db, access.value.projectId, { beforeSeq: input.before, limit: input.limit });
  const names = await actorNames(deps.db, new Set(events.map((event) => event.actor)));
  return ok({
    items: events.map((event) => ({ ...toFeedEventView(event), actorName: nameOf(names, event.actor) })),
    next: events.length === input.limit ? events.at(-1)!.seq : null,
  });
}
