import type { Channel } from '../channel.js';
import type { ChannelDependencies } from './index.js';
import { EMAIL_CHANNEL } from '../email-planner.js';
import { renderEmail } from './email-message.js';
import { loadEventNames } from './event-names.js';
import { emailRecipientOf, stillWanted } from './email-recipient.js';
import { type SmtpTransport, SMTP_TIMEOUT_MS, createSmtpTransport, smtpFailure } from './email-smtp.js';

export interface EmailChannelOptions {
  smtpUrl: string;
  from: string;
  tlsRejectUnauthorized: boolean;
  /** How long a person's events gather before one email carries them (EMAIL_BATCH_WINDOW_MS). */
  batchWindowMs: number;
  maxAttempts: number;
  /** DELIVERY_IN_DOUBT_AFTER_MS, raised to well above the longest a send can take (connect, greeting and socket timeouts), so a slow send in progress is never doubled. */
  inDoubtAfterMs: number;
  /** Where people open documents (PUBLIC_URL, or the address this process listens on). */
  publicUrl: () => string;
  /** A transport to use instead of one built from `smtpUrl`. */
  transport?: SmtpTransport;
}

/**
 * Email to one person (destination `user:<uuid>`) at a time: whatever gathered for them becomes
 * one message, a sentence for one event or a digest grouped by document. How long things gather
 * is the channel's batch window, or the person's digest (the planner's due time, see
 * email-digest.ts), whichever is later.
 */
export function createEmailChannel(options: EmailChannelOptions): Channel {
  const transport = options.transport ?? createSmtpTransport(options);
  return {
    kind: EMAIL_CHANNEL,
    batchWindowMs: options.batchWindowMs,
    // A digest lists the first 50 lines and counts the rest; past this, the next email carries on.
    maxBatch: 500,
    maxAttempts: options.maxAttempts,
    inDoubtAfterMs: options.inDoubtAfterMs,
    async send(destination, batch, { db }) {
      const recipient = await emailRecipientOf(db, destination);
      if ('missing' in recipient) return { ok: false, error: recipient.missing, permanent: true };
      const { keep, skipped } = await stillWanted(db, recipient.id, batch);
      if (keep.length === 0) return { ok: true, refs: skipped };
      const message = renderEmail({ recipient, batch: keep, names: await loadEventNames(db, keep), publicUrl: options.publicUrl() });
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: { name: recipient.name, address: recipient.email },
          subject: message.subject,
          text: message.text,
          html: message.html,
          // Automatic mail: out-of-office replies and bounces-to-sender loops should leave it alone (RFC 3834).
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        });
        if (info.rejected.length > 0) return { ok: false, error: 'SMTP: the recipient was rejected', permanent: true };
        const refs = new Map(skipped);
        for (const item of keep) refs.set(item.delivery.id, info.messageId);
        return { ok: true, refs };
      } catch (error) {
        return smtpFailure(error);
      }
    },
  };
}

/** The email channel when SMTP_URL is set; none otherwise (and the planner plans nothing for it). */
export function emailChannels(deps: Pick<ChannelDependencies, 'config' | 'publicUrl'>): Channel[] {
  const { email, publicUrl } = deps.config;
  return email ? [createEmailChannel({ ...email, inDoubtAfterMs: Math.max(deps.config.deliveries.inDoubtAfterMs, 4 * SMTP_TIMEOUT_MS), publicUrl: deps.publicUrl ?? (() => publicUrl ?? '') })] : [];
}
