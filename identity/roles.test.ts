import { describe, expect, it } from 'vitest';
import { type ProjectAction, PROJECT_ROLES, can, lesserRole, outranks } from './roles.js';

const ACTIONS: ProjectAction[] = [
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
];

describe('role order', () => {
  // "The lesser of two roles" (an API key and its creator) is only meaningful while each role may do everything the next one may.
  it('lists roles so that each may do everything the roles after it may', () => {
    for (const [index, role] of PROJECT_ROLES.entries()) {
      for (const weaker of PROJECT_ROLES.slice(index + 1)) {
        for (const action of ACTIONS) if (can(weaker, action)) expect(can(role, action), `${role} vs ${weaker}: ${action}`).toBe(true);
      }
    }
  });

  it('picks the lesser of two roles, whichever comes first', () => {
    expect(lesserRole('admin', 'viewer')).toBe('viewer');
    expect(lesserRole('viewer', 'admin')).toBe('viewer');
    expect(lesserRole('editor', 'owner')).toBe('editor');
    expect(lesserRole('commenter', 'commenter')).toBe('commenter');
    expect(outranks('owner', 'admin')).toBe(true);
    expect(outranks('admin', 'admin')).toBe(false);
    expect(outranks('viewer', 'commenter')).toBe(false);
  });
});
