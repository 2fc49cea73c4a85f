import { recordAudit } from '../../../identity/audit.js';
import { normalizedUuid } from '../../../identity/projects.js';
import { findAsset } from '../../../storage/assets.js';
import { type BillingAccountFields, saveBillingAccount } from '../../../storage/billing/billing-accounts.js';
import type { Caller } from '../../caller.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { type AuditOrigin, auditActorOf } from '../../projects/audit-actor.js';
import { requireProjectRole } from '../../projects/require-project-role.js';
import { type BillingAccountView, toBillingAccountView } from './billing-account-view.js';
import type { InvoiceDeps } from './invoice-deps.js';

/** The image types a PDF can embed (pdfkit draws PNG and JPEG only). */
export const LOGO_TYPES: readonly string[] = ['image/png', 'image/jpeg'];

/**
 * Replaces the billing settings (owners and admins), audited with the change. The logo must be a
 * verified PNG or JPEG asset of this same project; another project's asset is "no such asset".
 */
export async function updateBillingAccount(deps: InvoiceDeps, caller: Caller, input: AuditOrigin & { projectId: string; fields: BillingAccountFields }): Promise<Outcome<BillingAccountView>> {
  const access = await requireProjectRole(caller, input.projectId, 'billing.manage');
  if (!access.ok) return access;
  const { projectId } = access.value;
  const { fields } = input;
  if (fields.logoAssetId !== null) {
    const assetId = normalizedUuid(fields.logoAssetId);
    const asset = assetId ? await findAsset(deps.db, projectId, assetId) : null;
    if (!asset) return fail('VALIDATION_FAILED', 'The logo must be an asset of this project.', [{ path: ['logoAssetId'], message: 'no such asset in this project' }]);
    if (!asset.detectedType || !LOGO_TYPES.includes(asset.detectedType) || (asset.status !== 'ready' && asset.status !== 'uploaded' && asset.status !== 'processing')) {
      return fail('VALIDATION_FAILED', 'The logo must be an uploaded PNG or JPEG image.', [{ path: ['logoAssetId'], message: 'must be a PNG or JPEG image' }]);
    }
  }
  return deps.db.transaction(async (tx) => {
    const saved = await saveBillingAccount(tx, projectId, fields);
    await recordAudit(tx, { action: 'billing.account_updated', projectId, ...auditActorOf(caller.principal), target: projectId, details: { ...fields }, ip: input.ip });
    return ok(toBillingAccountView(saved));
  });
}
