import PDFDocument from 'pdfkit';
import type { Activity } from './recent-activities.js';
import type { Overview } from './get-overview.js';

const MARGIN = 50;
const PAGE_WIDTH = 595.28;
const WIDTH = PAGE_WIDTH - 2 * MARGIN;
const ACCENT = '#4f46e5';
const EDITS = '#15803d';
const INK = '#1d2333';
const MUTED = '#575d6e';
const LINE = '#e3e6ef';

/** The change against the period before, as the dashboard says it. */
function change(now: number, before: number): string {
  if (before === 0) return now > 0 ? 'new this period' : 'nothing yet';
  const percent = Math.round(((now - before) / before) * 100);
  return `${percent > 0 ? '+' : ''}${percent}% vs the period before`;
}

/** A line per series over the days, with a light grid and the y axis from 0 to the largest value. */
function drawChart(doc: PDFKit.PDFDocument, daily: Overview['daily'], top: number): number {
  const height = 170;
  const left = MARGIN + 30;
  const width = WIDTH - 30;
  const max = Math.max(1, ...daily.map((point) => Math.max(point.events, point.edits)));
  const step = Math.max(1, Math.ceil(max / 4));
  const scaleMax = step * 4;
  const x = (index: number) => left + (daily.length <= 1 ? width / 2 : (index / (daily.length - 1)) * width);
  const y = (value: number) => top + height - (value / scaleMax) * height;
  doc.lineWidth(0.5).strokeColor(LINE);
  for (let tick = 0; tick <= 4; tick++) {
    const value = tick * step;
    doc.moveTo(left, y(value)).lineTo(left + width, y(value)).stroke();
    doc.font('Helvetica').fontSize(7).fillColor(MUTED).text(String(value), MARGIN, y(value) - 3, { width: 24, align: 'right' });
  }
  const labelEvery = Math.max(1, Math.ceil(daily.length / 8));
  daily.forEach((point, index) => {
    if (index % labelEvery !== 0 && index !== daily.length - 1) return;
    doc.font('Helvetica').fontSize(7).fillColor(MUTED).text(point.day.slice(5, 10), x(index) - 15, top + height + 4, { width: 30, align: 'center' });
  });
  for (const [key, colour] of [['events', ACCENT], ['edits', EDITS]] as const) {
    doc.lineWidth(1.6).strokeColor(colour);
    daily.forEach((point, index) => (index === 0 ? doc.moveTo(x(index), y(point[key])) : doc.lineTo(x(index), y(point[key]))));
    doc.stroke();
    for (const [index, point] of daily.entries()) doc.circle(x(index), y(point[key]), 1.8).fill(colour);
  }
  const legendY = top + height + 18;
  doc.rect(left, legendY + 2, 10, 3).fill(ACCENT);
  doc.font('Helvetica').fontSize(8).fillColor(INK).text('Events', left + 14, legendY);
  doc.rect(left + 70, legendY + 2, 10, 3).fill(EDITS);
  doc.text('Document edits', left + 84, legendY);
  return legendY + 20;
}

/**
 * The dashboard as a one-page A4 report: headline numbers with their change, events and edits per
 * day as a chart, the most frequent events and the latest changes. Text is drawn as text, so it
 * can be searched and read by a screen reader.
 */
export function renderReportPdf(report: { projectName: string; overview: Overview; activities: Activity[]; generatedAt: Date }): Promise<Buffer> {
  const { overview } = report;
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `${report.projectName}: activity report`, Author: 'Studio' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.rect(0, 0, PAGE_WIDTH, 10).fill(ACCENT);
  doc.font('Helvetica-Bold').fontSize(20).fillColor(INK).text(report.projectName, MARGIN, MARGIN, { width: WIDTH });
  const first = overview.daily[0]?.day.slice(0, 10) ?? '';
  const last = overview.daily.at(-1)?.day.slice(0, 10) ?? '';
  doc.font('Helvetica').fontSize(10).fillColor(MUTED).text(`Activity report, last ${overview.days} days (${first} to ${last}), made ${report.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`);

  const kpiTop = doc.y + 16;
  const kpiWidth = (WIDTH - 20) / 3;
  const kpis: [string, number, number][] = [
    ['Events', overview.current.events, overview.previous.events],
    ['Document edits', overview.current.edits, overview.previous.edits],
    ['Active people', overview.current.activePeople, overview.previous.activePeople],
  ];
  kpis.forEach(([label, now, before], index) => {
    const left = MARGIN + index * (kpiWidth + 10);
    doc.lineWidth(0.8).roundedRect(left, kpiTop, kpiWidth, 62, 6).strokeColor(LINE).stroke();
    doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(label, left + 10, kpiTop + 8, { width: kpiWidth - 20 });
    doc.font('Helvetica-Bold').fontSize(20).fillColor(INK).text(now.toLocaleString('en'), left + 10, kpiTop + 22, { width: kpiWidth - 20 });
    doc.font('Helvetica').fontSize(8).fillColor(now >= before ? EDITS : '#c2410c').text(change(now, before), left + 10, kpiTop + 46, { width: kpiWidth - 20 });
  });

  doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text('Per day', MARGIN, kpiTop + 82);
  let y = drawChart(doc, overview.daily, doc.y + 8);

  doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text('Most frequent', MARGIN, y + 6);
  y = doc.y + 4;
  if (overview.top.length === 0) {
    doc.font('Helvetica').fontSize(9).fillColor(MUTED).text('Nothing counted in this period.', MARGIN, y);
    y = doc.y;
  }
  for (const row of overview.top) {
    doc.font('Helvetica').fontSize(9).fillColor(INK).text(row.name, MARGIN, y, { width: 280, lineBreak: false, ellipsis: true });
    doc.fillColor(MUTED).text(row.source === 'feed' ? 'document change' : row.source === 'import' ? 'imported' : 'in the app', MARGIN + 290, y, { width: 120 });
    doc.fillColor(INK).text(row.total.toLocaleString('en'), MARGIN + 410, y, { width: WIDTH - 410, align: 'right' });
    y += 14;
    doc.lineWidth(0.4).moveTo(MARGIN, y - 3).lineTo(MARGIN + WIDTH, y - 3).strokeColor(LINE).stroke();
  }

  if (report.activities.length > 0) {
    doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text('Latest changes', MARGIN, y + 8);
    for (const activity of report.activities) {
      const title = typeof activity.data.title === 'string' ? ` “${activity.data.title}”` : '';
      doc.font('Helvetica').fontSize(9).fillColor(INK).text(`${activity.occurredAt.slice(0, 16).replace('T', ' ')}  ${activity.actorName}: ${activity.type}${title}`, { width: WIDTH, lineBreak: false, ellipsis: true });
    }
  }
  doc.end();
  return done;
}
