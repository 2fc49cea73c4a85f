import { z } from 'zod';
import { orderKey } from '../order-key.js';
import type { EntryCollection } from '../model.js';

/** Bumped when the stored shape changes; `readBoard` reports it so clients can refuse what they do not understand. */
export const KANBAN_SCHEMA_VERSION = 1;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** How many assignees, and how many labels, one card may have. */
export const CARD_LIST_MAX_ITEMS = 50;

export const columnEntry = z
  .object({
    id,
    title: z.string().max(200),
    order: orderKey,
    archived: z.boolean(),
  })
  .strict();

export const cardEntry = z
  .object({
    id,
    title: z.string().max(500),
    description: z.string().max(20_000),
    columnId: id,
    order: orderKey,
    assignees: z.array(z.string().max(64)).max(CARD_LIST_MAX_ITEMS),
    labels: z.array(z.string().max(64)).max(CARD_LIST_MAX_ITEMS),
    dueDate: z.string().datetime({ offset: true }).nullable(),
    links: z.array(z.object({ kind: z.enum(['asset', 'document', 'url']), target: z.string().max(2048) }).strict()).max(100),
    archived: z.boolean(),
  })
  .strict();

/** Comments live in their own map (not an array on the card) so concurrent comments from offline people all survive. */
export const commentEntry = z
  .object({
    id,
    cardId: id,
    authorId: z.string().max(64),
    body: z.string().max(10_000),
    createdAt: z.string().datetime({ offset: true }),
    editedAt: z.string().datetime({ offset: true }).nullable(),
    deleted: z.boolean(),
  })
  .strict();

export type ColumnEntry = z.infer<typeof columnEntry>;
export type CommentEntry = z.infer<typeof commentEntry>;
export type CardEntry = z.infer<typeof cardEntry>;

/** What a card may be changed to with `updateCard`; identity, placement and archival have their own operations. */
export const cardChanges = cardEntry.pick({ title: true, description: true, assignees: true, labels: true, dueDate: true, links: true }).partial();
export type CardChanges = z.infer<typeof cardChanges>;

export const COLUMNS = { name: 'columns', schema: columnEntry, defaults: { title: '', order: '', archived: false } } satisfies EntryCollection;
export const CARDS = {
  name: 'cards',
  schema: cardEntry,
  defaults: { title: '', description: '', order: '', assignees: [], labels: [], dueDate: null, links: [], archived: false },
} satisfies EntryCollection;
export const COMMENTS = { name: 'comments', schema: commentEntry, defaults: { body: '', editedAt: null, deleted: false }, access: { kind: 'authored', authorField: 'authorId' } } satisfies EntryCollection;
