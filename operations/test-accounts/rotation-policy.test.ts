import { describe, expect, it } from 'vitest';
import { withoutExpiredPrevious } from './rotation-policy.js';

describe('the previous password after a rotation', () => {
  const secrets = { password: 'new', previousPassword: 'old', previousPasswordUntil: '2026-12-02T12:00:00.000Z' };

  it('is kept during its grace period', () => {
    expect(withoutExpiredPrevious(secrets, Date.parse('2026-12-02T11:59:59Z'))).toEqual(secrets);
  });

  it('is dropped once the grace period is over', () => {
    expect(withoutExpiredPrevious(secrets, Date.parse('2026-12-02T12:00:00Z'))).toEqual({ password: 'new', previousPassword: null, previousPasswordUntil: null });
  });
});
