import { z } from 'zod';
import { FIGMA_KINDS } from '../../operations/requests/figma-link.js';
import { REQUEST_PRIORITIES, REQUEST_STATUSES, REQUEST_TYPES } from '../../storage/requests.js';
import { cursorQuery } from '../operation-response.js';
import { userText } from '../text.js';

const projectId = z.uuid().transform((id) => id.toLowerCase());
const title = userText().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const description = userText().max(10_000, 'must be at most 10000 characters');
/** Links only (no uploads): https, bounded, each with an optional title. */
const attachment = z
  .object({
    url: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).max(2_048, 'must be at most 2048 characters').refine((value) => !/[\s\u0000]/.test(value), 'must not contain spaces or NUL'),
    title: userText().trim().max(200, 'must be at most 200 characters').nullable().optional(),
  })
  .strict()
  .transform((value) => ({ url: value.url, title: value.title || null }));
const attachments = z.array(attachment).max(20, 'must have at most 20 links');
/** Checked as a Figma link by the operation (422 with the reason). */
const figmaUrl = userText()
  .trim()
  .max(2_048, 'must be at most 2048 characters')
  .nullable()
  .transform((value) => value || null);
const assigneeId = z.uuid('must be a user id').nullable();

export const createRequestBody = z
  .object({
    projectId,
    type: z.enum(REQUEST_TYPES),
    title,
    description: description.optional(),
    priority: z.enum(REQUEST_PRIORITIES).optional(),
    assigneeId: assigneeId.optional(),
    figmaUrl: figmaUrl.optional(),
    attachments: attachments.optional(),
  })
  .strict();

export const updateRequestBody = z
  .object({
    version: z.number().int().min(1).max(2_147_483_647),
    type: z.enum(REQUEST_TYPES).optional(),
    title: title.optional(),
    description: description.optional(),
    status: z.enum(REQUEST_STATUSES).optional(),
    priority: z.enum(REQUEST_PRIORITIES).optional(),
    assigneeId: assigneeId.optional(),
    figmaUrl: figmaUrl.optional(),
    attachments: attachments.optional(),
  })
  .strict();

export const listRequestsQuery = cursorQuery.extend({
  projectId,
  status: z.enum(REQUEST_STATUSES).optional(),
  type: z.enum(REQUEST_TYPES).optional(),
  /** A member's user id, `me` or `none`. */
  assignee: z.string().max(64, 'must be at most 64 characters').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const addRequestCommentBody = z.object({ body: userText().trim().min(1, 'must not be empty').max(4_000, 'must be at most 4000 characters') }).strict();

const person = z.object({ id: z.string(), name: z.string() });
export const figmaCardResponse = z.object({ url: z.string(), kind: z.enum(FIGMA_KINDS), fileKey: z.string(), nodeId: z.string().nullable(), title: z.string().nullable() });
export const requestResponse = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  type: z.enum(REQUEST_TYPES),
  title: z.string(),
  description: z.string(),
  status: z.enum(REQUEST_STATUSES),
  priority: z.enum(REQUEST_PRIORITIES),
  requester: person,
  assignee: person.nullable(),
  figma: figmaCardResponse.nullable(),
  attachments: z.array(z.object({ url: z.string(), title: z.string().nullable() })),
  version: z.number().int(),
  allowedTransitions: z.array(z.enum(REQUEST_STATUSES)),
  linkPath: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const requestCommentResponse = z.object({ id: z.uuid(), requestId: z.uuid(), author: person, body: z.string(), createdAt: z.string() });
export const requestDetailResponse = requestResponse.extend({ comments: z.object({ items: z.array(requestCommentResponse), total: z.number().int() }) });
export const requestPageResponse = z.object({ items: z.array(requestResponse), next: z.string().nullable() });
