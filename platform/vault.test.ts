import { describe, expect, it } from 'vitest';
import { VaultKeyError, createVault } from './vault.js';

const OLD = 'old-master-key-'.repeat(3);
const NEW = 'new-master-key-'.repeat(3);

describe('vault (envelope encryption)', () => {
  it('seals under a fresh data key each time and opens what it sealed', () => {
    const vault = createVault(NEW);
    const a = vault.seal('hunter2', 'record-1');
    const b = vault.seal('hunter2', 'record-1');
    expect(a.sealed).not.toBe(b.sealed);
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
    expect(a.keyId).toBe(vault.currentKeyId);
    expect(a.sealed).not.toContain(Buffer.from('hunter2').toString('base64'));
    expect(vault.open(a, 'record-1')).toBe('hunter2');
  });

  it('refuses an envelope moved to another record', () => {
    const vault = createVault(NEW);
    const sealed = vault.seal('secret', 'record-1');
    expect(() => vault.open(sealed, 'record-2')).toThrow(VaultKeyError);
    expect(vault.canUnwrap(sealed, 'record-2')).toBe(false);
  });

  it('re-wraps only the data key under the new master key; the old key alone no longer opens it', () => {
    const before = createVault(OLD).seal('secret', 'r');
    const rotated = createVault(NEW, [OLD]);
    expect(rotated.knows(before.keyId)).toBe(true);
    expect(rotated.open(before, 'r')).toBe('secret');
    const after = { ...rotated.rewrap(before, 'r'), sealed: before.sealed };
    expect(after.keyId).toBe(rotated.currentKeyId);
    expect(createVault(NEW).open(after, 'r')).toBe('secret');
    expect(() => createVault(OLD).open(after, 'r')).toThrow(VaultKeyError);
  });

  it('says which keys it does not have', () => {
    const sealed = createVault(OLD).seal('secret', 'r');
    const other = createVault(NEW);
    expect(other.knows(sealed.keyId)).toBe(false);
    expect(() => other.open(sealed, 'r')).toThrow(/no configured master key/);
  });

  it('derives a key of its own from a string also used elsewhere (its id is not the SecretBox id)', () => {
    expect(createVault(NEW).currentKeyId).not.toBe(createVault(OLD).currentKeyId);
    expect(createVault(NEW).currentKeyId).toHaveLength(12);
  });
});
