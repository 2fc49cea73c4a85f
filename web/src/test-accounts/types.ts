/** A test account as the server lists it: whether each secret is set, never the secret. */
export interface TestAccount {
  id: string;
  projectId: string;
  service: string;
  username: string;
  environment: Environment;
  revealRoles: RevealRole[];
  hasPassword: boolean;
  hasTotp: boolean;
  hasNotes: boolean;
  canReveal: boolean;
  passwordChangedAt: string | null;
  lastRevealedAt: string | null;
  rotationDays: number | null;
  hasRotator: boolean;
  rotationDueAt: string | null;
  rotationStatus: 'none' | 'ok' | 'reminded' | 'failed';
  rotationError: string | null;
  version: number;
}

export interface RevealedAccount {
  id: string;
  password: string | null;
  totpSeed: string | null;
  notes: string | null;
  previousPassword: string | null;
  previousPasswordUntil: string | null;
  totp: { code: string; secondsRemaining: number } | null;
}

export const ENVIRONMENTS = ['production', 'staging', 'development', 'other'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
/** Owners may always reveal; these are the roles that may be added. */
export const GRANTABLE_ROLES = ['admin', 'editor'] as const;
export type RevealRole = 'owner' | (typeof GRANTABLE_ROLES)[number];

/** What the form sends: secrets only when typed (empty keeps the stored one on edit). */
export interface TestAccountDraft {
  service: string;
  username: string;
  environment: Environment;
  password?: string;
  totpSeed?: string;
  notes?: string;
  revealRoles?: RevealRole[];
  /** Owners and admins only; null clears. */
  rotationDays?: number | null;
  rotatorUrl?: string | null;
}
