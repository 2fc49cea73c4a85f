import PDFDocument from 'pdfkit';
import type { StoredInvoice } from '../../../storage/billing/invoices.js';
import { formatMoney, formatRate } from '../tax/format-money.js';

export interface InvoiceBranding {
  seller: { name: string; addressLines: string[]; country: string };
  /** `#rrggbb`; a calm blue when unset. */
  brandColor: string | null;
  /** PNG or JPEG bytes of the project's logo, or null. */
  logo: Buffer | null;
}

const DEFAULT_ACCENT = '#2f5bea';
const MARGIN = 50;
const PAGE_WIDTH = 595.28;
const RIGHT = PAGE_WIDTH - MARGIN;
const COLUMNS = { description: MARGIN, quantity: 330, unit: 380, amount: 470 } as const;

const dateOf = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : '—');

/**
 * The invoice as a branded A4 PDF: accent band and logo, seller and buyer, number and dates, the
 * lines, subtotal, tax and total from minor units (formatted without floats), the reverse-charge
 * note when it applies, and a stamp for paid, void and draft invoices.
 */
export function renderInvoicePdf(invoice: StoredInvoice, branding: InvoiceBranding): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `Invoice ${invoice.displayNumber}`, Author: branding.seller.name } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const accent = branding.brandColor ?? DEFAULT_ACCENT;
  const money = (amount: bigint) => formatMoney(amount, invoice.currency);

  doc.rect(0, 0, PAGE_WIDTH, 12).fill(accent);
  let logoBottom = MARGIN;
  if (branding.logo) {
    try {
      doc.image(branding.logo, MARGIN, MARGIN, { fit: [150, 60] });
      logoBottom = MARGIN + 66;
    } catch {
      // A logo pdfkit cannot decode is left out rather than failing the invoice.
    }
  }
  doc.fillColor('#222222').font('Helvetica-Bold').fontSize(11).text(branding.seller.name, 300, MARGIN, { width: RIGHT - 300, align: 'right' });
  doc.font('Helvetica').fontSize(9).fillColor('#555555');
  for (const line of [...branding.seller.addressLines, branding.seller.country]) doc.text(line, { width: RIGHT - 300, align: 'right' });

  const titleTop = Math.max(logoBottom, doc.y) + 20;
  doc.font('Helvetica-Bold').fontSize(24).fillColor(accent).text('INVOICE', MARGIN, titleTop);
  doc.font('Helvetica').fontSize(10).fillColor('#222222');
  const meta: [string, string][] = [
    ['Invoice number', invoice.displayNumber],
    ['Issued', dateOf(invoice.issuedAt)],
    ['Due', dateOf(invoice.dueAt)],
    ['Status', invoice.status.toUpperCase()],
  ];
  let metaY = titleTop + 34;
  for (const [label, value] of meta) {
    doc.font('Helvetica-Bold').text(label, MARGIN, metaY, { width: 100 });
    doc.font('Helvetica').text(value, MARGIN + 100, metaY, { width: 150 });
    metaY += 14;
  }

  const bill = invoice.billTo;
  doc.font('Helvetica-Bold').fontSize(10).fillColor(accent).text('BILL TO', 330, titleTop + 34);
  doc.font('Helvetica').fillColor('#222222');
  const billLines = [bill.legalName ?? '', ...(bill.address ?? '').split('\n'), bill.country ?? '', bill.taxId ? `VAT ID: ${bill.taxId}` : '', bill.email ?? ''].map((line) => line.trim()).filter(Boolean);
  for (const line of billLines) doc.text(line, 330, doc.y, { width: RIGHT - 330 });

  let y = Math.max(metaY, doc.y) + 24;
  doc.rect(MARGIN, y, RIGHT - MARGIN, 20).fill(accent);
  doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(9);
  doc.text('Description', COLUMNS.description + 6, y + 6, { width: COLUMNS.quantity - COLUMNS.description - 10 });
  doc.text('Qty', COLUMNS.quantity, y + 6, { width: 40, align: 'right' });
  doc.text('Unit price', COLUMNS.unit, y + 6, { width: 85, align: 'right' });
  doc.text('Amount', COLUMNS.amount, y + 6, { width: RIGHT - COLUMNS.amount - 6, align: 'right' });
  y += 26;
  doc.font('Helvetica').fillColor('#222222');
  for (const line of invoice.lines) {
    if (y > 700) {
      doc.addPage();
      y = MARGIN;
    }
    const height = doc.heightOfString(line.description, { width: COLUMNS.quantity - COLUMNS.description - 10 });
    doc.text(line.description, COLUMNS.description + 6, y, { width: COLUMNS.quantity - COLUMNS.description - 10 });
    doc.text(String(line.quantity), COLUMNS.quantity, y, { width: 40, align: 'right' });
    doc.text(money(line.unitAmountMinor), COLUMNS.unit, y, { width: 85, align: 'right' });
    doc.text(money(line.amountMinor), COLUMNS.amount, y, { width: RIGHT - COLUMNS.amount - 6, align: 'right' });
    y += Math.max(height, 12) + 8;
    doc.moveTo(MARGIN, y - 4).lineTo(RIGHT, y - 4).lineWidth(0.5).strokeColor('#dddddd').stroke();
  }

  y += 6;
  // Totals, notes and the stamp stay together on one page.
  if (y > 640) {
    doc.addPage();
    y = MARGIN;
  }
  const totalsTop = y;
  const due = invoice.status === 'open' || invoice.status === 'uncollectible' ? invoice.totalMinor - invoice.amountPaidMinor : 0n;
  const totals: [string, string, boolean][] = [
    ['Subtotal', money(invoice.subtotalMinor), false],
    [invoice.reverseCharge ? 'VAT (reverse charge) 0 %' : `Tax ${formatRate(invoice.taxRateBp)}${invoice.taxCountry ? ` (${invoice.taxCountry})` : ''}`, money(invoice.taxMinor), false],
    ['Total', money(invoice.totalMinor), true],
    ['Paid', money(invoice.amountPaidMinor), false],
    ['Amount due', money(due > 0n ? due : 0n), true],
  ];
  for (const [label, value, strong] of totals) {
    doc.font(strong ? 'Helvetica-Bold' : 'Helvetica').fontSize(strong ? 11 : 10).fillColor(strong ? accent : '#222222');
    doc.text(label, 330, y, { width: 130 });
    doc.text(value, COLUMNS.amount, y, { width: RIGHT - COLUMNS.amount - 6, align: 'right' });
    y += strong ? 18 : 15;
  }

  if (invoice.reverseCharge) {
    y += 12;
    doc.font('Helvetica-Oblique').fontSize(9).fillColor('#444444').text('Reverse charge: VAT to be accounted for by the recipient (Art. 196 Council Directive 2006/112/EC).', MARGIN, y, { width: RIGHT - MARGIN });
  }
  if (invoice.manualReference) {
    doc.font('Helvetica').fontSize(9).fillColor('#444444').text(`Payment reference: ${invoice.manualReference}`, MARGIN, doc.y + 8, { width: RIGHT - MARGIN });
  }

  const stamp = invoice.status === 'paid' ? { text: 'PAID', color: '#1a8f3c' } : invoice.status === 'void' ? { text: 'VOID', color: '#b00020' } : invoice.status === 'draft' ? { text: 'DRAFT', color: '#888888' } : null;
  if (stamp) {
    doc.save();
    // Beside the totals, where the page is empty whatever the number of lines.
    const x = MARGIN + 40;
    doc.rotate(-14, { origin: [x + 75, totalsTop + 30] });
    doc.roundedRect(x, totalsTop + 3, 150, 54, 8).lineWidth(3).strokeColor(stamp.color).stroke();
    doc.font('Helvetica-Bold').fontSize(34).fillColor(stamp.color).text(stamp.text, x, totalsTop + 13, { width: 150, align: 'center', lineBreak: false });
    doc.restore();
  }

  // The footer sits in the bottom margin: without lifting the margin pdfkit would start a new page for it.
  doc.page.margins.bottom = 0;
  doc.font('Helvetica').fontSize(8).fillColor('#888888').text(`${branding.seller.name} · ${invoice.displayNumber}`, MARGIN, 800, { width: RIGHT - MARGIN, align: 'center', lineBreak: false });
  doc.end();
  return done;
}
