import { can } from '../../identity/roles.js';
import type { ProjectRole } from '../../identity/roles.js';
import { checkDestinationUrl } from '../integrations/destination-url.js';
import { type Outcome, fail, ok } from '../outcome.js';
import type { TestAccountDeps } from './test-account.js';

/**
 * A rotation policy as given: owners and admins only (the server will call the rotator's URL and
 * store what it answers), the URL under the integrations' SSRF rules, and a rotator only with a period.
 */
export async function checkRotationPolicy(
  deps: Pick<TestAccountDeps, 'urls'>,
  role: ProjectRole,
  /** The policy as it will be; `newRotatorUrl` only when one is given now (it is checked then). */
  policy: { rotationDays: number | null; hasRotator: boolean; newRotatorUrl: string | null },
  changing: boolean,
): Promise<Outcome<void>> {
  if (changing && !can(role, 'testAccounts.manage')) return fail('FORBIDDEN', 'Only owners and admins set an account’s rotation policy.');
  if (policy.hasRotator && policy.rotationDays === null) {
    return fail('VALIDATION_FAILED', 'A rotator needs rotationDays: how often it is asked for a new password.', [{ path: 'rotationDays', message: 'is required with a rotatorUrl' }]);
  }
  if (policy.newRotatorUrl !== null) {
    const problem = await checkDestinationUrl(new URL(policy.newRotatorUrl), deps.urls);
    if (problem) return fail('VALIDATION_FAILED', `The rotatorUrl ${problem}.`, [{ path: 'rotatorUrl', message: problem }]);
  }
  return ok(undefined);
}

/** A previous password whose grace period is over is not kept when the secrets are sealed again. */
export function withoutExpiredPrevious<T extends { previousPassword: string | null; previousPasswordUntil: string | null }>(secrets: T, nowMs: number): T {
  if (secrets.previousPasswordUntil === null || Date.parse(secrets.previousPasswordUntil) > nowMs) return secrets;
  return { ...secrets, previousPassword: null, previousPasswordUntil: null };
}
