import { api } from '../api.js';
import type { SignedDownload } from './types.js';

export type DownloadVariant = 'original' | 'thumbnail' | 'poster';

/** Signed URLs already handed out, reused until shortly before they expire (a list of previews asks once each). */
const issued = new Map<string, SignedDownload>();
/** Reuse a URL only with this much of its life left: long enough for an image to load through it. */
const MARGIN_MS = 30_000;

/** A short-lived signed URL for a file or one of its previews (any member may ask). */
export async function signedDownload(projectId: string, assetId: string, variant: DownloadVariant): Promise<SignedDownload> {
  const key = `${assetId}:${variant}`;
  const known = issued.get(key);
  if (known && Date.parse(known.expiresAt) - Date.now() > MARGIN_MS) return known;
  const fresh = (await api<SignedDownload>('GET', `/api/projects/${encodeURIComponent(projectId)}/assets/${encodeURIComponent(assetId)}/download?variant=${variant}`)).data;
  if (variant !== 'original') issued.set(key, fresh);
  return fresh;
}

/** Forgets a URL that did not load (expired early, or the file went): the next ask signs a new one. */
export function forgetSignedDownload(assetId: string, variant: DownloadVariant): void {
  issued.delete(`${assetId}:${variant}`);
}

/**
 * Downloads the original: the signed URL answers it as an attachment, so following it saves the
 * file and leaves this page where it is. A fresh URL every time, since it is the permission.
 */
export async function downloadOriginal(projectId: string, assetId: string): Promise<void> {
  const { url } = await signedDownload(projectId, assetId, 'original');
  const link = document.createElement('a');
  link.href = url;
  link.rel = 'noopener';
  link.download = '';
  document.body.append(link);
  link.click();
  link.remove();
}
