import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';

const run = promisify(execFile);
const ARTIFACTS = path.resolve('test-artifacts');
const ACCENT = { r: 0xc0, g: 0x39, b: 0x2b };

interface Invoice {
  id: string;
  displayNumber: string;
  totalMinor: number;
  status: string;
}

async function pdfText(bytes: Uint8Array, pages = 1): Promise<string> {
  const { text, totalPages } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  expect(totalPages).toBe(pages);
  return text.replace(/\s+/g, ' ');
}

describe.each(BACKENDS)('invoice PDFs: %s', (kind) => {
  const h = harness(kind, { BILLING_SELLER_NAME: 'Studio Sync Ltd', BILLING_SELLER_ADDRESS: 'Torstraße 5|10119 Berlin', BILLING_SELLER_COUNTRY: 'DE' });
  const call = <T>(method: string, url: string, body?: unknown) => h.api.call<T>(method, url, { token: h.owner.accessToken, ...(body === undefined ? {} : { body }) });

  /** A real upload of a PNG logo (signed PUT to the local store, then complete). */
  async function uploadLogo(): Promise<string> {
    const png = await sharp({ create: { width: 300, height: 100, channels: 3, background: ACCENT } })
      .composite([{ input: { create: { width: 100, height: 60, channels: 3, background: { r: 255, g: 255, b: 255 } } }, top: 20, left: 20 }])
      .png()
      .toBuffer();
    const asked = await call<{ uploadId: string; upload: { method: string; url: string; headers: Record<string, string> } }>('POST', `/api/projects/${h.projectId}/uploads`, { name: 'logo.png', type: 'image/png', size: png.length });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const sent = await fetch(asked.body.data.upload.url, { method: 'PUT', headers: asked.body.data.upload.headers, body: new Uint8Array(png) });
    expect(sent.status).toBe(200);
    const completed = await call<{ id: string }>('POST', `/api/projects/${h.projectId}/uploads/${asked.body.data.uploadId}/complete`);
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    return completed.body.data.id;
  }

  it('renders a branded invoice: number, parties, lines, totals, reverse-charge note, paid stamp; page 1 as a PNG', async () => {
    const logoAssetId = await uploadLogo();
    const account = await call('PUT', '/api/billing/account', {
      projectId: h.projectId,
      legalName: 'Bloemen Media B.V.',
      email: 'billing@bloemen.example',
      address: 'Keizersgracht 100\n1015 CS Amsterdam',
      country: 'NL',
      taxId: 'NL123456789B01',
      currency: 'eur',
      logoAssetId,
      brandColor: '#c0392b',
      invoicePrefix: 'SYNC',
    });
    expect(account.status, JSON.stringify(account.body)).toBe(200);
    const created = await call<Invoice>('POST', '/api/invoices', {
      projectId: h.projectId,
      finalize: true,
      lines: [
        { description: 'Spring campaign: production', quantity: 1, unitAmountMinor: 1_250_000 },
        { description: 'Video edits', quantity: 3, unitAmountMinor: 45_050 },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const invoice = created.body.data;
    expect(invoice.totalMinor).toBe(1_385_150);
    expect((await call<Invoice>('POST', `/api/invoices/${invoice.id}/mark-paid`, { reference: 'NL-TRANSFER-77' })).body.data.status).toBe('paid');

    const response = await fetch(`${h.app.url}/api/invoices/${invoice.id}/pdf`, { headers: { authorization: `Bearer ${h.owner.accessToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="SYNC-000001.pdf"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');

    const text = await pdfText(bytes.slice());
    for (const expected of [
      'INVOICE',
      'SYNC-000001',
      'Studio Sync Ltd',
      'Torstraße 5',
      'Bloemen Media B.V.',
      'Keizersgracht 100',
      'VAT ID: NL123456789B01',
      'Spring campaign: production',
      'Video edits',
      '€12,500.00',
      '€450.50',
      '€1,351.50',
      '€13,851.50',
      'VAT (reverse charge) 0 %',
      'Reverse charge: VAT to be accounted for by the recipient',
      'NL-TRANSFER-77',
      'PAID',
    ]) {
      expect(text, `the PDF should say ${expected}`).toContain(expected);
    }

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const pdfPath = path.join(ARTIFACTS, `invoice-${kind}.pdf`);
    fs.writeFileSync(pdfPath, bytes);
    const prefix = path.join(ARTIFACTS, `invoice-${kind}`);
    await run('pdftoppm', ['-png', '-r', '72', '-f', '1', '-l', '1', '-singlefile', pdfPath, prefix]);
    const png = fs.readFileSync(`${prefix}.png`);
    const image = sharp(png);
    const meta = await image.metadata();
    // A4 at 72 dpi: 595.28 × 841.89 points, which pdftoppm rounds up.
    expect(meta).toMatchObject({ format: 'png', width: 596, height: 842 });
    const stats = await image.stats();
    // Not blank: text and colour make the channels vary.
    expect(stats.channels.slice(0, 3).every((channel) => channel.stdev > 10)).toBe(true);
    // The accent band at the top is the brand colour.
    const { data, info } = await sharp(png).extract({ left: 200, top: 2, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBeGreaterThanOrEqual(3);
    expect([data[0], data[1], data[2]]).toEqual([ACCENT.r, ACCENT.g, ACCENT.b]);
  });

  it('prints tax for a consumer, and a draft without a logo or colour', async () => {
    const account = await call('PUT', '/api/billing/account', { projectId: h.projectId, legalName: 'Jean Dupont', country: 'FR', currency: 'eur' });
    expect(account.status).toBe(200);
    const created = await call<Invoice>('POST', '/api/invoices', { projectId: h.projectId, lines: [{ description: 'Consultation', quantity: 1, unitAmountMinor: 10_000 }] });
    const response = await fetch(`${h.app.url}/api/invoices/${created.body.data.id}/pdf`, { headers: { authorization: `Bearer ${h.owner.accessToken}` } });
    expect(response.status).toBe(200);
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
    for (const expected of ['Jean Dupont', 'Tax 20 % (FR)', '€100.00', '€20.00', '€120.00', 'DRAFT', created.body.data.displayNumber]) expect(text).toContain(expected);
    expect(text).not.toContain('Reverse charge');
  });

  it('runs onto more pages for many lines, keeping the totals together', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({ description: `Deliverable ${i + 1}`, quantity: 1, unitAmountMinor: 1_000 }));
    const created = await call<Invoice>('POST', '/api/invoices', { projectId: h.projectId, lines });
    expect(created.status).toBe(201);
    const response = await fetch(`${h.app.url}/api/invoices/${created.body.data.id}/pdf`, { headers: { authorization: `Bearer ${h.owner.accessToken}` } });
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()), 3);
    for (const expected of ['Deliverable 1 ', 'Deliverable 60', '€600.00', '€120.00', '€720.00']) expect(text).toContain(expected);
  });
});
