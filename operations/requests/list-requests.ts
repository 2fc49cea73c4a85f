import { z } from 'zod';
import { type RequestFilters, type RequestStatus, type RequestType, listRequests as listStored } from '../../storage/requests.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { type Request, type RequestDeps, namesFor, toRequest } from './request.js';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** An instant as the listing writes it, and one the database will read back (no 31 February). */
const instant = z.string().regex(INSTANT).refine((value) => !value.startsWith('0000') && !Number.isNaN(Date.parse(value)) && new Date(Date.parse(value)).toISOString().slice(0, 23) === value.slice(0, 23));
const cursorShape = z.object({ c: instant, i: z.uuid() }).strict();

export interface RequestQuery {
  projectId: string;
  status?: RequestStatus | undefined;
  type?: RequestType | undefined;
  /** A member's user id, `me`, or `none` (nobody assigned). */
  assignee?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

const invalid = (path: string, message: string) => fail('VALIDATION_FAILED', `The ${path} ${message}.`, [{ path, message }]);

function assigneeFilter(caller: Caller, assignee: string | undefined): RequestFilters['assigneeId'] | Error {
  if (assignee === undefined) return undefined;
  if (assignee === 'none') return null;
  if (assignee === 'me') return caller.principal.type === 'user' ? caller.principal.user.id : new Error('is `me`, but an API key is nobody');
  return z.uuid().safeParse(assignee).success ? assignee.toLowerCase() : new Error('must be a user id, `me` or `none`');
}

/** A project's requests, newest first, filtered by status, type and assignee; cursor pages (`next`). */
export async function listRequests(deps: Pick<RequestDeps, 'db'>, caller: Caller, query: RequestQuery): Promise<Outcome<{ items: Request[]; next: string | null }>> {
  const access = await requireProjectRole(caller, query.projectId, 'project.read');
  if (!access.ok) return access;
  const assigneeId = assigneeFilter(caller, query.assignee);
  if (assigneeId instanceof Error) return invalid('assignee', assigneeId.message);
  let after: { createdAt: string; id: string } | undefined;
  if (query.cursor !== undefined) {
    try {
      const parsed = cursorShape.parse(JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')));
      after = { createdAt: parsed.c, id: parsed.i };
    } catch {
      return invalid('cursor', 'is not one this API gave out');
    }
  }
  const page = await listStored(deps.db, access.value.projectId, { filters: { status: query.status, type: query.type, assigneeId }, limit: query.limit, after });
  const names = await namesFor(deps.db, page.items);
  return ok({
    items: page.items.map((item) => toRequest(item, names)),
    next: page.next ? Buffer.from(JSON.stringify({ c: page.next.createdAt, i: page.next.id })).toString('base64url') : null,
  });
}
