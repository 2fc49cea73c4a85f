import { columnEntry, commentEntry } from '../../../documents/kanban/schema.js';
import type { Limit } from '../limits.js';

const maxOf = (max: number | null, fallback: number) => max ?? fallback;

/** Board limits not in the shared `LIMITS`, read from the kanban schema like those. */
export const BOARD_LIMITS = {
  columnTitle: { max: maxOf(columnEntry.shape.title.maxLength, 200), what: 'Column titles', trim: true },
  comment: { max: maxOf(commentEntry.shape.body.maxLength, 10_000), what: 'Comments', trim: true },
  /** Who to add, typed: a member's name, email or id. */
  assignee: { max: 254, what: 'Names', trim: true },
} as const satisfies Record<string, Limit>;
