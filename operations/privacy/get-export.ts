import { findExport, listExports } from '../../storage/data-exports.js';
import type { Database } from '../../platform/db/database.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type ExportView, exportView } from './export-view.js';
import { exportIdOf, exportOwner } from './export-owner.js';

/** One of the caller's exports; someone else's (or no such id) is not found, alike. */
export async function getExport(deps: { db: Database }, caller: Caller, input: { exportId: string }): Promise<Outcome<ExportView>> {
  const owner = exportOwner(caller);
  if (!owner.ok) return owner;
  const id = exportIdOf(input.exportId);
  const found = id ? await findExport(deps.db, owner.value, id) : null;
  if (!found) return fail('NOT_FOUND', 'No such export.');
  return ok(exportView(found));
}

/** The caller's recent exports, newest first. */
export async function listMyExports(deps: { db: Database }, caller: Caller): Promise<Outcome<ExportView[]>> {
  const owner = exportOwner(caller);
  if (!owner.ok) return owner;
  return ok((await listExports(deps.db, owner.value, 20)).map((stored) => exportView(stored)));
}
