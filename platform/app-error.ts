/**
 * The one application error type, for operations and every edge that presents them. Its code
 * is stable (clients branch on it); the HTTP status comes from this table alone.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  /** The body could not be decoded: its Content-Encoding (gzip, deflate, br) does not decompress. */
  INVALID_BODY: 400,
  UNAUTHORIZED: 401,
  REFRESH_TOKEN_REUSED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  EMAIL_NOT_VERIFIED: 403,
  NOT_FOUND: 404,
  DOCUMENT_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  /** An entry a model operation reads is someone else's to change (a comment, a reply). */
  NOT_AUTHOR: 403,
  CONFLICT: 409,
  /** An entry with this id exists already (a create with a client-chosen id). */
  ALREADY_EXISTS: 409,
  /** A `?strict=true` write refused because of scheduling conflicts (listed in details). */
  SCHEDULING_CONFLICT: 409,
  /** The first request with this Idempotency-Key is still running. */
  IDEMPOTENCY_KEY_IN_USE: 409,
  ALREADY_MEMBER: 409,
  LAST_OWNER: 409,
  DOCUMENT_ID_TAKEN: 409,
  /** A PUT named a version of the request it no longer has (someone changed it meanwhile); `data` carries the current one. */
  VERSION_CONFLICT: 409,
  /** The document was reset (an account erasure) on another instance while the change was made there: nothing was saved; try again. */
  DOCUMENT_RESET: 409,
  /** A status change the request's workflow does not allow from where it is (details list where it may go). */
  INVALID_TRANSITION: 409,
  /** `If-Match` named a version the item no longer has; the body carries the current item. */
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  /** The document is at its stored-size limit (COLLAB_MAX_DOCUMENT_BYTES). */
  DOCUMENT_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  /** A document grant names someone who is not a member of the project. */
  NOT_A_MEMBER: 422,
  /** A share link with a password opened without it. */
  LINK_PASSWORD_REQUIRED: 401,
  /** A share link opened with the wrong password. */
  LINK_PASSWORD_WRONG: 403,
  /** A move the board's rules refuse (into an archived column, an item of another type). */
  INVALID_MOVE: 422,
  /** A stage move refused for what the item lacks (each missing requirement in details). */
  STAGE_REQUIREMENTS_NOT_MET: 422,
  /** An Idempotency-Key reused with a different request. */
  IDEMPOTENCY_KEY_REUSED: 422,
  /** A Google calendar linked already (or a calendar document that has a link): each may have one. */
  ALREADY_LINKED: 409,
  /** Google refuses the stored authorization of the account: the person must reconnect it. */
  GOOGLE_ACCOUNT_NEEDS_RECONNECT: 409,
  /** The Google calendar has recurring events, which sync does not carry (linking is refused rather than half-synced). */
  RECURRING_EVENTS: 422,
  /** No such Google calendar for this account (or no access to it). */
  GOOGLE_CALENDAR_NOT_FOUND: 422,
  /** A signed upload or download URL whose signature does not check out, or used for another file or type than it was signed for. */
  SIGNED_URL_INVALID: 403,
  /** A signed upload or download URL past its expiry: ask for a new one. */
  SIGNED_URL_EXPIRED: 403,
  /** `complete` before the file arrived in storage. */
  UPLOAD_NOT_RECEIVED: 409,
  /** The file is attached to cards, pipeline items or requests: deleting it needs unlink=true (or force=true), which unlinks it everywhere (details list the links). */
  ASSET_IN_USE: 409,
  /** The asset's file is not verified yet (or failed verification): nothing to download. */
  ASSET_NOT_READY: 409,
  /** A personal data export still being built (or failed): no archive to download. */
  EXPORT_NOT_READY: 409,
  /** Erasing an account needs a recent sign-in (within 10 minutes): sign in again, then ask again. */
  REAUTH_REQUIRED: 403,
  /** A file larger than ASSET_MAX_BYTES, or than the size announced when the upload was asked for. */
  ASSET_TOO_LARGE: 413,
  /** The project's files would exceed its quota (ASSET_PROJECT_QUOTA_BYTES); details say how much is used. */
  ASSET_QUOTA_EXCEEDED: 413,
  /** The file's bytes are not what its declared type says (an .exe named .png), or of a type not accepted. */
  ASSET_TYPE_MISMATCH: 422,
  /** A file sent in one multipart request that is larger than ASSET_MULTIPART_MAX_BYTES: use the upload flow (POST .../uploads). */
  ASSET_USE_UPLOAD_FLOW: 413,
  // --- billing (payments) ---
  /** A paid plan's member limit is reached: upgrade the plan or remove someone first. */
  PLAN_SEAT_LIMIT: 402,
  /** A payment needs a saved payment method and the project has none (or not that one). */
  PAYMENT_METHOD_REQUIRED: 422,
  /** The invoice is not open (draft, paid, void, uncollectible): nothing to pay. */
  INVOICE_NOT_PAYABLE: 409,
  /** The invoice has a payment waiting for 3-D Secure or still processing: a second one could pay it twice. */
  PAYMENT_IN_PROGRESS: 409,
  /** Stripe refused the request for a reason that is not the card's (a bad price, a detached method). */
  PAYMENT_PROVIDER_REFUSED: 422,
  /** Stripe did not answer (or answered 5xx / 429); nothing was recorded here, retry with the same Idempotency-Key. */
  PAYMENT_PROVIDER_UNAVAILABLE: 502,
  /** Card payments and plans need STRIPE_SECRET_KEY (bank transfer works without). */
  PAYMENTS_NOT_CONFIGURED: 503,
  /** Something that is sent by email (a scheduled report) while no SMTP server is configured (SMTP_URL). */
  EMAIL_NOT_CONFIGURED: 503,
  // --- end billing (payments) ---
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** Google Calendar sync needs Google sign-in's client (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET). */
  GOOGLE_NOT_CONFIGURED: 501,
  /** Google did not answer or asked us to slow down; nothing was changed. */
  GOOGLE_UNAVAILABLE: 502,
  NOT_READY: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** What the response's `data` carries besides the error (a 412's current item). */
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}
