import type { Connection, Extension, connectedPayload, onTokenSyncPayload } from '@hocuspocus/server';
import type { Verifier } from '../../identity/verifier.js';
import type { Logger } from '../../platform/logger.js';
import { TOKEN_EXPIRED, UNAUTHORIZED } from '../close-codes.js';
import type { CollabContext } from '../context.js';

/** How long before expiry the server asks the provider for a fresh token. */
const ASK_AHEAD_MS = 30_000;

/**
 * A connection lives no longer than the access token that opened it, unless the provider
 * hands over a fresh one: shortly before expiry the server asks for the token (the provider
 * calls its `token` function, which can refresh), checks it is the same person's, and moves
 * the deadline. Without a newer valid token by the deadline the connection closes with
 * `token-expired`; a valid token of someone else closes it at once with `unauthorized`.
 */
export class TokenLifetime implements Extension {
  priority = 450;
  private readonly timers = new Map<Connection<CollabContext>, NodeJS.Timeout[]>();

  constructor(
    private readonly verifier: Verifier,
    private readonly logger: Logger,
  ) {}

  async connected({ connection, context }: connectedPayload<CollabContext>): Promise<void> {
    this.schedule(connection, context);
    connection.onClose(() => this.clear(connection));
  }

  async onTokenSync({ token, connection, context }: onTokenSyncPayload<CollabContext>): Promise<void> {
    const verified = token ? await this.verifier.verify({ bearerToken: token }) : null;
    const current = context.principal;
    // An invalid, stale or unchanged token changes nothing: the deadline set by the last good one still holds.
    if (!verified || verified.expiresAt === undefined || verified.expiresAt <= (context.expiresAt ?? 0)) return;
    if (verified.principal.type !== 'user' || current.type !== 'user' || verified.principal.user.id !== current.user.id) {
      this.logger.warn({ documentName: context.document, socketId: connection.socketId }, "refused a replacement token of someone else");
      throw UNAUTHORIZED;
    }
    // Mutated in place: Hocuspocus copies the context object on token sync, the other extensions hold this one.
    context.expiresAt = verified.expiresAt;
    context.principal = verified.principal;
    this.schedule(connection, context);
  }

  async onDestroy(): Promise<void> {
    for (const connection of [...this.timers.keys()]) this.clear(connection);
  }

  private schedule(connection: Connection<CollabContext>, context: CollabContext): void {
    this.clear(connection);
    if (context.expiresAt === undefined) return;
    const remaining = context.expiresAt - Date.now();
    // Asked once per token; if the provider answers with nothing newer, the deadline stands.
    const ask = setTimeout(() => connection.requestToken(), Math.max(0, remaining - Math.min(ASK_AHEAD_MS, remaining / 2)));
    const expire = setTimeout(() => {
      this.timers.delete(connection);
      this.logger.info({ documentName: context.document, socketId: connection.socketId }, 'closed a connection whose access token expired');
      connection.close(TOKEN_EXPIRED);
    }, Math.max(0, remaining));
    ask.unref();
    expire.unref();
    this.timers.set(connection, [ask, expire]);
  }

  private clear(connection: Connection<CollabContext>): void {
    for (const timer of this.timers.get(connection) ?? []) clearTimeout(timer);
    this.timers.delete(connection);
  }
}
