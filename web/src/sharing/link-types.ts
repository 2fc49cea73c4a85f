/**
 * Share links as the server carries them (rest/documents/schemas.ts: createLinkBody, linkResponse,
 * createdLinkResponse, openedLinkResponse). A link opens one document, without an account, as a
 * viewer or a commenter.
 */

export const LINK_ROLES = ['viewer', 'commenter'] as const;
export type LinkRole = (typeof LINK_ROLES)[number];

export const isLinkRole = (value: string): value is LinkRole => (LINK_ROLES as readonly string[]).includes(value);

/** The server's bounds on a link's password and label. */
export const LINK_PASSWORD = { min: 8, max: 200 } as const;
export const LINK_LABEL_MAX = 80;

/** A link as listed for owners and admins: never its token, which was shown once. */
export interface ShareLink {
  id: string;
  role: LinkRole;
  /** How the link's visitors are named (presence, comments). */
  label: string;
  hasPassword: boolean;
  expiresAt: string | null;
  createdBy: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  uses: number;
}

/** A link just made: the only answer that carries its token and address. */
export interface CreatedLink extends ShareLink {
  token: string;
  /** `<PUBLIC_URL>/#/link/<token>`. */
  url: string;
}

/** What the Create link form sends; an empty label is left to the server's default. */
export interface LinkDraft {
  role: LinkRole;
  label: string;
  password: string;
  /** ISO 8601 with the owner's offset, or null for a link that does not expire. */
  expiresAt: string | null;
}

/** A link opened: an access token for the link's own identity, and the one document it opens. */
export interface OpenedLink {
  accessToken: string;
  /** Seconds; never past the link's own expiry. */
  expiresIn: number;
  role: LinkRole;
  document: { projectId: string; documentId: string; name: string; kind: string; title: string };
}

/** Why a link did not open, each met with its own screen. */
export type LinkRefusal =
  /** Unknown, expired or revoked (the server does not say which). */
  | 'not-found'
  | 'password-required'
  | 'password-wrong'
  | 'rate-limited'
  /** No answer at all (offline) or one that makes no sense. */
  | 'unreachable';

export type LinkOpening = { ok: true; opened: OpenedLink } | { ok: false; refusal: LinkRefusal; message: string };
