import type { Request } from 'express';
import { useUploadFlow } from '../../operations/assets/upload-small-file.js';
import { AppError } from '../../platform/app-error.js';

/** Room for the form's boundaries and part headers around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

export interface SmallFilePart {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/**
 * Reads a multipart/form-data body carrying one `file` part of at most `maxBytes`, with Node's own
 * form parser (undici's). The body is counted as it arrives: an announced or actual length past the
 * limit stops reading at once (413 ASSET_USE_UPLOAD_FLOW), so a large file never sits in memory.
 */
export async function readSmallFilePart(req: Request, maxBytes: number): Promise<SmallFilePart> {
  const contentType = req.get('content-type') ?? '';
  if (!/^multipart\/form-data;\s*boundary=/i.test(contentType)) {
    throw new AppError('VALIDATION_FAILED', 'Send the file as multipart/form-data, in a part named `file`.', [{ path: 'file', message: 'must be sent as multipart/form-data' }]);
  }
  const limit = maxBytes + FORM_OVERHEAD_BYTES;
  const announced = Number(req.get('content-length'));
  if (Number.isFinite(announced) && announced > limit) throw tooLarge(maxBytes, null);
  const body = await readAtMost(req, limit);
  if (!body) throw tooLarge(maxBytes, null);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new AppError('INVALID_BODY', 'The multipart/form-data body could not be read.');
  }
  const files = form.getAll('file').filter((value): value is File => typeof value !== 'string');
  if (files.length !== 1) throw new AppError('VALIDATION_FAILED', 'Send exactly one file, in a part named `file`.', [{ path: 'file', message: files.length === 0 ? 'is required' : 'must be one file' }]);
  const file = files[0]!;
  if (file.size > maxBytes) throw tooLarge(maxBytes, file.size);
  return { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/**
 * The body, or null once it passes `limit`: reading stops there (the request is paused, not
 * destroyed, so the refusal can still be answered; the route closes the connection after it).
 */
export function readAtMost(req: Request, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) return void chunks.push(chunk);
      cleanup();
      req.pause();
      resolve(null);
    };
    const onEnd = () => (cleanup(), resolve(Buffer.concat(chunks)));
    const onError = (error: Error) => (cleanup(), reject(error));
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function tooLarge(maxBytes: number, size: number | null): AppError {
  return useUploadFlow(maxBytes, size).error;
}
