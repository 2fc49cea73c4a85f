import type { NextFunction, Request, Response } from 'express';
import { ZodError } from 'zod';
import { AppError } from '../../platform/app-error.js';
import { sendError } from '../envelope.js';

/** Errors raised by body-parser carry a `type`; these are the client's fault, never a 500. */
const BODY_PARSER_ERRORS: Record<string, AppError> = {
  'entity.parse.failed': new AppError('INVALID_JSON', 'The request body is not valid JSON.'),
  'entity.too.large': new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.'),
  'encoding.unsupported': new AppError('UNSUPPORTED_MEDIA_TYPE', 'The request body encoding is not supported.'),
  'charset.unsupported': new AppError('UNSUPPORTED_MEDIA_TYPE', 'The request body charset is not supported.'),
  'request.aborted': new AppError('BAD_REQUEST', 'The request was aborted before its body arrived.'),
  'request.size.invalid': new AppError('BAD_REQUEST', 'The request body length does not match Content-Length.'),
};

const UNDECODABLE_BODY = new AppError('INVALID_BODY', 'The request body could not be decompressed as its Content-Encoding says.');

/**
 * body-parser passes a failing decompression stream's own error on (a zlib or brotli error,
 * with `code` and `errno` and status 400) without a `type`; it is the client's bytes that are wrong.
 */
function isDecompressionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { status, code, errno } = error as Error & { status?: unknown; code?: unknown; errno?: unknown };
  return status === 400 && typeof errno === 'number' && typeof code === 'string' && /^(Z_|ERR_)/.test(code);
}

const UNDECODABLE_PATH = new AppError('BAD_REQUEST', 'A path parameter is not valid percent-encoded UTF-8.');

/** The router marks a path parameter that `decodeURIComponent` refuses (`%ED%A0%80`, a lone surrogate) with status 400. */
function isUndecodablePath(error: unknown): boolean {
  return error instanceof URIError && (error as URIError & { status?: unknown }).status === 400;
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    return new AppError(
      'VALIDATION_FAILED',
      'The request is not valid.',
      error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  const type = (error as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && BODY_PARSER_ERRORS[type]) return BODY_PARSER_ERRORS[type];
  if (isDecompressionError(error)) return UNDECODABLE_BODY;
  if (isUndecodablePath(error)) return UNDECODABLE_PATH;
  return new AppError('INTERNAL', 'Something went wrong on our side.');
}

export function errorHandler() {
  // Express recognises an error handler by its four parameters.
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const appError = toAppError(error);
    if (appError.code === 'INTERNAL') req.log.error({ err: error }, 'unhandled error');
    if (res.headersSent) {
      res.end();
      return;
    }
    sendError(res, appError.status, appError.toBody(), appError.data ?? null);
  };
}

export function notFound() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    next(new AppError('NOT_FOUND', `No route for ${req.method} ${req.path}.`));
  };
}
