import type { Response } from 'express';
import type { ErrorBody } from '../platform/app-error.js';

/** The seed's response shape: every answer is `{ data, meta?, error? }`. */
export interface Envelope<Data> {
  data: Data | null;
  meta?: Meta;
  error?: ErrorBody;
}

export interface Meta {
  total?: number;
  page?: number;
  limit?: number;
  [key: string]: unknown;
}

export function sendData<Data>(res: Response, data: Data, options: { status?: number; meta?: Meta } = {}): void {
  const body: Envelope<Data> = options.meta ? { data, meta: options.meta } : { data };
  res.status(options.status ?? 200).json(body);
}

export function sendError(res: Response, status: number, error: ErrorBody, data: unknown = null): void {
  const body: Envelope<unknown> = { data, error };
  res.status(status).json(body);
}
