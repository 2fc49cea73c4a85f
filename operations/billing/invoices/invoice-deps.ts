import type { InvoiceConfig } from '../../../platform/config.js';
import type { BlobStore } from '../../../storage/blobs/blob-store.js';
import type { OperationDeps } from '../../dependencies.js';

/** Invoices need the seller and tax table (config) and the blob store (the logo on the PDF). */
export interface InvoiceDeps extends OperationDeps {
  invoices: InvoiceConfig;
  blobs: BlobStore;
}
