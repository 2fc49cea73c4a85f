import dns from 'node:dns';
import net from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { isPrivateAddress } from './destination-url.js';

/** The code of the error a guarded call fails with when its host leads somewhere private. */
export const PRIVATE_ADDRESS = 'ERR_PRIVATE_ADDRESS';

export type DestinationFetch = (url: string | URL, init: RequestInit) => Promise<Response>;

function refused(address: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`refused to connect to ${address}: a private, loopback or link-local address`), { code: PRIVATE_ADDRESS });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * Resolves as the system does, then refuses private addresses: the check happens on the address
 * the socket is about to connect to, so a host that passed when its integration was saved and
 * resolves inside our network now (DNS rebinding) is refused at the moment it matters.
 */
export function publicOnlyLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const bad = addresses.find((entry) => isPrivateAddress(entry.address));
    if (bad) return callback(refused(bad.address), []);
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}

const guardedAgent = new Agent({ connect: { lookup: publicOnlyLookup as unknown as net.LookupFunction } });

/**
 * The fetch integrations call their destinations with. Unless private URLs are allowed (local
 * fakes in development and tests), every connection is checked: an IP literal in the URL here,
 * a host name's addresses in the lookup. A refused call fails with cause code ERR_PRIVATE_ADDRESS.
 */
export function destinationFetch(allowPrivate: boolean): DestinationFetch {
  if (allowPrivate) return (url, init) => fetch(url, init);
  return async (url, init) => {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(host) && isPrivateAddress(host)) throw new TypeError('fetch failed', { cause: refused(host) });
    // undici's own fetch with its own agent: the global fetch's bundled undici may differ in version.
    return (await undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: guardedAgent })) as unknown as Response;
  };
}

/** Whether a failed call was refused by the guard (the cause chain carries its code). */
export function refusedAsPrivate(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    if ('code' in current && (current as { code: unknown }).code === PRIVATE_ADDRESS) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
