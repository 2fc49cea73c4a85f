import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { InvoiceSettings } from '../web/src/billing/invoices/InvoiceSettings.js';
import { NewInvoice } from '../web/src/billing/invoices/NewInvoice.js';

describe('invoice components', () => {
  it('render a new-invoice form with one line, every currency, and both actions', () => {
    const html = renderToStaticMarkup(createElement(NewInvoice, { projectId: 'p', onCreated: () => {} }));
    expect(html).toContain('data-testid="new-invoice"');
    expect(html).toContain('aria-label="Line 1 description"');
    expect(html.match(/<option /g)).toHaveLength(10);
    expect(html).toContain('Save draft');
    expect(html).toContain('Issue invoice');
    expect(html).toMatch(/Subtotal €0\.00/);
  });

  it('show the settings as loading before the account arrives', () => {
    expect(renderToStaticMarkup(createElement(InvoiceSettings, { projectId: 'p' }))).toContain('Loading billing settings');
  });
});
