import type { Queryable } from '../../platform/db/database.js';

export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** The billed party as printed, frozen when the invoice is made. */
export interface BillTo {
  legalName: string | null;
  email: string | null;
  address: string | null;
  country: string | null;
  taxId: string | null;
}

export interface StoredInvoiceLine {
  description: string;
  quantity: number;
  unitAmountMinor: bigint;
  amountMinor: bigint;
}

/** An invoice as stored; amounts stay BigInt here and become numbers only when presented. */
export interface StoredInvoice {
  id: string;
  projectId: string;
  number: number;
  displayNumber: string;
  status: InvoiceStatus;
  currency: string;
  subtotalMinor: bigint;
  taxRateBp: number;
  taxMinor: bigint;
  totalMinor: bigint;
  amountPaidMinor: bigint;
  taxCountry: string | null;
  reverseCharge: boolean;
  billTo: BillTo;
  source: 'manual' | 'milestone';
  milestoneKey: string | null;
  lastPaymentError: string | null;
  manualReference: string | null;
  issuedAt: Date | null;
  dueAt: Date | null;
  paidAt: Date | null;
  voidedAt: Date | null;
  createdAt: Date;
  lines: StoredInvoiceLine[];
}

interface Row {
  id: string;
  project_id: string;
  number: number;
  display_number: string;
  status: InvoiceStatus;
  currency: string;
  subtotal_minor: string;
  tax_rate_bp: number;
  tax_minor: string;
  total_minor: string;
  amount_paid_minor: string;
  tax_country: string | null;
  reverse_charge: boolean;
  bill_to: BillTo;
  source: 'manual' | 'milestone';
  milestone_key: string | null;
  last_payment_error: string | null;
  manual_reference: string | null;
  issued_at: Date | null;
  due_at: Date | null;
  paid_at: Date | null;
  voided_at: Date | null;
  created_at: Date;
}

interface LineRow {
  invoice_id: string;
  description: string;
  quantity: number;
  unit_amount_minor: string;
  amount_minor: string;
}

// bigint columns as text: both drivers then hand back the exact digits for BigInt().
const COLUMNS = `id, project_id, number, display_number, status, currency, subtotal_minor::text AS subtotal_minor, tax_rate_bp, tax_minor::text AS tax_minor,
  total_minor::text AS total_minor, amount_paid_minor::text AS amount_paid_minor, tax_country, reverse_charge, bill_to, source, milestone_key,
  last_payment_error, manual_reference, issued_at, due_at, paid_at, voided_at, created_at`;

function toInvoice(row: Row, lines: StoredInvoiceLine[]): StoredInvoice {
  return {
    id: row.id,
    projectId: row.project_id,
    number: row.number,
    displayNumber: row.display_number,
    status: row.status,
    currency: row.currency,
    subtotalMinor: BigInt(row.subtotal_minor),
    taxRateBp: row.tax_rate_bp,
    taxMinor: BigInt(row.tax_minor),
    totalMinor: BigInt(row.total_minor),
    amountPaidMinor: BigInt(row.amount_paid_minor),
    taxCountry: row.tax_country,
    reverseCharge: row.reverse_charge,
    billTo: row.bill_to,
    source: row.source,
    milestoneKey: row.milestone_key,
    lastPaymentError: row.last_payment_error,
    manualReference: row.manual_reference,
    issuedAt: row.issued_at,
    dueAt: row.due_at,
    paidAt: row.paid_at,
    voidedAt: row.voided_at,
    createdAt: row.created_at,
    lines,
  };
}

