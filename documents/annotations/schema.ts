import { z } from 'zod';
import type { EntryCollection } from '../model.js';

export const ANNOTATIONS_SCHEMA_VERSION = 1;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const instant = z.string().datetime({ offset: true });

/**
 * Where a thread points in the annotated text: offsets plus the text quoted at the time, so
 * the range can be found again after the text changes. One field, replaced whole: half an
 * anchor (a new start with an old quote) would point nowhere.
 */
export const anchor = z
  .object({
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    quote: z.string().max(2_000),
  })
  .strict();
export type Anchor = z.infer<typeof anchor>;

export const threadEntry = z
  .object({
    id,
    /** What is annotated: a document name, an asset id… */
    target: z.string().min(1).max(300),
    anchor,
    authorId: z.string().max(64),
    body: z.string().max(10_000),
    createdAt: instant,
    resolved: z.boolean(),
    resolvedBy: z.string().max(64).nullable(),
    resolvedAt: instant.nullable(),
  })
  .strict();

export const replyEntry = z
  .object({
    id,
    threadId: id,
    authorId: z.string().max(64),
    body: z.string().max(10_000),
    createdAt: instant,
    editedAt: instant.nullable(),
    deleted: z.boolean(),
  })
  .strict();

/**
 * A text kept with its annotations (a script, a brief) for threads whose `target` is its id.
 * Plain text replaced whole: people comment on it here, they do not co-write it.
 */
export const sourceEntry = z
  .object({
    id,
    title: z.string().max(200),
    text: z.string().max(100_000),
  })
  .strict();

export type SourceEntry = z.infer<typeof sourceEntry>;
export type ThreadEntry = z.infer<typeof threadEntry>;
export type ReplyEntry = z.infer<typeof replyEntry>;

/** The text under discussion is the editors'; commenters comment on it. */
export const SOURCES = { name: 'sources', schema: sourceEntry, defaults: { title: '', text: '' }, access: { kind: 'moderated' } } satisfies EntryCollection;
/** Anyone who may comment resolves or reopens a thread; its body, anchor and existence are its author's (and editors'). */
export const THREADS = {
  name: 'threads',
  schema: threadEntry,
  defaults: { body: '', resolved: false, resolvedBy: null, resolvedAt: null },
  access: { kind: 'authored', authorField: 'authorId', openFields: ['resolved', 'resolvedBy', 'resolvedAt'], actorFields: ['resolvedBy'] },
} satisfies EntryCollection;
export const REPLIES = { name: 'replies', schema: replyEntry, defaults: { body: '', editedAt: null, deleted: false }, access: { kind: 'authored', authorField: 'authorId' } } satisfies EntryCollection;
