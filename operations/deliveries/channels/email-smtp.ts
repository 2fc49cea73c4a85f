import { createTransport } from 'nodemailer';
import type { SendOutcome } from '../channel.js';

type Failure = Extract<SendOutcome, { ok: false }>;

export interface SmtpSettings {
  smtpUrl: string;
  tlsRejectUnauthorized: boolean;
}

/** Longest a connection, the greeting and an idle socket may take: a send never outlives the channel's in-doubt time. */
export const SMTP_TIMEOUT_MS = 30_000;

/**
 * One pooled SMTP transport per process (made where the channels are composed): a few kept-open
 * connections carry every email, rather than a TLS handshake and a login per message. Idle
 * connections close by themselves after a few minutes.
 */
export function createSmtpTransport(settings: SmtpSettings) {
  return createTransport({
    url: settings.smtpUrl,
    pool: true,
    maxConnections: 3,
    maxMessages: 100,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
    tls: { rejectUnauthorized: settings.tlsRejectUnauthorized },
  });
}

export type SmtpTransport = ReturnType<typeof createSmtpTransport>;

/** Addresses out of an error before it is stored (deliveries are listed to project admins): the recipient's address is theirs. */
const withoutAddresses = (text: string) => text.replace(/<?[^\s<>@]+@[^\s<>@]+>?/g, '<address>');

/**
 * What a failed send means for the delivery. An SMTP reply says it: 4xx is "later" (greylisting,
 * a full queue: retried with backoff), 5xx is "never, for this message and recipient" (a rejected
 * address or content: dead at once), except 503, a session out of step, which a new connection
 * fixes. Anything without a reply (refused or dropped connection, timeout, TLS, DNS, a login the
 * server refuses) is this server's problem or a passing one, not the recipient's: retried until
 * the last attempt, so fixing SMTP settings in time loses nothing.
 */
export function smtpFailure(error: unknown): Failure {
  const e = (error ?? {}) as { responseCode?: unknown; code?: unknown; message?: unknown; response?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'ERROR';
  const reply = typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : 'unknown error';
  const firstLine = withoutAddresses(reply.split('\n')[0]!.slice(0, 300));
  if (typeof e.responseCode === 'number' && code !== 'EAUTH') {
    const status = e.responseCode;
    const permanent = status >= 500 && status < 600 && status !== 503;
    return { ok: false, error: `SMTP ${status}: ${firstLine}`, ...(permanent ? { permanent: true } : {}) };
  }
  return { ok: false, error: `SMTP ${code}: ${firstLine}` };
}
