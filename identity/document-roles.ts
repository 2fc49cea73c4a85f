import { type ProjectRole, lesserRole } from './roles.js';

/** What a document lets members do without a grant. */
export const MEMBER_ACCESS = ['project', 'read', 'none'] as const;
export type MemberAccess = (typeof MEMBER_ACCESS)[number];

/** What a grant may let someone do with one document. */
export const GRANT_ROLES = ['editor', 'commenter', 'viewer'] as const;
export type GrantRole = (typeof GRANT_ROLES)[number];

/** A document's restrictions as they apply to one caller. */
export interface DocumentRestriction {
  memberAccess: MemberAccess;
  /** A grant naming the caller (the person, or an API key's creator). */
  personal: GrantRole | null;
  /** A grant naming the caller's project role. */
  byRole: GrantRole | null;
}

export const UNRESTRICTED: DocumentRestriction = { memberAccess: 'project', personal: null, byRole: null };

/**
 * What a caller with `projectRole` may do with one document: their project role, capped by the
 * grant that names them (a personal one first, then one for their role), or, without a grant, by
 * the document's member access. Null: the document is hidden from them. Owners and admins keep
 * their role everywhere: they manage access, and a document nobody could open would be lost.
 * Someone who is not a member (`projectRole` null) has what a grant naming them says: a guest.
 */
export function documentRole(projectRole: ProjectRole | null, restriction: DocumentRestriction): ProjectRole | null {
  // Not a member: a grant naming them is a guest's access to this one document.
  if (!projectRole) return restriction.personal;
  if (projectRole === 'owner' || projectRole === 'admin') return projectRole;
  const cap = restriction.personal ?? restriction.byRole ?? defaultCap(restriction.memberAccess, projectRole);
  return cap ? lesserRole(projectRole, cap) : null;
}

function defaultCap(access: MemberAccess, projectRole: ProjectRole): ProjectRole | null {
  switch (access) {
    case 'project':
      return projectRole;
    case 'read':
      return 'viewer';
    case 'none':
      return null;
  }
}
