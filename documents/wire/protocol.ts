/**
 * The Hocuspocus protocol's message types that clients send (after each frame's address), and the
 * steps of its sync message (y-protocols'). Shared by the server's frame guard and by clients that
 * read their own frames.
 */
export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3, SyncReply: 4, Stateless: 5, Close: 7 } as const;
export const SyncStep = { Step1: 0, Step2: 1, Update: 2 } as const;
/** What follows an authentication message's type: a client's token, or the server's verdict. */
export const AuthStep = { Token: 0, PermissionDenied: 1, Authenticated: 2 } as const;
