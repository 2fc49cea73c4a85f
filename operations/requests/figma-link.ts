/**
 * Figma links on requests: a file, design or prototype URL on figma.com with the file's key, read
 * into a small card (which file, which node, its title as the URL spells it). Pure, so the web
 * client and the server read a link the same way.
 */
export const FIGMA_KINDS = ['file', 'design', 'proto'] as const;
export type FigmaKind = (typeof FIGMA_KINDS)[number];

export interface FigmaCard {
  url: string;
  kind: FigmaKind;
  fileKey: string;
  /** The node the link points at (`12:34`), or null for the whole file. */
  nodeId: string | null;
  /** The file's title from the URL's slug ("Checkout-v2" → "Checkout v2"), or null when it has none. */
  title: string | null;
}

export type FigmaParse = { ok: true; card: FigmaCard } | { ok: false; reason: string };

const HOSTS = new Set(['figma.com', 'www.figma.com']);
const KEY = /^[A-Za-z0-9]{10,128}$/;
/** `12-34` as URLs carry it now, `12:34` as they used to (and as Figma's API names nodes). */
const NODE = /^(\d{1,12})[-:](\d{1,12})$/;
const MAX_URL = 2_048;

function slugTitle(slug: string | undefined): string | null {
  if (!slug) return null;
  try {
    const title = decodeURIComponent(slug).replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
    return title ? title.slice(0, 200) : null;
  } catch {
    return null;
  }
}

export function parseFigmaUrl(input: string): FigmaParse {
  const text = input.trim();
  if (text.length > MAX_URL) return { ok: false, reason: `must be at most ${MAX_URL} characters` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'is not a URL' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'must be an https:// figma.com link' };
  if (!HOSTS.has(url.hostname) || url.port !== '' || url.username !== '' || url.password !== '') return { ok: false, reason: 'must be a figma.com link' };
  const [kind, fileKey, ...rest] = url.pathname.split('/').filter(Boolean);
  if (!kind || !(FIGMA_KINDS as readonly string[]).includes(kind)) return { ok: false, reason: 'must link a Figma file, design or prototype (/file/, /design/ or /proto/)' };
  if (!fileKey || !KEY.test(fileKey)) return { ok: false, reason: 'must carry the file’s key after /' + kind + '/' };
  // Branch links: /design/<key>/branch/<branchKey>/<title>.
  const slug = rest[0] === 'branch' ? rest[2] : rest[0];
  const node = url.searchParams.get('node-id');
  let nodeId: string | null = null;
  if (node !== null) {
    const match = NODE.exec(node);
    if (!match) return { ok: false, reason: 'has a node-id that is not a Figma node (like 12-34)' };
    nodeId = `${match[1]}:${match[2]}`;
  }
  return { ok: true, card: { url: text, kind: kind as FigmaKind, fileKey, nodeId, title: slugTitle(slug) } };
}