async function linesOf(db: Queryable, invoiceIds: string[]): Promise<Map<string, StoredInvoiceLine[]>> {
  const byInvoice = new Map<string, StoredInvoiceLine[]>(invoiceIds.map((id) => [id, []]));
  if (invoiceIds.length === 0) return byInvoice;
  const { rows } = await db.query<LineRow>(
    `SELECT invoice_id, description, quantity, unit_amount_minor::text AS unit_amount_minor, amount_minor::text AS amount_minor
     FROM invoice_lines WHERE invoice_id = ANY($1::uuid[]) ORDER BY invoice_id, position`,
    [invoiceIds],
  );
  for (const row of rows) {
    byInvoice.get(row.invoice_id)?.push({ description: row.description, quantity: row.quantity, unitAmountMinor: BigInt(row.unit_amount_minor), amountMinor: BigInt(row.amount_minor) });
  }
  return byInvoice;
}

async function withLines(db: Queryable, rows: Row[]): Promise<StoredInvoice[]> {
  const lines = await linesOf(db, rows.map((row) => row.id));
  return rows.map((row) => toInvoice(row, lines.get(row.id) ?? []));
}

/** One invoice of one project (another project's id is simply not found); `forUpdate` locks it in the caller's transaction. */
export async function findInvoice(db: Queryable, projectId: string, invoiceId: string, options: { forUpdate?: boolean } = {}): Promise<StoredInvoice | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM invoices WHERE project_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`, [projectId, invoiceId]);
  return (await withLines(db, rows))[0] ?? null;
}

/** A page of a project's invoices, newest first, optionally of one status. */
export async function listInvoices(db: Queryable, projectId: string, options: { status?: InvoiceStatus | undefined; limit: number; offset: number }): Promise<{ invoices: StoredInvoice[]; total: number }> {
  const status = options.status ?? null;
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM invoices WHERE project_id = $1 AND ($2::text IS NULL OR status = $2::text) ORDER BY created_at DESC, number DESC LIMIT $3 OFFSET $4`,
    [projectId, status, options.limit, options.offset],
  );
  const counted = await db.query<{ total: number }>('SELECT count(*)::int AS total FROM invoices WHERE project_id = $1 AND ($2::text IS NULL OR status = $2::text)', [projectId, status]);
  return { invoices: await withLines(db, rows), total: counted.rows[0]?.total ?? 0 };
}

export interface NewInvoice {
  projectId: string;
  prefix: string;
  status: 'draft' | 'open';
  currency: string;
  subtotalMinor: bigint;
  taxRateBp: number;
  taxMinor: bigint;
  totalMinor: bigint;
  taxCountry: string | null;
  reverseCharge: boolean;
  billTo: BillTo;
  source: 'manual' | 'milestone';
  milestoneKey: string | null;
  createdBy: string | null;
  /** Set when made `open`: the invoice is issued at once. */
  issuedAt: Date | null;
  dueAt: Date | null;
  lines: { description: string; quantity: number; unitAmountMinor: bigint; amountMinor: bigint }[];
}

/** As printed: the prefix, a dash, the number padded to six digits ("INV-000042"). */
export function displayNumberOf(prefix: string, number: number): string {
  return `${prefix}-${String(number).padStart(6, '0')}`;
}

/**
 * Inserts an invoice with the project's next number, in the caller's transaction. The number is
 * read under the counter row's lock, which every creation for the project takes, so concurrent
 * creations queue and get consecutive numbers; the counter moves only once the invoice row is in,
 * and a rollback of the caller's transaction gives the number back. A milestone invoice whose key
 * exists already is not made again (and takes no number): `created` is false with the existing id.
 */
