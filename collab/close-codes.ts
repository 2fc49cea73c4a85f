/**
 * WebSocket close codes and close/denial reasons this server sends. Clients branch on them,
 * so they are named once here and never written as bare numbers elsewhere.
 *
 * Where they arrive: a denial at connect reaches the provider's `onAuthenticationFailed`
 * with the reason; a document connection closed later (access revoked, token expired) reaches
 * its `onClose` with the reason (the Hocuspocus protocol carries no code for one document of a
 * multiplexed socket); a protocol or limit violation closes the whole WebSocket with the code
 * and reason, since the client behind it is broken or hostile.
 */
export const CloseCode = {
  ShuttingDown: 1001,
  /** The server asks the client to come back (an instance admin evicted the document): providers reconnect. */
  Restarting: 1012,
  MessageTooBig: 1009,
  /** Something on the server went wrong with what the client sent (a bug of ours, logged): the client may reconnect. */
  InternalError: 1011,
  MalformedMessage: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  NotFound: 4404,
  /** The document's history was rewritten (an erasure): drop the local copy and load it afresh. */
  DocumentReset: 4410,
  DocumentTooLarge: 4413,
  RateLimited: 4429,
} as const;

export interface CloseReason {
  code: number;
  reason: string;
}

export const INVALID_DOCUMENT_NAME: CloseReason = { code: CloseCode.NotFound, reason: 'invalid-document-name' };
export const PROJECT_NOT_FOUND: CloseReason = { code: CloseCode.NotFound, reason: 'not-found' };
export const DOCUMENT_NOT_FOUND: CloseReason = { code: CloseCode.NotFound, reason: 'document-not-found' };
export const UNAUTHORIZED: CloseReason = { code: CloseCode.Unauthorized, reason: 'unauthorized' };
export const TOKEN_EXPIRED: CloseReason = { code: CloseCode.Unauthorized, reason: 'token-expired' };
export const FORBIDDEN: CloseReason = { code: CloseCode.Forbidden, reason: 'forbidden' };
export const ACCESS_REVOKED: CloseReason = { code: CloseCode.Forbidden, reason: 'access-revoked' };
/** The session cookie was the credential, and the upgrade's Origin is missing or not one of ours (a token needs no Origin). */
export const FORBIDDEN_ORIGIN: CloseReason = { code: CloseCode.Forbidden, reason: 'forbidden-origin' };
/** The session the connection authenticated through ended (logout, refresh-token reuse): sign in again. */
export const SESSION_ENDED: CloseReason = { code: CloseCode.Unauthorized, reason: 'session-ended' };
export const MALFORMED_MESSAGE: CloseReason = { code: CloseCode.MalformedMessage, reason: 'malformed-message' };
/** A well-formed update no honest client sends: content under someone else's client id budget, outside the model's roots, implausible clocks. */
export const REFUSED_UPDATE: CloseReason = { code: CloseCode.MalformedMessage, reason: 'refused-update' };
/** Updates whose dependencies never arrived (within the time and byte bounds) are not kept, relayed or acknowledged. */
export const MISSING_DEPENDENCIES: CloseReason = { code: CloseCode.MalformedMessage, reason: 'missing-dependencies' };
export const MESSAGE_TOO_BIG: CloseReason = { code: CloseCode.MessageTooBig, reason: 'message-too-big' };
export const DOCUMENT_TOO_LARGE: CloseReason = { code: CloseCode.DocumentTooLarge, reason: 'document-too-large' };
export const RATE_LIMITED: CloseReason = { code: CloseCode.RateLimited, reason: 'rate-limited' };
/**
 * The document was reset (an erasure rewrote it without its history): every socket on it is closed
 * with this, and an update from a copy made before the reset (it carries retired client ids) is
 * refused with it. Clients drop their local copy of the document (IndexedDB too) and load it again.
 */
export const DOCUMENT_RESET: CloseReason = { code: CloseCode.DocumentReset, reason: 'document-reset' };
/**
 * Checking or repairing an update of this connection threw (a bug in a model's repair, logged as an
 * error). The update was applied as it came; the connection is closed so that a client repeating
 * it stops, instead of Hocuspocus closing it with a bare "reset" and an unstructured log line.
 */
export const REPAIR_FAILED: CloseReason = { code: CloseCode.InternalError, reason: 'repair-failed' };
export const EVICTED: CloseReason = { code: CloseCode.Restarting, reason: 'evicted' };
export const SHUTTING_DOWN: CloseReason = { code: CloseCode.ShuttingDown, reason: 'shutting-down' };
