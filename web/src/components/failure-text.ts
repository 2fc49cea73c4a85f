import { RequestFailed } from '../api.js';

/** What went wrong, for people: the server's message and, for a refused form, each field's problem. */
export function failureText(failure: unknown, fallback = 'That did not work'): string {
  if (!(failure instanceof Error)) return fallback;
  const details = failure instanceof RequestFailed && Array.isArray(failure.details) ? (failure.details as { path?: unknown; message?: unknown }[]) : [];
  const fields = details.filter((d) => typeof d.message === 'string').map((d) => (d.path ? `${String(d.path)}: ${String(d.message)}` : String(d.message)));
  return fields.length > 0 ? `${failure.message} ${fields.join('; ')}` : failure.message;
}
