import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received, whatever it answered. */
export interface FakeRequest {
  at: number;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** What it answered (null while held, or when the caller went away before the answer). */
  status: number | null;
}

/** A message the destination took (posted in the channel): answered 2xx, or received and then held. */
export interface FakeMessage<Body> {
  id: string;
  at: number;
  path: string;
  body: Body;
}

/** What to answer instead of accepting: a status with a body and headers. */
export interface Refusal {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface HeldRequest {
  /** Resolves once a request has arrived and is being held (its message counts as posted). */
  received: Promise<FakeMessage<unknown>>;
  /** Answers the held request as the destination normally would (ignored if the caller is gone). */
  release(): void;
}

/** The behaviour both fakes share; each adds its own paths, validation and answers. */
export interface WebhookBehaviour<Body> {
  /** The webhook exists at this path (otherwise: `unknown`). */
  known(path: string): boolean;
  unknown: Refusal;
  /** Content the destination refuses (a 400 explaining why), or null when it takes it. */
  validate(body: unknown): Refusal | null;
  rateLimited(retryAfterSeconds: number): Refusal;
  serverError(status: number): Refusal;
  /** The answer to an accepted message. */
  accepted(message: FakeMessage<Body>, query: URLSearchParams): { status: number; body: string; contentType?: string };
}

export interface FakeWebhookServer<Body> {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: FakeRequest[];
  /** Messages the destination took, in order. */
  messages: FakeMessage<Body>[];
  /** The next `count` requests answer `status` (5xx) instead. */
  failNext(count: number, status?: number): void;
  /** The next `count` requests answer 429 with this retry-after (seconds; may be a fraction). */
  rateLimitNext(count: number, retryAfterSeconds: number): void;
  /** Every request answers `status` until told otherwise (null: back to normal). */
  alwaysFail(status: number | null): void;
  /** Accept at most one message per `ms` (429 with the time left otherwise), like Slack's 1/s; 0: off. */
  minIntervalMs(ms: number): void;
  /** The next request is taken (posted) but not answered until `release()`. */
  holdNext(): HeldRequest;
  close(): Promise<void>;
}

let counter = 0;

export async function startFakeWebhookServer<Body>(behaviour: WebhookBehaviour<Body>): Promise<FakeWebhookServer<Body>> {
  const requests: FakeRequest[] = [];
  const messages: FakeMessage<Body>[] = [];
  let failing = 0;
  let failStatus = 500;
  let limited = 0;
  let limitSeconds = 1;
  let always: number | null = null;
  let interval = 0;
  let lastAccepted = 0;
  const holds: { resolve: (message: FakeMessage<unknown>) => void; release: Promise<void> }[] = [];
  const open = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = Date.now();
      const url = new URL(req.url ?? '/', 'http://fake');
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      const request: FakeRequest = { at, path: url.pathname, query: url.searchParams, body, status: null };
      requests.push(request);
      const answer = (status: number, text: string, headers: Record<string, string> = {}, contentType = 'application/json') => {
        request.status = status;
        open.delete(res);
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': contentType, ...headers });
        res.end(text);
      };
      const refuse = (refusal: Refusal) => answer(refusal.status, refusal.body, refusal.headers);
      if (req.method !== 'POST' || !behaviour.known(url.pathname)) return refuse(behaviour.unknown);
      if (always !== null) return refuse(behaviour.serverError(always));
      if (limited > 0) return (limited--, refuse(behaviour.rateLimited(limitSeconds)));
      if (failing > 0) return (failing--, refuse(behaviour.serverError(failStatus)));
      const invalid = behaviour.validate(body);
      if (invalid) return refuse(invalid);
      if (interval > 0 && at - lastAccepted < interval) return refuse(behaviour.rateLimited((interval - (at - lastAccepted)) / 1000));
      lastAccepted = at;
      const message: FakeMessage<Body> = { id: `${Date.now()}${String(++counter).padStart(6, '0')}`, at, path: url.pathname, body: body as Body };
      messages.push(message);
      const accepted = behaviour.accepted(message, url.searchParams);
      const hold = holds.shift();
      if (!hold) return answer(accepted.status, accepted.body, {}, accepted.contentType);
      open.add(res);
      hold.resolve(message as FakeMessage<unknown>);
      void hold.release.then(() => answer(accepted.status, accepted.body, {}, accepted.contentType));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    messages,
    failNext(count, status = 500) {
      failing = count;
      failStatus = status;
    },
    rateLimitNext(count, retryAfterSeconds) {
      limited = count;
      limitSeconds = retryAfterSeconds;
    },
    alwaysFail(status) {
      always = status;
    },
    minIntervalMs(ms) {
      interval = ms;
    },
    holdNext() {
      let resolve!: (message: FakeMessage<unknown>) => void;
      let release!: () => void;
      const received = new Promise<FakeMessage<unknown>>((r) => (resolve = r));
      holds.push({ resolve, release: new Promise<void>((r) => (release = r)) });
      return { received, release };
    },
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
