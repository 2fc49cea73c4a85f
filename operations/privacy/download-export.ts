import { findExport } from '../../storage/data-exports.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import type { ExportDeps } from './export-deps.js';
import { isExpired } from './export-view.js';
import { exportIdOf, exportOwner } from './export-owner.js';

/**
 * A short-lived signed URL of the caller's finished archive. Someone else's export, and one past
 * its expiry (its archive deleted or about to be), are not found.
 */
export async function downloadExport(deps: Pick<ExportDeps, 'db' | 'blobs' | 'downloadUrlTtlSeconds'>, caller: Caller, input: { exportId: string }): Promise<Outcome<{ url: string; expiresAt: string }>> {
  const owner = exportOwner(caller);
  if (!owner.ok) return owner;
  const id = exportIdOf(input.exportId);
  const found = id ? await findExport(deps.db, owner.value, id) : null;
  if (!found || isExpired(found)) return fail('NOT_FOUND', 'No such export (or its link has expired).');
  if (found.status !== 'ready' || !found.storageKey) return fail('EXPORT_NOT_READY', `The export is ${found.status}: there is no archive to download yet.`);
  const expiresInSeconds = deps.downloadUrlTtlSeconds;
  const day = found.createdAt.toISOString().slice(0, 10);
  const url = await deps.blobs.downloadUrl({ key: found.storageKey, expiresInSeconds, contentType: 'application/zip', fileName: `studio-sync-data-${day}.zip` });
  return ok({ url, expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString() });
}
