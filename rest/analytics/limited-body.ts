import { Readable } from 'node:stream';
import type { Request } from 'express';
import { AppError } from '../../platform/app-error.js';

/**
 * The request body as a stream that fails with 413 past `maxBytes`, whatever Content-Length
 * claimed, and 415 unless it is CSV (a JSON body was already consumed by the JSON parser).
 */
export function limitedBody(req: Request, maxBytes: number): Readable {
  if (!req.is('text/csv')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv.');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `An import is at most ${maxBytes} bytes; split the file.`);
  return Readable.from(
    (async function* () {
      let received = 0;
      for await (const chunk of req as AsyncIterable<Buffer>) {
        received += chunk.length;
        if (received > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `An import is at most ${maxBytes} bytes; split the file.`);
        yield chunk;
      }
    })(),
  );
}
