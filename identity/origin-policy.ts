/**
 * Whether a request authenticated by a cookie comes from one of our own pages. Browsers attach
 * cookies to requests any site makes, but they set `Origin` themselves and no page can forge
 * it, so the Origin header is what tells our pages from someone else's. Pure: REST and the
 * collab server both ask it, each passing the headers it has.
 */

/** The headers a request says it comes from; absent ones may be undefined or null. */
export interface OriginHeaders {
  origin?: string | null | undefined;
  referer?: string | null | undefined;
}

export interface OriginRule {
  /**
   * Accept the Referer's origin when there is no Origin header. Right for REST, where some
   * browsers omit Origin on same-origin requests; never for WebSocket upgrades, which always carry it.
   */
  refererFallback: boolean;
}

/** Our origins: `PUBLIC_URL`'s first, then `ALLOWED_ORIGINS`. */
export function ourOrigins(publicUrl: string, allowedOrigins: readonly string[]): string[] {
  return [new URL(publicUrl).origin, ...allowedOrigins];
}

/**
 * The origin a request claims, serialised as browsers send it (`scheme://host[:port]`), or
 * undefined when it claims none or something that is not an origin (`null`, a path, garbage).
 */
export function claimedOrigin(headers: OriginHeaders, rule: OriginRule): string | undefined {
  const origin = headers.origin ?? undefined;
  // Only a missing Origin falls back: `Origin: null` (sandboxed frames, file://) is an answer, and not ours.
  if (origin !== undefined) return exactOrigin(origin);
  return rule.refererFallback ? originOfUrl(headers.referer) : undefined;
}

/** True when the request's claimed origin is one of `ours`; a request that claims none is not ours. */
export function comesFromOurOrigin(headers: OriginHeaders, ours: readonly string[], rule: OriginRule): boolean {
  const claimed = claimedOrigin(headers, rule);
  return claimed !== undefined && ours.includes(claimed);
}

/** An Origin header must be an origin and nothing more: a URL with a path or credentials is not one. */
function exactOrigin(value: string): string | undefined {
  const origin = originOfUrl(value);
  return origin !== undefined && origin === value.toLowerCase() ? origin : undefined;
}

function originOfUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}
