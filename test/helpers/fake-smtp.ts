import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

/** A message as the fake received it, decoded enough for tests to read. */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** Decoded headers, lower-case names (the last of repeated ones). */
  headers: Map<string, string>;
  subject: string;
  text: string;
  html: string;
  /** The message as it came over the wire. */
  raw: string;
}

export interface FakeSmtp {
  /** `smtp://user:pass@127.0.0.1:<port>` (any credentials are accepted; they are recorded). */
  url: string;
  received: ReceivedMail[];
  /** The messages one address received. */
  to(address: string): ReceivedMail[];
  /** Replies the next RCPT TO commands for `address` get, one code per attempt (451, 550…); then it is accepted. */
  script(address: string, ...codes: number[]): void;
  /** RCPT TO commands seen per address, accepted or not. */
  attempts(address: string): number;
  logins: string[];
  close(): Promise<void>;
}

const decodeWords = (value: string) =>
  value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*(?==\?)|=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _c1, e1, t1, _c2, e2, t2) => {
    const encoding = (e1 ?? e2) as string;
    const text = (t1 ?? t2) as string;
    return encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : qp(text.replace(/_/g, ' '));
  });

function qp(text: string): string {
  const bytes: number[] = [];
  const flat = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(flat.slice(i + 1, i + 3))) {
      bytes.push(parseInt(flat.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(flat[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Headers (unfolded) and body of one MIME entity. */
function split(entity: string): { headers: Map<string, string>; body: string } {
  const at = entity.search(/\r?\n\r?\n/);
  const head = at < 0 ? entity : entity.slice(0, at);
  const body = at < 0 ? '' : entity.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body };
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return qp(body);
  return body;
}

/** The text and HTML parts of a message (single part or multipart/alternative, possibly nested). */
function parts(entity: string, found: { text: string; html: string }): void {
  const { headers, body } = split(entity);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) if (!part.startsWith('--')) parts(part.replace(/^\r?\n/, ''), found);
    return;
  }
  if (type.toLowerCase().startsWith('text/html')) found.html = decodeBody(headers, body);
  else if (type.toLowerCase().startsWith('text/plain')) found.text = decodeBody(headers, body);
}

function parse(raw: string, from: string, to: string[]): ReceivedMail {
  const found = { text: '', html: '' };
  parts(raw, found);
  const { headers } = split(raw);
  return { from, to, headers, subject: headers.get('subject') ?? '', ...found, raw };
}

/** A local SMTP server on a free port that records what it is sent and fails on cue. */
export async function startFakeSmtp(): Promise<FakeSmtp> {
  const received: ReceivedMail[] = [];
  const scripts = new Map<string, number[]>();
  const attempts = new Map<string, number>();
  const logins: string[] = [];
  const server = new SMTPServer({
    logger: false,
    // Plain SMTP on loopback: no certificate to trust, so no STARTTLS to offer.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    closeTimeout: 200,
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? '');
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      const key = address.address.toLowerCase();
      attempts.set(key, (attempts.get(key) ?? 0) + 1);
      const code = scripts.get(key)?.shift();
      if (code === undefined) return callback();
      const error: SMTPServerError = new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later');
      error.responseCode = code;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push(parse(Buffer.concat(chunks).toString('utf8'), from, session.envelope.rcptTo.map((r) => r.address.toLowerCase())));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://mailer:secret@127.0.0.1:${port}`,
    received,
    to: (address) => received.filter((mail) => mail.to.includes(address.toLowerCase())),
    script: (address, ...codes) => scripts.set(address.toLowerCase(), codes),
    attempts: (address) => attempts.get(address.toLowerCase()) ?? 0,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
