import type { Readable } from 'node:stream';
import { attachmentDisposition } from '../../storage/blobs/blob-store.js';
import type { LocalBlobStore } from '../../storage/blobs/local-blob-store.js';
import { type Outcome, fail, ok } from '../outcome.js';

export { LOCAL_BLOB_DOWNLOAD_PATH, LOCAL_BLOB_UPLOAD_PATH } from '../../storage/blobs/local-blob-store.js';

/**
 * A signed upload to the local store (what S3 does itself for presigned POSTs). The token is the
 * whole permission: one staging key, one type, at most so many bytes, until it expires.
 */
export async function receiveLocalUpload(
  local: LocalBlobStore,
  input: { token: string; body: Readable; contentType: string | undefined; contentLength: number | undefined },
): Promise<Outcome<{ received: true; size: number }>> {
  const result = await local.acceptUpload(input.token, input.body, { contentType: input.contentType, contentLength: input.contentLength });
  if (result.ok) return ok({ received: true, size: result.size });
  switch (result.reason) {
    case 'expired':
      return fail('SIGNED_URL_EXPIRED', 'This upload URL has expired: ask for a new upload.');
    case 'invalid':
      return fail('SIGNED_URL_INVALID', 'This upload URL is not valid.');
    case 'wrong-content-type':
      return fail('SIGNED_URL_INVALID', 'This upload URL is for another content type.');
    case 'too-large':
      return fail('ASSET_TOO_LARGE', 'The file is larger than this upload allows.');
    case 'incomplete':
      return fail('BAD_REQUEST', 'The file did not arrive whole; nothing was stored.');
  }
}

export interface LocalDownload {
  contentType: string;
  /** An attachment with the file's display name, escaped so no name breaks out of the header. */
  contentDisposition: string;
  size: number;
  body: Readable;
}

/** A signed download from the local store: the file and how to serve it, or why not. */
export async function openLocalDownload(local: LocalBlobStore, token: string): Promise<Outcome<LocalDownload>> {
  const opened = await local.openDownload(token);
  if (opened.ok) return ok({ contentType: opened.grant.contentType, contentDisposition: attachmentDisposition(opened.grant.fileName), size: opened.size, body: opened.body });
  switch (opened.reason) {
    case 'expired':
      return fail('SIGNED_URL_EXPIRED', 'This download URL has expired: ask for a new one.');
    case 'invalid':
      return fail('SIGNED_URL_INVALID', 'This download URL is not valid.');
    case 'missing':
      return fail('NOT_FOUND', 'The file is gone.');
  }
}
