import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secrets.js';

describe('secrets at rest', () => {
  it('seals with a fresh nonce each time and opens what it sealed', () => {
    const box = createSecretBox('k'.repeat(40));
    const a = box.seal('https://discord.com/api/webhooks/1/token');
    expect(a).not.toBe(box.seal('https://discord.com/api/webhooks/1/token'));
    expect(a).not.toContain('token');
    expect(box.open(a)).toBe('https://discord.com/api/webhooks/1/token');
  });

  it('opens values of the previous key after a rotation, and tells which to re-seal', () => {
    const old = createSecretBox('old-key-'.repeat(5));
    const sealed = old.seal('secret');
    const rotated = createSecretBox('new-key-'.repeat(5), ['old-key-'.repeat(5)]);
    expect(rotated.open(sealed)).toBe('secret');
    expect(rotated.isCurrent(sealed)).toBe(false);
    expect(rotated.isCurrent(rotated.seal('secret'))).toBe(true);
    expect(() => createSecretBox('another-'.repeat(5)).open(sealed)).toThrow();
  });

  it('refuses a tampered value', () => {
    const box = createSecretBox('k'.repeat(40));
    const parts = box.seal('secret').split('.');
    parts[4] = Buffer.from('forged').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
  });
});
