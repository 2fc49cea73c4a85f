import { describe, expect, it } from 'vitest';
import { decodeBase32, normalizeBase32, totpAt } from './totp.js';

// RFC 6238 appendix B: the seeds are the ASCII digits repeated to the hash's length.
const SHA1 = Buffer.from('12345678901234567890');
const SHA256 = Buffer.from('12345678901234567890123456789012');
const SHA512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');

describe('TOTP (RFC 6238)', () => {
  it.each([
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ])('at %i s gives the RFC vectors', (seconds, sha1, sha256, sha512) => {
    expect(totpAt(SHA1, seconds * 1000, { digits: 8 }).code).toBe(sha1);
    expect(totpAt(SHA256, seconds * 1000, { digits: 8, algorithm: 'sha256' }).code).toBe(sha256);
    expect(totpAt(SHA512, seconds * 1000, { digits: 8, algorithm: 'sha512' }).code).toBe(sha512);
  });

  it('gives 6 digits by default and the seconds left in the step', () => {
    expect(totpAt(SHA1, 59_000)).toEqual({ code: '287082', secondsRemaining: 1 });
    expect(totpAt(SHA1, 60_000).secondsRemaining).toBe(30);
  });

  it('decodes base32 as people paste it and refuses what is not base32', () => {
    // "12345678901234567890" in base32.
    expect(decodeBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toEqual(SHA1);
    expect(decodeBase32('gezd gnbv gy3t qojq gezd gnbv gy3t qojq')).toEqual(SHA1);
    expect(normalizeBase32('ab-cd ef==')).toBe('ABCDEF');
    expect(decodeBase32('GEZD1')).toBeNull();
  });
});
