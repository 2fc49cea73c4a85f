import { z } from 'zod';
import { orderKey } from '../order-key.js';
import type { EntryCollection } from '../model.js';

export const PIPELINE_SCHEMA_VERSION = 1;

/** The seed's stages, in order: Idea → Script → Body Mirroring → Production → Review. */
export const STAGES = ['idea', 'script', 'body-mirroring', 'production', 'review'] as const;
export type Stage = (typeof STAGES)[number];

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const instant = z.string().datetime({ offset: true });

export const itemEntry = z
  .object({
    id,
    type: z.enum(['campaign', 'video']),
    title: z.string().max(300),
    stage: z.enum(STAGES),
    /** Fractional key within the stage. */
    order: orderKey,
    assigneeId: z.string().max(64).nullable(),
    dueDate: instant.nullable(),
    /** The campaign a video belongs to. */
    campaignId: id.nullable(),
    brief: z.string().max(20_000),
    /** A linked script, e.g. an annotations document's name. */
    scriptDocument: z.string().max(200).nullable(),
    archived: z.boolean(),
  })
  .strict();

export const ASSET_KINDS = ['video', 'image', 'audio', 'document', 'figma', 'url'] as const;

export const assetEntry = z
  .object({
    id,
    itemId: id,
    kind: z.enum(ASSET_KINDS),
    name: z.string().max(300),
    /** An S3 key or a URL. */
    url: z.string().min(1).max(2048),
    addedBy: z.string().max(64),
    addedAt: instant,
  })
  .strict();

export const feedbackEntry = z
  .object({
    id,
    itemId: id,
    authorId: z.string().max(64),
    body: z.string().max(10_000),
    /** The stage the item was in when the feedback was given. */
    stage: z.enum(STAGES),
    createdAt: instant,
    resolved: z.boolean(),
  })
  .strict();

export type ItemEntry = z.infer<typeof itemEntry>;
export type AssetEntry = z.infer<typeof assetEntry>;
export type FeedbackEntry = z.infer<typeof feedbackEntry>;

export const itemChanges = itemEntry.pick({ title: true, assigneeId: true, dueDate: true, campaignId: true, brief: true, scriptDocument: true }).partial().strict();
export type ItemChanges = z.infer<typeof itemChanges>;

export const ITEMS = {
  name: 'items',
  schema: itemEntry,
  defaults: { title: '', stage: 'idea', order: '', assigneeId: null, dueDate: null, campaignId: null, brief: '', scriptDocument: null, archived: false },
} satisfies EntryCollection;
export const ASSETS = { name: 'assets', schema: assetEntry, defaults: { name: '' }, access: { kind: 'authored', authorField: 'addedBy' } } satisfies EntryCollection;
export const FEEDBACK = {
  name: 'feedback',
  schema: feedbackEntry,
  defaults: { body: '', resolved: false },
  access: { kind: 'authored', authorField: 'authorId', openFields: ['resolved'] },
} satisfies EntryCollection;
