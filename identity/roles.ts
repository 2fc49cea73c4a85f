/**
 * The one place that says what each project role may do. Routes and the collab server ask
 * `can(role, action)`; nothing else compares role strings.
 */
export const PROJECT_ROLES = ['owner', 'admin', 'editor', 'commenter', 'viewer'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/** Roles an API key may carry: never owner, so a leaked key cannot take a project over. */
export const API_KEY_ROLES = ['admin', 'editor', 'commenter', 'viewer'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

export type ProjectAction =
  | 'project.read'
  | 'project.update'
  | 'project.delete'
  | 'members.read'
  | 'members.manage'
  | 'members.manageOwners'
  | 'apiKeys.manage'
  | 'audit.read'
  | 'documents.read'
  | 'documents.write'
  | 'annotations.write'
  /** Integrations (their secrets) and the deliveries made through them. */
  | 'integrations.manage'
  /**
   * Rate a pipeline item (an RLHF vote) and give feedback with it. A vote is an opinion, like a
   * comment, so commenters and up cast them; viewers read the items and their aggregates (they have
   * `documents.read`) but do not vote: they are the audience (a client watching), and counting them
   * would let anyone given read access to share a board move the numbers.
   */
  | 'votes.cast'

  /** The test-accounts vault's list (services, usernames; never secrets), and adding or editing accounts. */
  | 'testAccounts.read'
  | 'testAccounts.write'
  /** Deleting accounts and choosing which roles may reveal one. Revealing is per account (its revealRoles). */
  | 'testAccounts.manage'

  /** Listing and downloading uploaded files. */
  | 'assets.read'
  /** Uploading files, and deleting one's own. */
  | 'assets.write'
  /** Deleting anyone's uploaded files. */
  | 'assets.manage'

  /**
   * Billing: the account, payment methods, invoices, payments and the plan. Money and the
   * customer's address are for the people who run the project, so owners and admins only.
   */
  | 'billing.read'
  | 'billing.manage'

  /**
   * Raw analytics events (who did what, when) leave the product in exports: for the people who
   * run the project. Every member reads the aggregated dashboards (`project.read`).
   */
  | 'analytics.export';

const PERMISSIONS: Record<ProjectRole, ReadonlySet<ProjectAction>> = {
  owner: new Set([
    'project.read',
    'project.update',
    'project.delete',
    'members.read',
    'members.manage',
    'members.manageOwners',
    'apiKeys.manage',
    'audit.read',
    'documents.read',
    'documents.write',
    'annotations.write',
    'integrations.manage',
    'votes.cast',
    'testAccounts.read',
    'testAccounts.write',
    'testAccounts.manage',
    'assets.read',
    'assets.write',
    'assets.manage',
    'billing.read',
    'billing.manage',
    'analytics.export',
  ]),
  admin: new Set(['project.read', 'project.update', 'members.read', 'members.manage', 'apiKeys.manage', 'documents.read', 'documents.write', 'annotations.write', 'integrations.manage', 'votes.cast', 'testAccounts.read', 'testAccounts.write', 'testAccounts.manage', 'assets.read', 'assets.write', 'assets.manage', 'billing.read', 'billing.manage', 'analytics.export']),
  editor: new Set(['project.read', 'members.read', 'documents.read', 'documents.write', 'annotations.write', 'votes.cast', 'testAccounts.read', 'testAccounts.write', 'assets.read', 'assets.write']),
  commenter: new Set(['project.read', 'members.read', 'documents.read', 'annotations.write', 'votes.cast', 'assets.read']),
  viewer: new Set(['project.read', 'members.read', 'documents.read', 'assets.read']),
};

export function can(role: ProjectRole | null | undefined, action: ProjectAction): boolean {
  return role ? PERMISSIONS[role].has(action) : false;
}

/** Whether `a` may do more than `b` (roles are listed most powerful first). */
export function outranks(a: ProjectRole, b: ProjectRole): boolean {
  return PROJECT_ROLES.indexOf(a) < PROJECT_ROLES.indexOf(b);
}

/** Of two roles, the one that may do less: what an API key may do is the lesser of its own role and its creator's. */
export function lesserRole(a: ProjectRole, b: ProjectRole): ProjectRole {
  return outranks(a, b) ? b : a;
}

export function isProjectRole(value: unknown): value is ProjectRole {
  return typeof value === 'string' && (PROJECT_ROLES as readonly string[]).includes(value);
}
