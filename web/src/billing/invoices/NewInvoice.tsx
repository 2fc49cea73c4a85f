import { type FormEvent, useState } from 'react';
import { api } from '../../api.js';
import { formatMinor, parseMinor } from './money.js';
import { CURRENCIES, type Invoice, MAX_DESCRIPTION, MAX_LINES } from './types.js';

interface LineDraft {
  key: number;
  description: string;
  quantity: string;
  unitAmount: string;
}

let nextKey = 1;
const emptyLine = (): LineDraft => ({ key: nextKey++, description: '', quantity: '1', unitAmount: '' });

/** A manual invoice: lines of description, quantity and unit price; kept as a draft or issued at once. Owners and admins. */
export function NewInvoice({ projectId, onCreated }: { projectId: string; onCreated(invoice: Invoice): void }) {
  const [currency, setCurrency] = useState<string>('eur');
  const [lines, setLines] = useState<LineDraft[]>([emptyLine()]);
  const [dueInDays, setDueInDays] = useState('30');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const parsed = lines.map((line) => ({ line, quantity: /^\d{1,7}$/.test(line.quantity.trim()) ? Number(line.quantity) : null, unit: parseMinor(line.unitAmount, currency) }));
  // The preview's subtotal, in BigInt like the server (tax is the server's to decide).
  const subtotal = parsed.reduce((sum, { quantity, unit }) => (quantity && unit ? sum + BigInt(quantity) * BigInt(unit) : sum), 0n);
  const update = (key: number, patch: Partial<LineDraft>) => setLines((current) => current.map((line) => (line.key === key ? { ...line, ...patch } : line)));

  const submit = async (finalize: boolean, event?: FormEvent) => {
    event?.preventDefault();
    const bad = parsed.find(({ line, quantity, unit }) => !line.description.trim() || !quantity || !unit);
    if (bad) {
      setError('Each line needs a description, a whole quantity and a positive price (e.g. 120.00).');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await api<Invoice>(
        'POST',
        '/api/invoices',
        { projectId, currency, dueInDays: Number(dueInDays) || 30, finalize, lines: parsed.map(({ line, quantity, unit }) => ({ description: line.description.trim(), quantity: quantity!, unitAmountMinor: unit! })) },
        { 'idempotency-key': crypto.randomUUID() },
      );
      setLines([emptyLine()]);
      onCreated(created.data);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not create the invoice.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card-form panel new-invoice" data-testid="new-invoice" onSubmit={(event) => void submit(false, event)}>
      <h3>New invoice</h3>
      <div className="invoice-settings-row">
        <label>
          Currency
          <select name="invoice-currency" value={currency} onChange={(event) => setCurrency(event.target.value)}>
            {CURRENCIES.map((code) => (
              <option key={code} value={code}>
                {code.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Due in days
          <input name="invoice-due-days" type="number" min={0} max={365} value={dueInDays} onChange={(event) => setDueInDays(event.target.value)} />
        </label>
      </div>
      <table className="new-invoice-lines">
        <thead>
          <tr>
            <th scope="col">Description</th>
            <th scope="col">Qty</th>
            <th scope="col">Unit price</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, index) => (
            <tr key={line.key}>
              <td>
                <input aria-label={`Line ${index + 1} description`} maxLength={MAX_DESCRIPTION} value={line.description} onChange={(event) => update(line.key, { description: event.target.value })} />
              </td>
              <td>
                <input aria-label={`Line ${index + 1} quantity`} className="new-invoice-qty" inputMode="numeric" value={line.quantity} onChange={(event) => update(line.key, { quantity: event.target.value })} />
              </td>
              <td>
                <input aria-label={`Line ${index + 1} unit price`} className="new-invoice-amount" inputMode="decimal" placeholder="0.00" value={line.unitAmount} onChange={(event) => update(line.key, { unitAmount: event.target.value })} />
              </td>
              <td>
                <button type="button" className="button small" disabled={lines.length === 1} onClick={() => setLines((current) => current.filter((other) => other.key !== line.key))} aria-label={`Remove line ${index + 1}`}>
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="new-invoice-footer">
        <button type="button" className="button small" disabled={lines.length >= MAX_LINES} onClick={() => setLines((current) => [...current, emptyLine()])}>
          Add line
        </button>
        <span className="new-invoice-subtotal">Subtotal {formatMinor(Number(subtotal), currency)} (tax added from the billing settings)</span>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="invoice-form-actions">
        <button type="submit" className="button" disabled={busy}>
          Save draft
        </button>
        <button type="button" className="button primary" disabled={busy} onClick={() => void submit(true)}>
          Issue invoice
        </button>
      </div>
    </form>
  );
}
