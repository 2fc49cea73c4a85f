import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Envelope encryption for the secrets a team keeps here (test-account passwords, TOTP seeds).
 *
 * Each record's plaintext is sealed with AES-256-GCM under its own random data key; the data key is
 * stored only wrapped (AES-256-GCM again) by a master key from the configuration, with the master
 * key's id beside it. Rotating the master key therefore re-wraps 32-byte data keys and never touches
 * the sealed data, so it runs in the background while the records stay readable under either key.
 *
 * Both layers carry the record's `context` (its id) as associated data: a sealed blob or a wrapped key
 * copied onto another row does not open there, so someone who can write the table cannot swap one
 * account's secrets into another's reveal.
 */
export interface Envelope {
  /** Which master key wrapped `wrappedKey`. */
  keyId: string;
  /** The record's data key, wrapped by that master key (`v1.<nonce>.<tag>.<body>`, base64url). */
  wrappedKey: string;
  /** The plaintext under the data key (`v1.<nonce>.<tag>.<body>`, base64url). */
  sealed: string;
}

export interface Vault {
  /** The id of the master key new and re-wrapped records get. */
  readonly currentKeyId: string;
  seal(plain: string, context: string): Envelope;
  /** Throws `VaultKeyError` when no configured master key has the envelope's id or the envelope does not open. */
  open(envelope: Envelope, context: string): string;
  /** The same data key wrapped by the current master key instead (the sealed data does not change). */
  rewrap(wrapped: WrappedKey, context: string): WrappedKey;
  /** Whether a configured master key (current or previous) has this id. */
  knows(keyId: string): boolean;
  /** Whether the envelope's data key unwraps: the right key, not merely one with the same id. */
  canUnwrap(wrapped: WrappedKey, context: string): boolean;
}

export type WrappedKey = Pick<Envelope, 'keyId' | 'wrappedKey'>;

export class VaultKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultKeyError';
  }
}

interface MasterKey {
  id: string;
  bytes: Buffer;
}

const FORMAT = 'v1';

/**
 * A configured master key (any string of at least 32 characters) as 32 key bytes. HKDF with a label
 * of its own, so the same string used by mistake as SECRETS_KEY as well still yields a different key.
 */
function masterKeyFrom(secret: string): MasterKey {
  const bytes = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), 'studio-sync vault master key v1', 32));
  // The id names the key without revealing it: a hash of the derived bytes, short enough to read in a log.
  return { id: createHash('sha256').update('vault-key-id').update(bytes).digest('base64url').slice(0, 12), bytes };
}

function encrypt(key: Buffer, plain: Buffer, aad: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return [FORMAT, nonce.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

function decrypt(key: Buffer, sealed: string, aad: string): Buffer {
  const [format, nonce, tag, body] = sealed.split('.');
  if (format !== FORMAT || !nonce || !tag || body === undefined) throw new VaultKeyError('not a sealed value this version understands');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  } catch {
    throw new VaultKeyError('a sealed value did not open: wrong key, or it was changed or moved to another record');
  }
}

const wrapAad = (keyId: string, context: string) => `vault-key:${keyId}:${context}`;
const dataAad = (context: string) => `vault-data:${context}`;

/** `current` wraps new data keys; `previous` still unwrap what they wrapped until a re-wrap moves it on. */
export function createVault(current: string, previous: readonly string[] = []): Vault {
  const currentKey = masterKeyFrom(current);
  const keys = new Map([currentKey, ...previous.map(masterKeyFrom)].map((key) => [key.id, key]));

  function unwrap(envelope: WrappedKey, context: string): Buffer {
    const master = keys.get(envelope.keyId);
    if (!master) throw new VaultKeyError(`no configured master key has id ${envelope.keyId}`);
    return decrypt(master.bytes, envelope.wrappedKey, wrapAad(master.id, context));
  }

  function wrap(dataKey: Buffer, context: string): WrappedKey {
    return { keyId: currentKey.id, wrappedKey: encrypt(currentKey.bytes, dataKey, wrapAad(currentKey.id, context)) };
  }

  return {
    currentKeyId: currentKey.id,
    seal(plain, context) {
      const dataKey = randomBytes(32);
      try {
        return { ...wrap(dataKey, context), sealed: encrypt(dataKey, Buffer.from(plain, 'utf8'), dataAad(context)) };
      } finally {
        // Not kept past its use in this process's heap (best effort: V8 may have copied it).
        dataKey.fill(0);
      }
    },
    open(envelope, context) {
      const dataKey = unwrap(envelope, context);
      try {
        return decrypt(dataKey, envelope.sealed, dataAad(context)).toString('utf8');
      } finally {
        dataKey.fill(0);
      }
    },
    rewrap(wrapped, context) {
      if (wrapped.keyId === currentKey.id) return wrapped;
      const dataKey = unwrap(wrapped, context);
      try {
        return wrap(dataKey, context);
      } finally {
        dataKey.fill(0);
      }
    },
    knows: (keyId) => keys.has(keyId),
    canUnwrap(envelope, context) {
      try {
        unwrap(envelope, context).fill(0);
        return true;
      } catch (error) {
        if (error instanceof VaultKeyError) return false;
        throw error;
      }
    },
  };
}
