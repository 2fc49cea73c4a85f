import { z } from 'zod';
import { countUnread, listNotifications as listStored, markRead } from '../../storage/notifications.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type Notification, toNotification } from './notification.js';

const cursorShape = z.object({ u: z.boolean(), c: z.string(), i: z.uuid() }).strict();

function userOf(caller: Caller): string | null {
  return caller.principal.type === 'user' ? caller.principal.user.id : null;
}

const NOT_A_PERSON = 'Notifications are a person’s: sign in, an API key has none.';

/** The caller's notifications, unread first then newest first, a page at a time. */
export async function listNotifications(
  deps: OperationDeps,
  caller: Caller,
  query: { unreadOnly: boolean; limit: number; cursor?: string | undefined },
): Promise<Outcome<{ items: Notification[]; next: string | null; unread: number }>> {
  const userId = userOf(caller);
  if (!userId) return fail('FORBIDDEN', NOT_A_PERSON);
  let after: { unread: boolean; createdAt: string; id: string } | undefined;
  if (query.cursor !== undefined) {
    try {
      const parsed = cursorShape.parse(JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')));
      after = { unread: parsed.u, createdAt: parsed.c, id: parsed.i };
    } catch {
      return fail('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [{ path: 'cursor', message: 'invalid' }]);
    }
  }
  const page = await listStored(deps.db, userId, { unreadOnly: query.unreadOnly, limit: query.limit, after });
  return ok({
    items: page.items.map(toNotification),
    next: page.next ? Buffer.from(JSON.stringify({ u: page.next.unread, c: page.next.createdAt, i: page.next.id })).toString('base64url') : null,
    unread: await countUnread(deps.db, userId),
  });
}

export async function unreadNotifications(deps: OperationDeps, caller: Caller): Promise<Outcome<{ unread: number }>> {
  const userId = userOf(caller);
  return userId ? ok({ unread: await countUnread(deps.db, userId) }) : fail('FORBIDDEN', NOT_A_PERSON);
}

/** Marks the given notifications of the caller read (others' ids change nothing), or all of them. */
export async function markNotificationsRead(deps: OperationDeps, caller: Caller, ids: readonly string[] | 'all'): Promise<Outcome<{ marked: number; unread: number }>> {
  const userId = userOf(caller);
  if (!userId) return fail('FORBIDDEN', NOT_A_PERSON);
  const marked = await markRead(deps.db, userId, ids === 'all' ? null : ids);
  return ok({ marked, unread: await countUnread(deps.db, userId) });
}
