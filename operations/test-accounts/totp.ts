import { createHmac } from 'node:crypto';

/**
 * TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, the parameters every authenticator app and
 * nearly every service use) with node:crypto. Twenty lines of arithmetic checked against the RFC's
 * own test vectors (totp.test.ts) rather than a dependency (`otpauth` 9.5 would bring its own HMAC from
 * `@noble/hashes`): the server only generates codes, never verifies them, and the code that holds seeds
 * in clear is best kept small and in view.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOTP_STEP_SECONDS = 30;
const DIGITS = 6;

/** A seed as people paste it: spaces, dashes and padding dropped, letters upper-cased. */
export function normalizeBase32(value: string): string {
  return value.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
}

/** The seed's bytes, or null when it is not base32. */
export function decodeBase32(value: string): Buffer | null {
  const text = normalizeBase32(value);
  let bits = 0;
  let buffer = 0;
  const out: number[] = [];
  for (const char of text) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) return null;
    buffer = (buffer << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

function hotp(key: Buffer, counter: number, digits: number, algorithm: 'sha1' | 'sha256' | 'sha512'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(code).padStart(digits, '0');
}

export interface TotpCode {
  code: string;
  /** Seconds until the code changes. */
  secondsRemaining: number;
}

/** The code for `nowMs` (the RFC's parameters unless told otherwise: its vectors use 8 digits and other hashes). */
export function totpAt(key: Buffer, nowMs: number, options: { digits?: number; algorithm?: 'sha1' | 'sha256' | 'sha512' } = {}): TotpCode {
  const seconds = Math.floor(nowMs / 1000);
  const counter = Math.floor(seconds / TOTP_STEP_SECONDS);
  return { code: hotp(key, counter, options.digits ?? DIGITS, options.algorithm ?? 'sha1'), secondsRemaining: TOTP_STEP_SECONDS - (seconds % TOTP_STEP_SECONDS) };
}
