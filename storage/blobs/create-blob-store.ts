import type { BlobStoreConfig } from '../../platform/config.js';
import type { BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

export interface CreatedBlobStore {
  store: BlobStore;
  /** The local store, whose signed URLs this app serves itself; null when files live in S3. */
  local: LocalBlobStore | null;
}

/** The configured store: S3 when a bucket is set, local disk otherwise. */
export function createBlobStore(config: BlobStoreConfig, options: { secret: string; baseUrl: () => string }): CreatedBlobStore {
  if (config.kind === 's3') return { store: new S3BlobStore(config), local: null };
  const local = new LocalBlobStore(config.dir, options.secret, options.baseUrl);
  return { store: local, local };
}
