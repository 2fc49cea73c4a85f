import { z } from 'zod';
import type { ApiKey } from '../../identity/api-keys.js';
import { API_KEY_ROLES } from '../../identity/roles.js';
import type { CreatedApiKey } from '../../operations/api-keys/create-api-key.js';
import { userText } from '../text.js';

export const createApiKeyBody = z
  .object({ name: userText().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'), role: z.enum(API_KEY_ROLES) })
  .strict();

/** A key as listed: never its secret. */
export const apiKeyResponse = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  name: z.string(),
  role: z.enum(API_KEY_ROLES),
  /** The start of the secret, to tell keys apart. */
  prefix: z.string(),
  /** The person it acts for. */
  createdBy: z.uuid(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export const apiKeyListResponse = z.array(apiKeyResponse);
/** The create response carries the secret, once. */
export const createdApiKeyResponse = apiKeyResponse.extend({ secret: z.string() });
export const revokedApiKeyResponse = z.object({ id: z.uuid(), revoked: z.literal(true) });

export function presentApiKey(key: ApiKey): z.output<typeof apiKeyResponse> {
  return {
    id: key.id,
    projectId: key.projectId,
    name: key.name,
    role: key.role,
    prefix: key.prefix,
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  };
}

export function presentCreatedApiKey(key: CreatedApiKey): z.output<typeof createdApiKeyResponse> {
  return { ...presentApiKey(key), secret: key.secret };
}
