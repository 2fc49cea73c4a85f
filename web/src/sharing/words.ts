import { RequestFailed } from '../api.js';
import type { LinkRole } from './link-types.js';
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
  // An invitation not yet taken up is named by its address alone.
  if (grant.name && grant.email && grant.name !== grant.email) return `${grant.name} (${grant.email})`;
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
      guest: grant.guest,
    })),
  };
}

/**
 * The draft with its guests as the server now stores them (after an invitation or a removal, which
 * take effect at once), keeping the member access and member grants being edited until Save.
 */
export function withGuestsOf(draft: AccessDraft, stored: StoredAccess): AccessDraft {
  const guests = draftOf(stored).grants.filter((grant) => grant.guest);
  return { ...draft, grants: [...draft.grants.filter((grant) => !grant.guest), ...guests] };
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
  return `Not saved: ${serverWords(caught)}`;
}

/** The server's message, with the fields it found wrong when it named them. */
function serverWords(caught: RequestFailed): string {
  const lines = caught.code === 'VALIDATION_FAILED' ? detailLines(caught.details) : [];
  return `${caught.message}${lines.length > 0 ? ` (${lines.join('; ')})` : ''}`;
}

/** What a refused invitation means (409 ALREADY_MEMBER: restrict a member with a grant; 422: not an email). */
export function inviteErrorText(caught: unknown): string {
  if (!(caught instanceof RequestFailed)) return 'Not invited: the server could not be reached. Try again when you are online.';
  if (caught.status === 403) return 'Not invited: only owners and admins can share this document.';
  return `Not invited: ${serverWords(caught)}`;
}

/** What a refused removal of a guest means (404: they were no longer a guest of it). */
export function removeGuestErrorText(caught: unknown): string {
  if (!(caught instanceof RequestFailed)) return 'Not removed: the server could not be reached. Try again when you are online.';
  return `Not removed: ${serverWords(caught)}`;
}

export const LINK_ROLE_LABEL: Record<LinkRole, string> = { viewer: 'Can view', commenter: 'Can comment' };

/** What a refused change of a link means (422 with the fields it found wrong; 404: already revoked). */
export function linkErrorText(outcome: 'Not created' | 'Not revoked', caught: unknown): string {
  if (!(caught instanceof RequestFailed)) return `${outcome}: the server could not be reached. Try again when you are online.`;
  if (caught.status === 403) return `${outcome}: only owners and admins manage this document’s links.`;
  return `${outcome}: ${serverWords(caught)}`;
}
