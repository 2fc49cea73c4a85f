import { z } from 'zod';
import type { ProjectRole } from '../../identity/roles.js';
import type { Vault } from '../../platform/vault.js';
import type { RotationStatus, StoredTestAccount, TestAccountEnvironment } from '../../storage/test-accounts.js';
import type { OperationDeps } from '../dependencies.js';
import type { UrlPolicy } from '../integrations/destination-url.js';

/** Test-account operations also seal and open secrets and check rotator URLs; `now` is the clock TOTP codes are made for. */
export interface TestAccountDeps extends OperationDeps {
  vault: Vault;
  urls: UrlPolicy;
  now?: () => number;
}

/** Roles a reveal may be granted to. Commenters and viewers never see the vault at all. */
export const REVEAL_ROLES = ['owner', 'admin', 'editor'] as const satisfies readonly ProjectRole[];
export type RevealRole = (typeof REVEAL_ROLES)[number];
export const DEFAULT_REVEAL_ROLES: readonly RevealRole[] = ['owner', 'admin'];

/**
 * Owners are always among those who may reveal: they answer for the project, and an admin must not
 * be able to lock them out of credentials the team depends on. Kept in the role table's order.
 */
export function normalizeRevealRoles(roles: readonly RevealRole[]): RevealRole[] {
  const wanted = new Set<RevealRole>(['owner', ...roles]);
  return REVEAL_ROLES.filter((role) => wanted.has(role));
}

/** What the sealed blob holds. */
export interface TestAccountSecrets {
  password: string | null;
  totpSeed: string | null;
  notes: string | null;
  /** The rotation policy's webhook: sealed, as such URLs usually carry a token. */
  rotatorUrl: string | null;
  /** The password a rotation replaced, revealable until `previousPasswordUntil` (ISO). */
  previousPassword: string | null;
  previousPasswordUntil: string | null;
}

export const NO_SECRETS: TestAccountSecrets = { password: null, totpSeed: null, notes: null, rotatorUrl: null, previousPassword: null, previousPasswordUntil: null };

const secretsShape = z
  .object({
    password: z.string().nullable(),
    totpSeed: z.string().nullable(),
    notes: z.string().nullable(),
    rotatorUrl: z.string().nullable().default(null),
    previousPassword: z.string().nullable().default(null),
    previousPasswordUntil: z.string().nullable().default(null),
  })
  .strict();

/** The associated data both envelope layers are bound to: this record of this project, nowhere else. */
export const envelopeContext = (account: { id: string; projectId: string }) => `test-account:${account.projectId}:${account.id}`;

export function sealSecrets(vault: Vault, account: { id: string; projectId: string }, secrets: TestAccountSecrets) {
  return vault.seal(JSON.stringify(secrets), envelopeContext(account));
}

export function openSecrets(vault: Vault, account: StoredTestAccount): TestAccountSecrets {
  return secretsShape.parse(JSON.parse(vault.open(account.envelope, envelopeContext(account))));
}

/** An account as listed: whether each secret is set, never the secret. */
export interface TestAccountView {
  id: string;
  projectId: string;
  service: string;
  username: string;
  environment: TestAccountEnvironment;
  revealRoles: RevealRole[];
  hasPassword: boolean;
  hasTotp: boolean;
  hasNotes: boolean;
  /** Whether the caller's role may reveal this one. */
  canReveal: boolean;
  /** When the password last changed: the "last rotated" of the screen. */
  passwordChangedAt: string | null;
  lastRevealedAt: string | null;
  /** Every so many days the password is due (null: no policy); with a rotator webhook it is replaced, otherwise the people who may reveal it are reminded. */
  rotationDays: number | null;
  hasRotator: boolean;
  rotationDueAt: string | null;
  rotationStatus: RotationStatus;
  rotationError: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function isRevealRole(role: string): role is RevealRole {
  return (REVEAL_ROLES as readonly string[]).includes(role);
}

export function mayReveal(account: Pick<StoredTestAccount, 'revealRoles'>, role: ProjectRole): boolean {
  return isRevealRole(role) && account.revealRoles.includes(role);
}

export function toTestAccountView(account: StoredTestAccount, callerRole: ProjectRole): TestAccountView {
  return {
    id: account.id,
    projectId: account.projectId,
    service: account.service,
    username: account.username,
    environment: account.environment,
    revealRoles: account.revealRoles.filter(isRevealRole),
    hasPassword: account.hasPassword,
    hasTotp: account.hasTotp,
    hasNotes: account.hasNotes,
    canReveal: mayReveal(account, callerRole),
    passwordChangedAt: iso(account.passwordChangedAt),
    lastRevealedAt: iso(account.lastRevealedAt),
    rotationDays: account.rotation.days,
    hasRotator: account.rotation.hasRotator,
    rotationDueAt: iso(account.rotation.dueAt),
    rotationStatus: account.rotation.status,
    rotationError: account.rotation.error,
    version: account.version,
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
  };
}
