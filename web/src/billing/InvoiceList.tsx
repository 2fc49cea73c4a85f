import { useState } from 'react';
import { failureText } from '../components/failure-text.js';
import { billingApi } from './billing-api.js';
import { moneyText } from './money.js';
import type { InvoiceView, PaymentView } from './types.js';

const outcomeText = (payment: PaymentView) => {
  switch (payment.status) {
    case 'succeeded':
      return 'Paid. A receipt is on its way.';
    case 'requires_action':
      return 'Your bank asks you to confirm this payment (3-D Secure).';
    case 'failed':
      return `Not paid: ${payment.failureReason ?? 'the payment failed.'}`;
    default:
      return `Payment ${payment.status.replace(/_/g, ' ')}.`;
  }
};

/**
 * 3-D Secure in the browser: Stripe.js shows the bank's challenge for the payment's client secret.
 * The invoice is marked paid when Stripe's webhook says so, not by this page.
 */
async function confirmWithBank(publishableKey: string, clientSecret: string): Promise<string> {
  const { loadStripe } = await import('@stripe/stripe-js/pure');
  const stripe = await loadStripe(publishableKey);
  if (!stripe) return 'Stripe could not be loaded; try again.';
  const result = await stripe.handleNextAction({ clientSecret });
  if (result.error) return `Not paid: ${result.error.message ?? 'the bank did not confirm the payment.'}`;
  return 'Confirmed with your bank. The invoice shows as paid once Stripe tells us.';
}

/** The project's invoices: what is due, "Pay" with the default card (3-D Secure through Stripe.js when asked), and the PDF. */
export function InvoiceList({ projectId, publishableKey, invoices, canPay, onPaid }: { projectId: string; publishableKey: string | null; invoices: InvoiceView[]; canPay: boolean; onPaid: () => void }) {
  const [outcome, setOutcome] = useState<Record<string, { text: string; failed: boolean }>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const pay = async (invoice: InvoiceView) => {
    setBusy(invoice.id);
    try {
      const payment = await billingApi.payInvoice(projectId, invoice.id, crypto.randomUUID());
      setOutcome((o) => ({ ...o, [invoice.id]: { text: outcomeText(payment), failed: payment.status === 'failed' } }));
      if (payment.status === 'requires_action' && payment.clientSecret && publishableKey) {
        const text = await confirmWithBank(publishableKey, payment.clientSecret);
        setOutcome((o) => ({ ...o, [invoice.id]: { text, failed: text.startsWith('Not paid') } }));
      }
      onPaid();
    } catch (failure) {
      setOutcome((o) => ({ ...o, [invoice.id]: { text: failureText(failure, 'The payment could not be made'), failed: true } }));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="billing-section" aria-labelledby="billing-invoices">
      <h2 id="billing-invoices">Invoices</h2>
      {invoices.length === 0 && <p className="empty-state">No invoices yet.</p>}
      <table className="billing-invoices" data-testid="invoices">
        {invoices.length > 0 && (
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Status</th>
              <th scope="col">Total</th>
              <th scope="col">Due</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
        )}
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.id} data-testid="invoice-row">
              <td>{invoice.displayNumber}</td>
              <td data-testid="invoice-status">{invoice.status}</td>
              <td>{moneyText(invoice.totalMinor, invoice.currency)}</td>
              <td>{invoice.status === 'open' ? moneyText(invoice.amountDueMinor, invoice.currency) : '—'}</td>
              <td>
                {invoice.status === 'open' && canPay && (
                  <button type="button" className="button small primary" disabled={busy === invoice.id} onClick={() => void pay(invoice)} aria-label={`Pay ${invoice.displayNumber}`}>
                    Pay
                  </button>
                )}{' '}
                <a href={billingApi.pdfUrl(invoice.id)} download>
                  PDF
                </a>
                {(outcome[invoice.id] ?? (invoice.lastPaymentError ? { text: `Last attempt: ${invoice.lastPaymentError}`, failed: true } : null)) && (
                  <p className={outcome[invoice.id]?.failed || (!outcome[invoice.id] && invoice.lastPaymentError) ? 'error' : 'notice'} role="status" data-testid="payment-outcome">
                    {outcome[invoice.id]?.text ?? `Last attempt: ${invoice.lastPaymentError}`}
                  </p>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
