import { RequestFailed } from '../api.js';
import type { GrantRole, MemberAccess, StoredAccess, AccessDraft, StoredGrant } from './types.js';

/** The member-access choices, each with the one line that says what it means. */
export const MEMBER_ACCESS_CHOICES: readonly { value: MemberAccess; label: string; explanation: string }[] = [
  { value: 'project', label: 'Everyone in the project', explanation: 'Members without a grant do what their project role allows.' },
  { value: 'read', label: 'Everyone can read', explanation: 'Members without a grant can open it but not change it.' },
  { value: 'none', label: 'Only people granted', explanation: 'Members without a grant do not see this document at all.' },
];

export const GRANT_ROLE_LABEL: Record<GrantRole, string> = { editor: 'Can edit', commenter: 'Can comment', viewer: 'Can view' };

/** How a grant to a whole project role is named. */
export const ROLE_GROUP_LABEL: Record<GrantRole, string> = { editor: 'All editors', commenter: 'All commenters', viewer: 'All viewers' };

function grantLabel(grant: StoredGrant): string {
  if (grant.projectRole) return ROLE_GROUP_LABEL[grant.projectRole];
  if (grant.name && grant.email) return `${grant.name} (${grant.email})`;
  return grant.name || grant.email || grant.userId || 'A former member';
}

/** The stored access as the dialog edits it. */
export function draftOf(stored: StoredAccess): AccessDraft {
  return {
    memberAccess: stored.memberAccess,
    grants: stored.grants.map((grant) => ({
      subject: grant.projectRole ? { projectRole: grant.projectRole } : { userId: grant.userId ?? '' },
      role: grant.role,
      label: grantLabel(grant),
    })),
  };
}

/** `details` of a refusal, when it is the usual list of `{ path, message }`. */
function detailLines(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((detail: unknown) => {
    if (typeof detail !== 'object' || detail === null) return [];
    const { path, message } = detail as { path?: unknown; message?: unknown };
    return typeof message === 'string' ? [typeof path === 'string' && path ? `${path}: ${message}` : message] : [];
  });
}

/** What a refused save means, in the server's words where it gave them (422: NOT_A_MEMBER, VALIDATION_FAILED). */
export function shareErrorText(caught: unknown): string {
  if (!(caught instanceof RequestFailed)) return 'Not saved: the server could not be reached. Try again when you are online.';
  if (caught.status === 403) return 'Not saved: only owners and admins can change who has access.';
  if (caught.code === 'NOT_A_MEMBER') return `Not saved: ${caught.message} Remove anyone who has left the project and save again.`;
  const lines = caught.code === 'VALIDATION_FAILED' ? detailLines(caught.details) : [];
  return `Not saved: ${caught.message}${lines.length > 0 ? ` (${lines.join('; ')})` : ''}`;
}
