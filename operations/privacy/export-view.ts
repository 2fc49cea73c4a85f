import type { ExportStatus, StoredExport } from '../../storage/data-exports.js';

/** An export as its person sees it: where it is, and where to download it once it is ready. */
export interface ExportView {
  id: string;
  status: ExportStatus;
  progress: number;
  size: number | null;
  error: string | null;
  createdAt: string;
  completedAt: string | null;
  expiresAt: string | null;
  /** Authenticated as the same person; answers a short-lived signed URL of the archive. Null until ready. */
  downloadPath: string | null;
}

/** Past its expiry an export reads as expired at once, even before the sweep deletes its archive. */
export function isExpired(stored: StoredExport, now = new Date()): boolean {
  return stored.status === 'expired' || (stored.status === 'ready' && stored.expiresAt !== null && stored.expiresAt <= now);
}

export function exportView(stored: StoredExport, now = new Date()): ExportView {
  const status = isExpired(stored, now) ? 'expired' : stored.status;
  return {
    id: stored.id,
    status,
    progress: stored.progress,
    size: stored.size,
    error: stored.error,
    createdAt: stored.createdAt.toISOString(),
    completedAt: stored.completedAt?.toISOString() ?? null,
    expiresAt: stored.expiresAt?.toISOString() ?? null,
    downloadPath: status === 'ready' ? `/api/me/exports/${stored.id}/download` : null,
  };
}
