import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (webhook URLs with their tokens, API tokens): AES-256-GCM with a random nonce,
 * stored as `v1.<keyId>.<nonce>.<tag>.<ciphertext>` (base64url). The key id says which key
 * sealed it, so a new key can be introduced while old values still open with the previous one
 * (rotation: set the new key, keep the old as previous, re-seal at leisure).
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
  /** Whether a sealed value was made with the current key (re-seal it otherwise). */
  isCurrent(sealed: string): boolean;
}

interface Key {
  id: string;
  bytes: Buffer;
}

function keyFrom(secret: string): Key {
  const bytes = createHash('sha256').update(secret).digest();
  return { id: createHash('sha256').update(bytes).digest('base64url').slice(0, 8), bytes };
}

export function createSecretBox(current: string, previous: readonly string[] = []): SecretBox {
  const key = keyFrom(current);
  const keys = new Map([key, ...previous.map(keyFrom)].map((k) => [k.id, k]));
  return {
    seal(plain) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key.bytes, nonce);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', key.id, nonce.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, id, nonce, tag, body] = sealed.split('.');
      const opening = id ? keys.get(id) : undefined;
      if (version !== 'v1' || !opening || !nonce || !tag || body === undefined) throw new Error('this secret was sealed with a key this process does not have');
      const decipher = createDecipheriv('aes-256-gcm', opening.bytes, Buffer.from(nonce, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    isCurrent: (sealed) => sealed.split('.')[1] === key.id,
  };
}
