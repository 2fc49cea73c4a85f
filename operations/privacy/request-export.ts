import { recordAudit } from '../../identity/audit.js';
import { findInFlightExport, insertExport } from '../../storage/data-exports.js';
import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import type { ExportDeps } from './export-deps.js';
import { type ExportView, exportView } from './export-view.js';
import { exportOwner } from './export-owner.js';

/**
 * Starts an export of everything about the caller, or answers the one already waiting or being
 * built (`created: false`): one job however often it is asked for. The row, its audit record and
 * the job are one transaction.
 */
export async function requestExport(deps: Pick<ExportDeps, 'db' | 'requestBuild'>, caller: Caller, input: { ip?: string | undefined }): Promise<Outcome<{ export: ExportView; created: boolean }>> {
  const owner = exportOwner(caller);
  if (!owner.ok) return owner;
  const userId = owner.value;
  return deps.db.transaction(async (tx) => {
    const created = await insertExport(tx, userId);
    if (!created) {
      const existing = await findInFlightExport(tx, userId);
      if (existing) return ok({ export: exportView(existing), created: false });
      throw new Error('an export was in flight and is not any more: retry');
    }
    await recordAudit(tx, { action: 'privacy.export_requested', actorUserId: userId, target: userId, details: { exportId: created.id }, ip: input.ip ?? null });
    await deps.requestBuild(created.id, { in: tx });
    return ok({ export: exportView(created), created: true });
  });
}
