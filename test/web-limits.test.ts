import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ACCEPTED_TYPE_NAMES } from '../operations/assets/asset-types.js';
import { createUploadBody } from '../rest/assets/schemas.js';
import { createIntegrationBody } from '../rest/integrations/schemas.js';
import { createDocumentBody } from '../rest/documents/schemas.js';
import { nameVersionBody } from '../rest/documents/version-schemas.js';
import { createProjectBody } from '../rest/projects/project-schemas.js';
import { addRequestCommentBody, createRequestBody } from '../rest/requests/schemas.js';
import { feedbackBody, voteBody } from '../rest/rlhf/schemas.js';
import { ACCEPTED_UPLOAD_TYPES, uploadTypeOf } from '../web/src/assets/accepted-types.js';
import { uploadNameOf } from '../web/src/assets/upload-file.js';
import { LIMITS } from '../web/src/limits.js';

/** The web client mirrors the REST API's limits (its schemas cannot be bundled): this keeps the copy honest. */
const maxOf = (schema: z.ZodType): number | null => {
  const inner = (schema as { unwrap?: () => z.ZodType }).unwrap?.() ?? schema;
  return (inner as { maxLength?: number | null }).maxLength ?? null;
};

type Shape = Record<string, z.ZodType>;
const shapeOf = (schema: z.ZodType): Shape => (schema as unknown as { shape: Shape }).shape ?? (schema as unknown as { in: { shape: Shape } }).in.shape;

describe('the web client’s copy of the API’s limits', () => {
  it('matches the schemas the API validates with', () => {
    expect(maxOf(shapeOf(createProjectBody).name!)).toBe(LIMITS.projectName.max);
    expect(maxOf(shapeOf(createDocumentBody).title!)).toBe(LIMITS.documentTitle.max);
    expect(maxOf(shapeOf(nameVersionBody).label!)).toBe(LIMITS.versionLabel.max);
    expect(maxOf(shapeOf(createRequestBody).title!)).toBe(LIMITS.requestTitle.max);
    expect(maxOf(shapeOf(createRequestBody).description!)).toBe(LIMITS.requestDescription.max);
    expect(maxOf(shapeOf(addRequestCommentBody).body!)).toBe(LIMITS.requestComment.max);
    const discord = (createIntegrationBody as unknown as { options: z.ZodType[] }).options[0]!;
    expect(maxOf(shapeOf(discord).name!)).toBe(LIMITS.integrationName.max);
    expect(maxOf(shapeOf(discord).secret!)).toBe(LIMITS.integrationSecret.max);
    // Feedback is limited in both the vote and the feedback-only call; the vote's passes through a transform (empty → none).
    expect(maxOf(shapeOf(feedbackBody).feedback!)).toBe(LIMITS.voteFeedback.max);
    const voteFeedback = (shapeOf(voteBody).feedback as unknown as { unwrap: () => { in: z.ZodType } }).unwrap().in;
    expect(maxOf(voteFeedback)).toBe(LIMITS.voteFeedback.max);
  });

  it('offers the file types the API accepts, and shortens a long file name to fit, keeping its extension', () => {
    expect(maxOf(shapeOf(createUploadBody).name!)).toBe(LIMITS.uploadName.max);
    expect([...ACCEPTED_UPLOAD_TYPES].sort()).toEqual([...ACCEPTED_TYPE_NAMES].sort());
    const long = `${'a'.repeat(400)}.mp4`;
    const shortened = uploadNameOf(long);
    expect(shortened.length).toBeLessThanOrEqual(LIMITS.uploadName.max);
    expect(shortened.endsWith('….mp4')).toBe(true);
    expect(createUploadBody.safeParse({ name: shortened, type: 'video/mp4', size: 1 }).success).toBe(true);
    // A file the browser gives no type: its extension says what it claims; anything else is refused before asking.
    expect(uploadTypeOf({ name: 'Cut v2.MOV', type: '' })).toBe('video/quicktime');
    expect(uploadTypeOf({ name: 'setup.exe', type: 'application/x-msdownload' })).toBeNull();
  });
});
