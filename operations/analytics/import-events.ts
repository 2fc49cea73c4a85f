import type { Readable } from 'node:stream';
import { recordAudit } from '../../identity/audit.js';
import type { Database } from '../../platform/db/database.js';
import { type NewAnalyticsEvent, insertAnalyticsEvents } from '../../storage/analytics/analytics-events.js';
import { recomputeRollups } from '../../storage/analytics/analytics-rollups.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { auditActorOf } from '../projects/audit-actor.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { EVENT_NAME, EVENT_NAME_MAX, MAX_SKEW_MS, PROPERTIES_MAX, PROPERTY_KEY, PROPERTY_TEXT_MAX } from './analytics-event.js';
import { type EventImporter, type ImportedRow, ImportFormatError } from './importers/event-importer.js';
import type { DashboardHub } from './dashboard-hub.js';
import { coveringWindows } from './rollup-windows.js';

const DAY = 24 * 3_600_000;
/** Rows one import may hold (the body limit bounds bytes; this bounds what is kept in memory). */
export const MAX_IMPORT_ROWS = 100_000;
const INSERT_BATCH = 1_000;
const ERRORS_SHOWN = 20;

interface RowProblem {
  row: number;
  message: string;
}

/** The row as an event, or what is wrong with it. */
function checkRow(row: ImportedRow, oldest: number, newest: number): NewAnalyticsEvent | RowProblem {
  if (row.name.length > EVENT_NAME_MAX || !EVENT_NAME.test(row.name)) return { row: row.row, message: 'name must be lower-case words joined by . _ : or - (at most 64 characters)' };
  const at = Date.parse(row.occurredAt);
  if (!/^\d{4}-\d{2}-\d{2}/.test(row.occurredAt) || Number.isNaN(at)) return { row: row.row, message: 'occurred_at must be an ISO 8601 time' };
  if (at < oldest || at > newest) return { row: row.row, message: 'occurred_at is older than raw events are kept, or in the future' };
  const entries = Object.entries(row.properties).filter(([, value]) => value !== '');
  if (entries.length > PROPERTIES_MAX) return { row: row.row, message: `at most ${PROPERTIES_MAX} property columns may be filled` };
  for (const [key, value] of entries) {
    if (!PROPERTY_KEY.test(key)) return { row: row.row, message: `column "${key.slice(0, 40)}" is not a property name (letters, digits, _)` };
    if (value.length > PROPERTY_TEXT_MAX || value.includes('\u0000')) return { row: row.row, message: `column ${key} holds more than ${PROPERTY_TEXT_MAX} characters or a NUL byte` };
  }
  return { name: row.name, occurredAt: new Date(at), properties: Object.fromEntries(entries) };
}

/**
 * Imports past events (owners and admins): the whole file is read and checked first, then stored
 * in one transaction with the rollups of the days and hours it covers, so an import lands whole
 * or not at all and its days show on dashboards at once. Rows older than raw events are kept
 * are refused: their rollups could not be recomputed later.
 */
export async function importEvents(
  deps: { db: Database; rawRetentionDays: number; dashboards?: DashboardHub | undefined },
  caller: Caller,
  input: { projectId: string; importer: EventImporter; body: Readable },
  now = new Date(),
): Promise<Outcome<{ imported: number; from: string | null; to: string | null }>> {
  const access = await requireProjectRole(caller, input.projectId, 'project.update');
  if (!access.ok) return access;
  const oldest = now.getTime() - deps.rawRetentionDays * DAY;
  const newest = now.getTime() + MAX_SKEW_MS;
  const events: NewAnalyticsEvent[] = [];
  const problems: RowProblem[] = [];
  let problemCount = 0;
  try {
    for await (const row of input.importer.rows(input.body)) {
      if (events.length + problemCount >= MAX_IMPORT_ROWS) return fail('PAYLOAD_TOO_LARGE', `An import holds at most ${MAX_IMPORT_ROWS} rows; split the file.`);
      const checked = checkRow(row, oldest, newest);
      if ('message' in checked) {
        problemCount++;
        if (problems.length < ERRORS_SHOWN) problems.push(checked);
      } else events.push(checked);
    }
  } catch (error) {
    if (error instanceof ImportFormatError) return fail('VALIDATION_FAILED', error.message);
    throw error;
  }
  if (problemCount > 0) return fail('VALIDATION_FAILED', `${problemCount} row(s) cannot be imported; nothing was stored.`, problems.map((problem) => ({ path: ['row', problem.row], message: problem.message })));
  if (events.length === 0) return ok({ imported: 0, from: null, to: null });

  // A loop, not Math.min(...times): spreading 100,000 arguments overflows the stack.
  let [first, last] = [Infinity, -Infinity];
  for (const event of events) [first, last] = [Math.min(first, event.occurredAt.getTime()), Math.max(last, event.occurredAt.getTime())];
  const [from, to] = [new Date(first), new Date(last)];
  const projectId = access.value.projectId;
  await deps.db.transaction(async (tx) => {
    for (let start = 0; start < events.length; start += INSERT_BATCH) {
      await insertAnalyticsEvents(tx, { projectId, userId: null, source: 'import', events: events.slice(start, start + INSERT_BATCH) });
    }
    for (const window of coveringWindows(from, to)) await recomputeRollups(tx, { ...window, projectId });
    await recordAudit(tx, { action: 'analytics.imported', projectId, ...auditActorOf(caller.principal), details: { format: input.importer.format, rows: events.length, from: from.toISOString(), to: to.toISOString() } });
  });
  await deps.dashboards?.changed([projectId]);
  return ok({ imported: events.length, from: from.toISOString(), to: to.toISOString() });
}
