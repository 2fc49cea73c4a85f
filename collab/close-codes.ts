/**
 * WebSocket close codes and permission-denied reasons this server sends. Clients branch on
 * them, so they are named once here and never written as bare numbers elsewhere.
 */
export const CloseCode = {
  Unauthorized: 4401,
  Forbidden: 4403,
  NotFound: 4404,
  MessageTooBig: 1009,
  ShuttingDown: 1001,
} as const;

export interface CloseReason {
  code: number;
  reason: string;
}

export const INVALID_DOCUMENT_NAME: CloseReason = { code: CloseCode.NotFound, reason: 'invalid-document-name' };
export const PROJECT_NOT_FOUND: CloseReason = { code: CloseCode.NotFound, reason: 'not-found' };
export const UNAUTHORIZED: CloseReason = { code: CloseCode.Unauthorized, reason: 'unauthorized' };
export const FORBIDDEN: CloseReason = { code: CloseCode.Forbidden, reason: 'forbidden' };
