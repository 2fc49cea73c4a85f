import type { RequestStatus } from '../../storage/requests.js';

/**
 * Where a request may go from each status: forward through the work (open → in-progress →
 * in-review → done), a step back when review sends it back, declined from anywhere unfinished,
 * and reopened (back to open) once done or declined. Anything else is refused (409).
 */
const NEXT: Record<RequestStatus, readonly RequestStatus[]> = {
  open: ['in-progress', 'declined'],
  'in-progress': ['in-review', 'open', 'declined'],
  'in-review': ['done', 'in-progress', 'declined'],
  done: ['open'],
  declined: ['open'],
};

export function allowedTransitions(from: RequestStatus): readonly RequestStatus[] {
  return NEXT[from];
}

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return NEXT[from].includes(to);
}
