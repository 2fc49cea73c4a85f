import type { Queryable } from '../../platform/db/database.js';
import { bytesInUse, lockProjectForQuota } from '../../storage/assets.js';
import { storageQuotaOf } from '../billing/payments/plan-limits.js';
import { fail } from '../outcome.js';
import type { AssetSettings } from './asset-deps.js';

export interface QuotaExceeded {
  quotaBytes: number;
  usedBytes: number;
}

/**
 * The one quota check of uploads (asked for, and again on complete): inside the caller's
 * transaction, with the project locked so two uploads racing for the last bytes cannot both fit.
 * Null when `size` more bytes fit. The quota is ASSET_PROJECT_QUOTA_BYTES, or the project's plan's
 * storage limit when that is smaller: decided here and nowhere else.
 */
export async function checkProjectQuota(tx: Queryable, settings: Pick<AssetSettings, 'projectQuotaBytes'>, projectId: string, size: number, options: { except?: string } = {}): Promise<QuotaExceeded | null> {
  await lockProjectForQuota(tx, projectId);
  const used = await bytesInUse(tx, projectId, options);
  const quota = await storageQuotaOf(tx, projectId, settings.projectQuotaBytes);
  return used + size > quota ? { quotaBytes: quota, usedBytes: used } : null;
}

export const quotaText = (over: QuotaExceeded) => `This project's files would exceed its quota of ${over.quotaBytes} bytes.`;

/** 413 ASSET_QUOTA_EXCEEDED; details say the quota, what is used and the size that did not fit. */
export function quotaRefusal(over: QuotaExceeded, size: number): ReturnType<typeof fail> {
  return fail('ASSET_QUOTA_EXCEEDED', quotaText(over), { ...over, size });
}
