/** The REST API's envelope, as the server sends it. */
export interface ApiError {
  code: string;
  message: string;
  /** Validation failures: each field and what is wrong with it. */
  details?: unknown;
}

export class RequestFailed extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface Page<T> {
  data: T[];
  meta: { total: number; page: number; limit: number };
}

let refreshing: Promise<string | null> | null = null;
let accessToken: string | null = null;
let accessExpiresAt = 0;
/**
 * Requests under way, and whether the person is signing out. A request still out when the session
 * ends comes back 401, tries a refresh that fails too, and both land in the console as errors:
 * signing out cancels what is under way before it ends the session, and nothing new is sent until
 * someone signs in again.
 */
const underWay = new Set<AbortController>();
let signingOut = false;
const signedOut = () => new RequestFailed(401, 'SIGNED_OUT', 'Signed out');

export function rememberAccessToken(token: string, expiresInSeconds: number): void {
  accessToken = token;
  accessExpiresAt = Date.now() + expiresInSeconds * 1000;
  signingOut = false;
}

/** At sign-out, before the session ends: cancels the API requests under way and refuses new ones until the next sign-in. */
export function endRequests(): void {
  signingOut = true;
  for (const request of underWay) request.abort();
  underWay.clear();
}

export function forgetAccessToken(): void {
  accessToken = null;
  accessExpiresAt = 0;
}

/**
 * A fresh access token from the refresh cookie. One refresh at a time, across tabs too
 * (navigator.locks): refresh tokens rotate, and the server treats a second use of an old one as
 * theft and ends the session.
 */
export function refreshAccessToken(): Promise<string | null> {
  refreshing ??= (async () => {
    const run = async () => {
      const response = await fetch('/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (!response.ok) {
        forgetAccessToken();
        return null;
      }
      const body = (await response.json()) as { data: { accessToken: string; expiresIn: number } };
      rememberAccessToken(body.data.accessToken, body.data.expiresIn);
      return body.data.accessToken;
    };
    try {
      return navigator.locks ? await navigator.locks.request('studio-refresh', run) : await run();
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** The current access token, refreshed when it expires within a minute. */
export async function currentAccessToken(): Promise<string | null> {
  if (accessToken && accessExpiresAt - Date.now() > 60_000) return accessToken;
  return refreshAccessToken();
}

/**
 * A request of this session: refused while signing out, cancelled by `endRequests`, and sent once
 * more after a refresh when it comes back 401. `read` takes the response (a stream too) before the
 * request stops counting as under way, so signing out also stops a stream being read. The caller's
 * own `signal` cancels it as well.
 */
export async function sessionRequest<T>(path: string, init: RequestInit, read: (response: Response) => Promise<T>): Promise<T> {
  if (signingOut) throw signedOut();
  const request = new AbortController();
  underWay.add(request);
  const signal = init.signal ? AbortSignal.any([init.signal, request.signal]) : request.signal;
  const send = () => fetch(path, { ...init, signal });
  try {
    let response = await send();
    if (response.status === 401 && !signingOut && (await refreshAccessToken())) response = await send();
    return await read(response);
  } catch (error) {
    if (request.signal.aborted) throw signedOut();
    throw error;
  } finally {
    underWay.delete(request);
  }
}

/** Calls the API with the session cookie; one refresh and retry on 401. `headers` adds request headers (an `Idempotency-Key`). */
export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ data: T; meta?: Page<T>['meta'] }> {
  const init: RequestInit = { method, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) };
  const { response, text } = await sessionRequest(path, init, async (response) => ({ response, text: await response.text() }));
  const parsed = text ? (JSON.parse(text) as { data: T; meta?: Page<T>['meta']; error?: ApiError }) : undefined;
  if (!response.ok || !parsed) throw new RequestFailed(response.status, parsed?.error?.code ?? 'HTTP_ERROR', parsed?.error?.message ?? `Request failed (${response.status})`, parsed?.error?.details);
  return parsed;
}
