import { escapeHtml } from '../deliveries/channels/email-message.js';
import { type SmtpSettings, createSmtpTransport } from '../deliveries/channels/email-smtp.js';
import type { Overview } from './get-overview.js';

export interface ActivityReport {
  to: string;
  projectName: string;
  cadence: 'weekly' | 'monthly';
  overview: Overview;
  /** Where the dashboard is, for the link at the end. */
  dashboardUrl: string;
}

/** Sends a scheduled report; throws when the SMTP server does not take it. */
export interface ReportMailer {
  send(report: ActivityReport): Promise<void>;
}

function change(now: number, before: number): string {
  if (before === 0) return now > 0 ? 'new' : 'none yet';
  const percent = Math.round(((now - before) / before) * 100);
  return `${percent > 0 ? '+' : ''}${percent}%`;
}

/** The report's lines, shared by the text and HTML parts. */
export function reportLines(report: ActivityReport): { subject: string; lines: string[] } {
  const { overview } = report;
  const { current, previous } = overview;
  const lines = [
    `${report.projectName}, the last ${overview.days} days:`,
    `Events: ${current.events} (${change(current.events, previous.events)})`,
    `Document edits: ${current.edits} (${change(current.edits, previous.edits)})`,
    `Active people: ${current.activePeople} (${change(current.activePeople, previous.activePeople)})`,
    ...(overview.top.length > 0 ? ['Most frequent:', ...overview.top.slice(0, 5).map((row) => `  ${row.name}: ${row.total}`)] : ['Nothing was counted in this period.']),
    `The dashboard: ${report.dashboardUrl}`,
  ];
  return { subject: `${report.cadence === 'weekly' ? 'Weekly' : 'Monthly'} activity: ${report.projectName}`.slice(0, 200), lines };
}

/** Reports through the same SMTP server as notification emails (SMTP_URL, SMTP_FROM). */
export function smtpReportMailer(settings: SmtpSettings & { from: string }): ReportMailer {
  const transport = createSmtpTransport(settings);
  return {
    async send(report) {
      const { subject, lines } = reportLines(report);
      await transport.sendMail({ from: settings.from, to: report.to, subject, text: `${lines.join('\n')}\n`, html: `<p>${lines.map((line) => escapeHtml(line)).join('<br>')}</p>` });
    },
  };
}