export async function insertNumberedInvoice(tx: Queryable, invoice: NewInvoice): Promise<{ created: boolean; id: string }> {
  await tx.query('INSERT INTO invoice_counters (project_id) VALUES ($1) ON CONFLICT (project_id) DO NOTHING', [invoice.projectId]);
  const counter = await tx.query<{ last_number: number }>('SELECT last_number FROM invoice_counters WHERE project_id = $1 FOR UPDATE', [invoice.projectId]);
  const number = counter.rows[0]!.last_number + 1;
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO invoices (project_id, number, display_number, status, currency, subtotal_minor, tax_rate_bp, tax_minor, total_minor, tax_country, reverse_charge,
       bill_to, source, milestone_key, created_by, issued_at, due_at)
     VALUES ($1, $2, $3, $4, $5, $6::bigint, $7, $8::bigint, $9::bigint, $10, $11, $12::jsonb, $13, $14, $15, $16, $17)
     ON CONFLICT (project_id, milestone_key) DO NOTHING RETURNING id`,
    [
      invoice.projectId,
      number,
      displayNumberOf(invoice.prefix, number),
      invoice.status,
      invoice.currency,
      invoice.subtotalMinor.toString(),
      invoice.taxRateBp,
      invoice.taxMinor.toString(),
      invoice.totalMinor.toString(),
      invoice.taxCountry,
      invoice.reverseCharge,
      JSON.stringify(invoice.billTo),
      invoice.source,
      invoice.milestoneKey,
      invoice.createdBy,
      invoice.issuedAt,
      invoice.dueAt,
    ],
  );
  const id = inserted.rows[0]?.id;
  if (!id) {
    const existing = await tx.query<{ id: string }>('SELECT id FROM invoices WHERE project_id = $1 AND milestone_key = $2', [invoice.projectId, invoice.milestoneKey]);
    return { created: false, id: existing.rows[0]!.id };
  }
  await tx.query('UPDATE invoice_counters SET last_number = $2 WHERE project_id = $1', [invoice.projectId, number]);
  await tx.query(
    `INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_amount_minor, amount_minor)
     SELECT $1, position - 1, description, quantity, unit_amount_minor, amount_minor
     FROM unnest($2::text[], $3::int[], $4::bigint[], $5::bigint[]) WITH ORDINALITY AS l(description, quantity, unit_amount_minor, amount_minor, position)`,
    [id, invoice.lines.map((l) => l.description), invoice.lines.map((l) => l.quantity), invoice.lines.map((l) => l.unitAmountMinor.toString()), invoice.lines.map((l) => l.amountMinor.toString())],
  );
  return { created: true, id };
}

/** Whether a milestone invoice exists already (checked before taking the counter's lock, to skip the common replay cheaply). */
export async function milestoneInvoiceExists(db: Queryable, projectId: string, milestoneKey: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM invoices WHERE project_id = $1 AND milestone_key = $2', [projectId, milestoneKey]);
  return rows.length > 0;
}

/** draft → open: issued now, due `dueInDays` later. */
export async function markIssued(tx: Queryable, invoiceId: string, issuedAt: Date, dueAt: Date): Promise<void> {
  await tx.query(`UPDATE invoices SET status = 'open', issued_at = $2, due_at = $3, updated_at = now() WHERE id = $1`, [invoiceId, issuedAt, dueAt]);
}

export async function markVoided(tx: Queryable, invoiceId: string, at: Date): Promise<void> {
  await tx.query(`UPDATE invoices SET status = 'void', voided_at = $2, updated_at = now() WHERE id = $1`, [invoiceId, at]);
}

export async function setManualReference(tx: Queryable, invoiceId: string, reference: string): Promise<void> {
  await tx.query('UPDATE invoices SET manual_reference = $2, updated_at = now() WHERE id = $1', [invoiceId, reference]);
}

/** A bank transfer recorded as a settled payment (no provider id: nothing to reconcile against Stripe). */
export async function insertBankTransferPayment(tx: Queryable, payment: { projectId: string; invoiceId: string; amountMinor: bigint; currency: string; createdBy: string | null }): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO payments (project_id, invoice_id, provider, amount_minor, currency, status, created_by) VALUES ($1, $2, 'bank_transfer', $3::bigint, $4, 'succeeded', $5) RETURNING id`,
    [payment.projectId, payment.invoiceId, payment.amountMinor.toString(), payment.currency, payment.createdBy],
  );
  return rows[0]!.id;
}
