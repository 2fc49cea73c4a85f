import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { stringify } from 'csv-stringify';
import type { StoredAnalyticsEvent } from '../../storage/analytics/analytics-events.js';

const COLUMNS = ['id', 'occurred_at', 'received_at', 'source', 'name', 'user_id', 'properties'] as const;

/** A spreadsheet runs a cell that starts like a formula; a leading quote keeps it text (CSV injection). */
function inert(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function csvRecord(event: StoredAnalyticsEvent): string[] {
  return [event.id, event.occurredAt.toISOString(), event.receivedAt.toISOString(), event.source, event.name, event.userId ?? '', JSON.stringify(event.properties)].map(inert);
}

function jsonRecord(event: StoredAnalyticsEvent) {
  return { id: event.id, occurredAt: event.occurredAt.toISOString(), receivedAt: event.receivedAt.toISOString(), source: event.source, name: event.name, userId: event.userId, properties: event.properties };
}

async function* jsonArray(events: AsyncIterable<StoredAnalyticsEvent>): AsyncIterable<string> {
  yield '[';
  let first = true;
  for await (const event of events) {
    yield `${first ? '' : ','}\n${JSON.stringify(jsonRecord(event))}`;
    first = false;
  }
  yield '\n]\n';
}

async function* csvRecords(events: AsyncIterable<StoredAnalyticsEvent>): AsyncIterable<string[]> {
  for await (const event of events) yield csvRecord(event);
}

/**
 * Streams events to the response as they are read: the pipeline waits whenever the client reads
 * slower than the database pages, so memory stays at a page whatever the export's size. A failure
 * after the first bytes cannot change the status any more: the response is cut short, which the
 * client sees as an incomplete download.
 */
export async function streamExport(res: Response, format: 'csv' | 'json', events: AsyncIterable<StoredAnalyticsEvent>, filename: string): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}.${format}"`);
  res.setHeader('Cache-Control', 'no-store');
  if (format === 'csv') await pipeline(Readable.from(csvRecords(events)), stringify({ header: true, columns: [...COLUMNS] }), res);
  else await pipeline(Readable.from(jsonArray(events)), res);
}
