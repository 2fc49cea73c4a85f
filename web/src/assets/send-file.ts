import { RequestFailed } from '../api.js';
import type { UploadTarget } from './types.js';

export interface SendProgress {
  loaded: number;
  total: number;
}

/** Headers a page may not set (the browser sets them itself, and complains in the console if asked to). */
const SET_BY_BROWSER = new Set(['content-length', 'host', 'connection', 'origin', 'referer', 'cookie']);

/**
 * Sends the file where the server said, reporting bytes sent as they go: XMLHttpRequest, because
 * fetch has no upload progress. Local disk: a PUT of the raw bytes with the given headers. S3: a
 * multipart POST of the policy's fields, then the file as `file` (S3 ignores fields after it).
 * Rejects with a RequestFailed in the server's words; an abort rejects with code `ABORTED`.
 */
export function sendFile(target: UploadTarget, file: Blob, type: string, onProgress: (progress: SendProgress) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(target.method, target.method === 'PUT' ? ownOriginUrl(target.url) : target.url);
    request.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress({ loaded: file.size, total: file.size });
        resolve();
      } else {
        reject(refusalOf(request));
      }
    };
    request.onerror = () => reject(new RequestFailed(0, 'NETWORK_ERROR', 'The file could not be sent: the connection failed. Check the network and try again.'));
    request.onabort = () => reject(new RequestFailed(0, 'ABORTED', 'Upload cancelled.'));
    request.ontimeout = () => reject(new RequestFailed(0, 'TIMEOUT', 'The file took too long to send. Try again.'));
    if (signal?.aborted) {
      reject(new RequestFailed(0, 'ABORTED', 'Upload cancelled.'));
      return;
    }
    signal?.addEventListener('abort', () => request.abort(), { once: true });

    if (target.method === 'PUT') {
      for (const [name, value] of Object.entries(target.headers)) if (!SET_BY_BROWSER.has(name.toLowerCase())) request.setRequestHeader(name, value);
      // The signed URL checks the type it was signed for: always send it, whatever the headers said.
      if (!Object.keys(target.headers).some((name) => name.toLowerCase() === 'content-type')) request.setRequestHeader('content-type', type);
      request.send(file);
    } else {
      const form = new FormData();
      for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
      form.append('file', file);
      request.send(form);
    }
  });
}

/**
 * The local store's signed URL is always this app's own (`/api/blobs/upload`), named with the
 * server's public address: sent to this page's origin instead, as every other API call is, so it
 * works behind the development server's proxy too instead of being a cross-origin request.
 */
function ownOriginUrl(url: string): string {
  const parsed = new URL(url, location.href);
  return parsed.pathname.startsWith('/api/blobs/') ? `${parsed.pathname}${parsed.search}` : url;
}

/** What a refused send says: our API's JSON envelope (local disk), or S3's XML error (`<Code>`, `<Message>`). */
function refusalOf(request: XMLHttpRequest): RequestFailed {
  const text = request.responseText;
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } };
    if (parsed.error?.code) return new RequestFailed(request.status, parsed.error.code, parsed.error.message ?? `Upload refused (${request.status})`, parsed.error.details);
  } catch {
    // Not JSON: S3 answers in XML, read below.
  }
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  // S3 refuses a body outside the policy's content-length-range as EntityTooLarge: the same refusal as ours.
  if (code === 'EntityTooLarge') return new RequestFailed(413, 'ASSET_TOO_LARGE', message ?? 'The file is larger than the upload allows.');
  return new RequestFailed(request.status, code ?? 'UPLOAD_REFUSED', message ?? `The storage refused the file (${request.status}).`);
}
