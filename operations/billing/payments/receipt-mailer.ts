import { escapeHtml } from '../../deliveries/channels/email-message.js';
import { type SmtpSettings, createSmtpTransport } from '../../deliveries/channels/email-smtp.js';

export interface Receipt {
  to: string[];
  projectName: string;
  amountMinor: number;
  currency: string;
  /** The invoice's printed number, when the payment was for one. */
  invoiceNumber: string | null;
  paymentId: string;
  paidAt: Date;
}

/** Sends a payment receipt; throws when the SMTP server does not take it. */
export interface ReceiptMailer {
  send(receipt: Receipt): Promise<void>;
}

/** An amount in minor units as text, by integer arithmetic only ("1234" eur → "12.34 EUR"; zero-decimal currencies as they are). */
export function formatMinor(amountMinor: number, currency: string): string {
  const zeroDecimal = ['jpy', 'krw', 'vnd', 'clp', 'isk', 'huf', 'xof', 'xaf'].includes(currency);
  const code = currency.toUpperCase();
  if (zeroDecimal) return `${amountMinor} ${code}`;
  const whole = Math.trunc(amountMinor / 100);
  const cents = String(amountMinor % 100).padStart(2, '0');
  return `${whole}.${cents} ${code}`;
}

/** Receipts through the same SMTP server as notification emails (SMTP_URL, SMTP_FROM). */
export function smtpReceiptMailer(settings: SmtpSettings & { from: string }): ReceiptMailer {
  const transport = createSmtpTransport(settings);
  return {
    async send(receipt) {
      const amount = formatMinor(receipt.amountMinor, receipt.currency);
      const what = receipt.invoiceNumber ? `invoice ${receipt.invoiceNumber}` : 'your payment';
      const subject = `Receipt: ${amount} for ${receipt.projectName}`.slice(0, 200);
      const lines = [`We received ${amount} for ${what} (project ${receipt.projectName}).`, `Payment: ${receipt.paymentId}`, `Date: ${receipt.paidAt.toISOString()}`];
      await transport.sendMail({
        from: settings.from,
        to: receipt.to,
        subject,
        text: `${lines.join('\n')}\n`,
        html: `<p>${lines.map((line) => escapeHtml(line)).join('<br>')}</p>`,
      });
    },
  };
}
