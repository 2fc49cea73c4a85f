import { api } from '../api.js';
import type { CreatedLink, LinkDraft, LinkOpening, LinkRefusal, OpenedLink, ShareLink } from './link-types.js';
import type { SharingTarget } from './types.js';

const linksPath = ({ projectId, documentId }: SharingTarget) => `/api/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(documentId)}/links`;

/** The document's share links, newest first, revoked ones too (owners and admins). */
export async function readShareLinks(target: SharingTarget): Promise<ShareLink[]> {
  return (await api<ShareLink[]>('GET', linksPath(target))).data;
}

/** Makes a link; the answer is the only one that carries its token and address. */
export async function createShareLink(target: SharingTarget, draft: LinkDraft): Promise<CreatedLink> {
  const label = draft.label.trim();
  const body = { role: draft.role, ...(label ? { label } : {}), ...(draft.password ? { password: draft.password } : {}), ...(draft.expiresAt ? { expiresAt: draft.expiresAt } : {}) };
  return (await api<CreatedLink>('POST', linksPath(target), body)).data;
}

/** Revokes a link: it opens nothing from now on, and the pages open through it close at once. */
export async function revokeShareLink(target: SharingTarget, linkId: string): Promise<ShareLink> {
  return (await api<ShareLink>('DELETE', `${linksPath(target)}/${encodeURIComponent(linkId)}`)).data;
}

const REFUSAL_BY_CODE: Record<string, LinkRefusal> = { NOT_FOUND: 'not-found', LINK_PASSWORD_REQUIRED: 'password-required', LINK_PASSWORD_WRONG: 'password-wrong' };

function refusalOf(status: number, code: string | undefined): LinkRefusal {
  if (code && REFUSAL_BY_CODE[code]) return REFUSAL_BY_CODE[code];
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  return 'unreachable';
}

/**
 * Opens a share link. Not through `api`: that retries a 401 after refreshing the session of
 * whoever is signed in here, and a link needs no session. No cookie is sent or set, and the access
 * token answered stays with the caller (it is never remembered as the session's).
 */
export async function openShareLink(token: string, password?: string, carryOn?: string): Promise<LinkOpening> {
  let response: Response;
  try {
    response = await fetch('/auth/share-links/open', {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, ...(password === undefined ? {} : { password }), ...(carryOn === undefined ? {} : { carryOn }) }),
    });
  } catch {
    return { ok: false, refusal: 'unreachable', message: 'The server could not be reached.' };
  }
  const body = (await response.json().catch(() => null)) as { data?: OpenedLink; error?: { code?: string; message?: string } } | null;
  if (response.ok && body?.data) return { ok: true, opened: body.data };
  return { ok: false, refusal: refusalOf(response.status, body?.error?.code), message: body?.error?.message ?? `The server answered ${response.status}.` };
}
