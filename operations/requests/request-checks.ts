import { getMember } from '../../identity/members.js';
import type { Queryable } from '../../platform/db/database.js';
import { fail } from '../outcome.js';
import { parseFigmaUrl } from './figma-link.js';

type Refusal = ReturnType<typeof fail>;

/** An assignee must be a member of the request's project now (422 otherwise, naming the field). */
export async function checkAssignee(db: Queryable, projectId: string, assigneeId: string | null | undefined): Promise<Refusal | null> {
  if (!assigneeId) return null;
  if (await getMember(db, projectId, assigneeId)) return null;
  return fail('VALIDATION_FAILED', 'The assignee must be a member of the project.', [{ path: 'assigneeId', message: 'is not a member of this project' }]);
}

/** A Figma link must be a figma.com file, design or prototype URL with its key (422 otherwise). */
export function checkFigmaUrl(figmaUrl: string | null | undefined): Refusal | null {
  if (!figmaUrl) return null;
  const parsed = parseFigmaUrl(figmaUrl);
  return parsed.ok ? null : fail('VALIDATION_FAILED', 'The Figma link is not one this app can read.', [{ path: 'figmaUrl', message: parsed.reason }]);
}
