import { lookup } from 'node:dns/promises';
import net from 'node:net';

/**
 * Where an integration may send: an integration URL is chosen by a project admin but called by
 * our server, so without these rules any admin could make the server probe its own network
 * (SSRF): cloud metadata at 169.254.169.254, a database on 10.x, an admin port on localhost.
 */
export interface UrlPolicy {
  /** INTEGRATIONS_ALLOW_PRIVATE_URLS: http, private addresses and any host (local fakes in development and tests). */
  allowPrivate: boolean;
  /** Every address a host name resolves to. */
  resolve(hostname: string): Promise<string[]>;
}

const RESOLVE_TIMEOUT_MS = 5_000;

/** The policy with the system resolver (getaddrinfo, as `fetch` will use when it calls). */
export function systemUrlPolicy(allowPrivate: boolean): UrlPolicy {
  return {
    allowPrivate,
    async resolve(hostname) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), RESOLVE_TIMEOUT_MS);
      });
      try {
        const found = await Promise.race([lookup(hostname, { all: true, verbatim: true }), timeout]);
        return found.map((entry) => entry.address);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

const blocked = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8], // "this network": 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local: cloud metadata services live here
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
] as const) {
  blocked.addSubnet(address, prefix, 'ipv4');
}
for (const [address, prefix] of [
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some)
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(address, prefix, 'ipv6');
}

/** An IPv6 address as its eight 16-bit groups (any textual form: compressed, with a dotted tail). */
function ipv6Groups(address: string): number[] | null {
  try {
    // The URL parser writes every form (::ffff:127.0.0.1, zero runs) in one canonical way.
    const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
    const [head = '', tail] = canonical.split('::');
    const part = (text: string) => (text ? text.split(':').map((group) => parseInt(group, 16)) : []);
    const start = part(head);
    const end = tail === undefined ? [] : part(tail);
    return [...start, ...new Array<number>(8 - start.length - end.length).fill(0), ...end];
  } catch {
    return null;
  }
}

const ipv4Of = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/**
 * What an IPv6 address leads to when it carries an IPv4 one: the IPv4 address (mapped, SIIT,
 * NAT64, 6to4), 'private' for ranges no webhook lives in (IPv4-compatible, local-use NAT64), or
 * null for a plain IPv6 address.
 */
function embeddedIpv4(groups: number[]): string | 'private' | null {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const zeros = (...values: number[]) => values.every((value) => value === 0);
  if (zeros(g0, g1, g2, g3, g4) && g5 === 0xffff) return ipv4Of(g6, g7);
  if (zeros(g0, g1, g2, g3) && g4 === 0xffff && g5 === 0) return ipv4Of(g6, g7);
  if (zeros(g0, g1, g2, g3, g4, g5)) return 'private';
  if (g0 === 0x64 && g1 === 0xff9b) return zeros(g2, g3, g4, g5) ? ipv4Of(g6, g7) : 'private';
  if (g0 === 0x2002) return ipv4Of(g1, g2);
  return null;
}

/** Whether an address (literal, v4 or v6) is one the server must not be made to call. */
export function isPrivateAddress(address: string): boolean {
  const plain = address.replace(/%.*$/, '');
  const version = net.isIP(plain);
  if (version === 4) return blocked.check(plain, 'ipv4');
  if (version !== 6) return true;
  const groups = ipv6Groups(plain);
  if (!groups) return true;
  const v4 = embeddedIpv4(groups);
  if (v4 === 'private') return true;
  if (v4 !== null) return blocked.check(v4, 'ipv4');
  return blocked.check(plain, 'ipv6');
}

/**
 * Checks a URL an integration will call: https (http only when the policy allows private
 * URLs), no credentials in it, and a host whose every address is public. Returns why not, or null.
 * Checked when the integration is saved; a host can change its addresses later (DNS rebinding),
 * so whatever calls the URL should check the address it connects to again.
 */
export async function checkDestinationUrl(url: URL, policy: UrlPolicy): Promise<string | null> {
  if (url.protocol !== 'https:' && !(policy.allowPrivate && url.protocol === 'http:')) return 'must be an https:// URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (policy.allowPrivate) return null;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (net.isIP(host)) return isPrivateAddress(host) ? 'must not point at a private, loopback or link-local address' : null;
  let addresses: string[];
  try {
    addresses = await policy.resolve(host);
  } catch {
    return `the host ${host} could not be resolved`;
  }
  if (addresses.length === 0) return `the host ${host} could not be resolved`;
  if (addresses.some(isPrivateAddress)) return 'must not point at a private, loopback or link-local address';
  return null;
}
