import type { Readable } from 'node:stream';
import type { Logger } from '../../../platform/logger.js';
import { findAsset } from '../../../storage/assets.js';
import { findBillingAccount } from '../../../storage/billing/billing-accounts.js';
import type { Caller } from '../../caller.js';
import { type Outcome, ok } from '../../outcome.js';
import { requireInvoice } from './invoice-access.js';
import type { InvoiceDeps } from './invoice-deps.js';
import { LOGO_TYPES } from './update-billing-account.js';
import { renderInvoicePdf } from './render-invoice-pdf.js';

/** A logo larger than this is not embedded (it would bloat every invoice). */
const MAX_LOGO_BYTES = 2 * 1024 * 1024;

/** The invoice as a PDF (owners and admins), with the project's current branding; a file name to offer. */
export async function invoicePdf(deps: InvoiceDeps & { logger: Logger }, caller: Caller, input: { invoiceId: string }): Promise<Outcome<{ fileName: string; bytes: Buffer }>> {
  const found = await requireInvoice(deps.db, caller, input.invoiceId, 'billing.read');
  if (!found.ok) return found;
  const { invoice } = found.value;
  const account = await findBillingAccount(deps.db, invoice.projectId);
  const logo = account?.logoAssetId ? await readLogo(deps, invoice.projectId, account.logoAssetId) : null;
  const bytes = await renderInvoicePdf(invoice, {
    seller: { name: deps.invoices.seller.name, addressLines: deps.invoices.seller.addressLines, country: deps.invoices.seller.country },
    brandColor: account?.brandColor ?? null,
    logo,
  });
  return ok({ fileName: `${invoice.displayNumber.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`, bytes });
}

/** The logo's bytes from the blob store; a missing or unreadable one is logged and left out. */
async function readLogo(deps: InvoiceDeps & { logger: Logger }, projectId: string, assetId: string): Promise<Buffer | null> {
  const asset = await findAsset(deps.db, projectId, assetId);
  if (!asset || !asset.detectedType || !LOGO_TYPES.includes(asset.detectedType) || (asset.size ?? 0) > MAX_LOGO_BYTES) return null;
  try {
    const stream = await deps.blobs.openRead(asset.storageKey);
    return stream ? await collect(stream) : null;
  } catch (error) {
    deps.logger.warn({ err: error, assetId }, 'could not read the invoice logo; the PDF is made without it');
    return null;
  }
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
