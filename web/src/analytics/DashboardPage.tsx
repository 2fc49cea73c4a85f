import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';
import { useProject } from '../notifications/project-role.js';
import { href } from '../router.js';
import { DailyChart } from './DailyChart.js';
import { ImportEvents } from './ImportEvents.js';
import { Kpi } from './Kpi.js';
import { RecentActivity } from './RecentActivity.js';
import { ReportEmails } from './ReportEmails.js';
import { type Overview, RANGES, type Range } from './types.js';

/** Where a series comes from, in the reader's words. */
const SOURCE_NAME: Record<string, string> = { client: 'in the app', import: 'imported', feed: 'document change' };

/**
 * The project dashboard (`#/p/<id>/dashboard`): what its people did over the last days against
 * the days before, per day, and the most frequent events. Numbers come from the rollups, which
 * the worker refreshes every five minutes. Owners and admins also export raw events and import
 * past ones.
 */
export function DashboardPage({ projectId }: { projectId: string }) {
  const { project, error: projectError, canManage } = useProject(projectId);
  const [days, setDays] = useState<Range>(7);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<Overview>('GET', `/api/dashboard/overview?projectId=${encodeURIComponent(projectId)}&days=${days}`)
      .then((reply) => {
        setOverview(reply.data);
        setError(null);
      })
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
  }, [projectId, days]);
  useEffect(load, [load]);

  const problem = projectError ?? error;
  const exportUrl = (format: 'csv' | 'json') => `/api/analytics/export?projectId=${encodeURIComponent(projectId)}&format=${format}`;
  return (
    <section className="page dashboard-page">
      <p>
        <a href={href.project(projectId)}>← {project?.name ?? 'Project'}</a>
      </p>
      <div className="page-head">
        <h1>Dashboard</h1>
        <label>
          Period{' '}
          <select value={days} onChange={(event) => setDays(Number(event.target.value) as Range)} data-testid="dashboard-range">
            {RANGES.map((range) => (
              <option key={range} value={range}>
                Last {range} days
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted">What people did in this project: events the app reports, imported ones, and document changes. Updated every five minutes.</p>
      <ReportEmails projectId={projectId} />
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {!overview && !problem && (
        <p className="loading" role="status">
          Loading…
        </p>
      )}
      {overview && (
        <>
          <div className="kpis">
            <Kpi label="Events" now={overview.current.events} before={overview.previous.events} testId="kpi-events" />
            <Kpi label="Document edits" now={overview.current.edits} before={overview.previous.edits} testId="kpi-edits" />
            <Kpi label="Active people" now={overview.current.activePeople} before={overview.previous.activePeople} testId="kpi-people" />
          </div>
          <h2>Per day</h2>
          <DailyChart daily={overview.daily} />
          <h2>Most frequent</h2>
          {overview.top.length === 0 ? (
            <p className="empty-state" data-testid="no-events">
              Nothing counted in this period yet. Open boards and edit them, or import past events from a CSV.
            </p>
          ) : (
            <table className="top-events" data-testid="top-events">
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Count</th>
                </tr>
              </thead>
              <tbody>
                {overview.top.map((row) => (
                  <tr key={`${row.source}:${row.name}`}>
                    <td>{row.name}</td>
                    <td>{SOURCE_NAME[row.source] ?? row.source}</td>
                    <td>{row.total.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Latest changes</h2>
          <RecentActivity projectId={projectId} />
        </>
      )}
      {canManage && (
        <>
          <h2>Raw events</h2>
          <div className="dashboard-tools">
            <a className="button" href={exportUrl('csv')} download data-testid="export-csv">
              Export CSV
            </a>
            <a className="button" href={exportUrl('json')} download>
              Export JSON
            </a>
            <ImportEvents projectId={projectId} onImported={load} />
          </div>
        </>
      )}
    </section>
  );
}
