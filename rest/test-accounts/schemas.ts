import { z } from 'zod';
import { REVEAL_ROLES } from '../../operations/test-accounts/test-account.js';
import { decodeBase32, normalizeBase32 } from '../../operations/test-accounts/totp.js';
import { TEST_ACCOUNT_ENVIRONMENTS } from '../../storage/test-accounts.js';
import { cursorQuery } from '../operation-response.js';
import { userText } from '../text.js';

/** The web client's limits (web/src/limits.ts) mirror these. */
export const TEST_ACCOUNT_LIMITS = { service: 100, username: 320, password: 1_024, totpSeed: 128, notes: 4_000, rotatorUrl: 2_048 } as const;

const projectId = z.uuid().transform((id) => id.toLowerCase());
const service = userText().trim().min(1, 'must not be empty').max(TEST_ACCOUNT_LIMITS.service, `must be at most ${TEST_ACCOUNT_LIMITS.service} characters`);
const username = userText().trim().min(1, 'must not be empty').max(TEST_ACCOUNT_LIMITS.username, `must be at most ${TEST_ACCOUNT_LIMITS.username} characters`);
/** Kept exactly as typed (leading spaces may be part of a password); empty or null clears it. */
const password = userText().max(TEST_ACCOUNT_LIMITS.password, `must be at most ${TEST_ACCOUNT_LIMITS.password} characters`).nullable();
/** Base32 as services show it (spaces, dashes, lower case allowed); at least 80 bits, as RFC 4226 asks. */
const totpSeed = userText()
  .max(TEST_ACCOUNT_LIMITS.totpSeed, `must be at most ${TEST_ACCOUNT_LIMITS.totpSeed} characters`)
  .nullable()
  .transform((value) => (value ? normalizeBase32(value) : null))
  .refine((value) => value === null || value === '' || (decodeBase32(value)?.length ?? 0) >= 10, 'must be a base32 TOTP seed (A–Z, 2–7) of at least 16 characters');
const notes = userText().max(TEST_ACCOUNT_LIMITS.notes, `must be at most ${TEST_ACCOUNT_LIMITS.notes} characters`).nullable();
const environment = z.enum(TEST_ACCOUNT_ENVIRONMENTS);
/** How often the password is due (owners and admins set it); null clears the policy. */
const rotationDays = z.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(365, 'must be at most 365 days').nullable();
/** Called with POST when the password is due; answers `{"password": "…"}`. Same URL rules as integrations. */
const rotatorUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(TEST_ACCOUNT_LIMITS.rotatorUrl, `must be at most ${TEST_ACCOUNT_LIMITS.rotatorUrl} characters`).nullable();
/** Owners are always added: they may always reveal. */
const revealRoles = z.array(z.enum(REVEAL_ROLES)).max(REVEAL_ROLES.length, `at most ${REVEAL_ROLES.length} roles`);

export const projectQuery = z.object({ projectId });

export const listTestAccountsQuery = cursorQuery.extend({ projectId, limit: z.coerce.number().int().min(1).max(100).default(50) });

export const createTestAccountBody = z
  .object({
    service,
    username,
    environment: environment.default('staging'),
    password: password.optional(),
    totpSeed: totpSeed.optional(),
    notes: notes.optional(),
    revealRoles: revealRoles.optional(),
    rotationDays: rotationDays.optional(),
    rotatorUrl: rotatorUrl.optional(),
  })
  .strict();

export const updateTestAccountBody = z
  .object({
    version: z.number().int().min(1).max(2_147_483_647).optional(),
    service: service.optional(),
    username: username.optional(),
    environment: environment.optional(),
    password: password.optional(),
    totpSeed: totpSeed.optional(),
    notes: notes.optional(),
    revealRoles: revealRoles.optional(),
    rotationDays: rotationDays.optional(),
    rotatorUrl: rotatorUrl.optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).some((key) => key !== 'version'), 'give at least one field to change');

export const testAccountResponse = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  service: z.string(),
  username: z.string(),
  environment,
  revealRoles: z.array(z.enum(REVEAL_ROLES)),
  /** Secrets are never listed: only whether each is set. */
  hasPassword: z.boolean(),
  hasTotp: z.boolean(),
  hasNotes: z.boolean(),
  canReveal: z.boolean(),
  passwordChangedAt: z.iso.datetime().nullable(),
  lastRevealedAt: z.iso.datetime().nullable(),
  rotationDays: z.number().int().nullable(),
  /** Whether a rotator webhook is set (its URL is sealed with the secrets and never returned). */
  hasRotator: z.boolean(),
  rotationDueAt: z.iso.datetime().nullable(),
  rotationStatus: z.enum(['none', 'ok', 'reminded', 'failed']),
  rotationError: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const testAccountPageResponse = z.object({ items: z.array(testAccountResponse), next: z.string().nullable() });
export const deletedTestAccountResponse = z.object({ id: z.uuid(), deleted: z.literal(true) });
export const revealedTestAccountResponse = z.object({
  id: z.uuid(),
  service: z.string(),
  username: z.string(),
  password: z.string().nullable(),
  totpSeed: z.string().nullable(),
  notes: z.string().nullable(),
  /** The password a rotation replaced, while its grace period lasts (TEST_ACCOUNT_ROTATION_GRACE_HOURS). */
  previousPassword: z.string().nullable(),
  previousPasswordUntil: z.iso.datetime().nullable(),
  totp: z.object({ code: z.string().regex(/^\d{6}$/), secondsRemaining: z.number().int().min(1).max(30) }).nullable(),
});
