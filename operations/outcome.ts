import { AppError, type ErrorCode } from '../platform/app-error.js';
import { DocumentError } from '../documents/document-error.js';

/** What an operation answers: its value, or an error with a stable code (REST presents it; workers and the AI branch on it). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

export const fail = (code: ErrorCode, message: string, details?: unknown): { ok: false; error: AppError } => ({ ok: false, error: new AppError(code, message, details) });

/** A model's refusal in the application's terms: one mapping for every model and every edge. */
export function fromDocumentError(error: DocumentError): AppError {
  const details = Object.keys(error.details).length > 0 ? error.details : undefined;
  switch (error.code) {
    case 'NOT_FOUND':
      return new AppError('NOT_FOUND', error.message, details);
    case 'ALREADY_EXISTS':
      return new AppError('ALREADY_EXISTS', error.message, details);
    case 'NOT_AUTHOR':
      return new AppError('NOT_AUTHOR', error.message, details);
    case 'INVALID_MOVE':
      return new AppError('INVALID_MOVE', error.message, details);
    case 'INVALID_INPUT':
    case 'INVALID_RANGE':
      // Same shape as a request that failed validation at the edge: each field and its limit.
      return new AppError('VALIDATION_FAILED', error.message, error.details.issues ?? details);
  }
}

/** Runs model code outside a live edit (a pure read, a check), turning its refusals into outcomes. */
export function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return ok(fn());
  } catch (error) {
    if (error instanceof DocumentError) return { ok: false, error: fromDocumentError(error) };
    throw error;
  }
}
