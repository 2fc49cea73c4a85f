import type { z } from 'zod';

/**
 * What a model operation refuses, for all kinds alike. A closed set, so REST, workers and the AI
 * map them once (REST: NOT_FOUND 404, ALREADY_EXISTS 409, NOT_AUTHOR 403, the rest 422). Thrown
 * before anything is written: a refused operation changes nothing.
 */
export const DOCUMENT_ERROR_CODES = ['NOT_FOUND', 'ALREADY_EXISTS', 'NOT_AUTHOR', 'INVALID_INPUT', 'INVALID_RANGE', 'INVALID_MOVE'] as const;
export type DocumentErrorCode = (typeof DOCUMENT_ERROR_CODES)[number];

/** The kinds of entry operations name in errors. */
export type EntryKind = 'column' | 'card' | 'comment' | 'event' | 'item' | 'campaign' | 'asset' | 'feedback' | 'thread' | 'reply' | 'source';

export interface DocumentErrorDetails {
  entity?: EntryKind;
  id?: string;
  /** For INVALID_INPUT: each field that failed and why (its limit). */
  issues?: { path: string; message: string }[];
}

export class DocumentError extends Error {
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
    readonly details: DocumentErrorDetails = {},
  ) {
    super(message);
    this.name = 'DocumentError';
  }
}

export function notFound(entity: EntryKind, id: string): DocumentError {
  return new DocumentError('NOT_FOUND', `no ${entity} ${id}`, { entity, id });
}

export function alreadyExists(entity: EntryKind, id: string): DocumentError {
  return new DocumentError('ALREADY_EXISTS', `${entity} ${id} exists`, { entity, id });
}

/** Parses operation input, refusing it as INVALID_INPUT with each field and its limit (never a bare ZodError). */
export function valid<Schema extends z.ZodType>(schema: Schema, value: unknown, field?: string): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: [field, ...issue.path].filter((part) => part !== undefined).join('.') || '(input)', message: issue.message }));
  throw new DocumentError('INVALID_INPUT', issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), { issues });
}
