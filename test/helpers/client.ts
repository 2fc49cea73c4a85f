import { randomUUID } from 'node:crypto';

export interface Reply<Data = unknown> {
  status: number;
  headers: Headers;
  body: { data: Data; meta?: Record<string, unknown>; error?: { code: string; message: string; details?: unknown } };
}

export interface SignedIn {
  userId: string;
  email: string;
  accessToken: string;
  refreshToken: string;
  /** The `Cookie` header a browser would send after this sign-in. */
  cookie: string;
}

/** A thin fetch wrapper for the envelope API; nothing of ours is mocked. */
export function client(baseUrl: string) {
  async function call<Data = unknown>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply<Data>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  /** Signs in through dev login; a unique email unless one is given. */
  async function signIn(email = `user-${randomUUID()}@example.com`, name?: string): Promise<SignedIn> {
    const reply = await call<{ user: { id: string; email: string }; accessToken: string; refreshToken: string }>('POST', '/auth/dev/login', {
      body: name ? { email, name } : { email },
    });
    if (reply.status !== 200) throw new Error(`sign-in failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    const cookie = reply.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    return { userId: reply.body.data.user.id, email: reply.body.data.user.email, accessToken: reply.body.data.accessToken, refreshToken: reply.body.data.refreshToken, cookie };
  }

  return { call, signIn };
}
