import { createHash, randomBytes } from 'node:crypto';

/** Secrets (refresh tokens, API keys) are stored only as this hash; they are long and random, so no slow KDF is needed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
