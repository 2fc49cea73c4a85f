import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';
import { useProject } from '../notifications/project-role.js';
import { href } from '../router.js';
import { useLiveVoteChannel } from '../votes/live-channel.js';
import { CampaignTable } from './CampaignTable.js';
import { DailyChart } from './DailyChart.js';
import { ImportEvents } from './ImportEvents.js';
import { Kpi } from './Kpi.js';
import { RecentActivity } from './RecentActivity.js';
import { ReportEmails } from './ReportEmails.js';
import { onDashboardPush } from './push.js';
import { type CampaignsPerformance, type Overview, RANGES, type Range } from './types.js';

/** A burst of changes (a rollup pass, a run of votes) is one refetch. */
const REFETCH_AFTER_MS = 500;

/**
 * A document of the project to listen through: the server tells open document connections of a
 * project's members when its numbers change, and a dashboard has no board open (see live-channel.ts).
 */
function useChannelDocument(projectId: string): string | null {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    api<{ name: string }[]>('GET', `/api/projects/${encodeURIComponent(projectId)}/documents?limit=1`)
      .then((reply) => current && setName(reply.data[0]?.name ?? null))
      // No channel: the dashboard still shows what it fetched, and refreshes on reload.
      .catch(() => {});
    return () => {
      current = false;
    };
  }, [projectId]);
  return name;
}

/** Where a series comes from, in the reader's words. */
const SOURCE_NAME: Record<string, string> = { client: 'in the app', import: 'imported', feed: 'document change' };

/**
 * The project dashboard (`#/p/<id>/dashboard`): what its people did over the last days against
 * the days before, per day, and the most frequent events. Numbers come from the rollups, which
 * the worker refreshes every five minutes; an open dashboard fetches again as soon as the server
 * says they changed. Owners and admins also export raw events and import past ones.
 */
export function DashboardPage({ projectId }: { projectId: string }) {
  const { project, error: projectError, canManage } = useProject(projectId);
  const [days, setDays] = useState<Range>(7);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [campaigns, setCampaigns] = useState<CampaignsPerformance | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    const query = `projectId=${encodeURIComponent(projectId)}&days=${days}`;
    Promise.all([api<Overview>('GET', `/api/dashboard/overview?${query}`), api<CampaignsPerformance>('GET', `/api/echo/campaigns/performance?${query}`)])
      .then(([overviewReply, campaignsReply]) => {
        setOverview(overviewReply.data);
        setCampaigns(campaignsReply.data);
        setError(null);
      })
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
  }, [projectId, days]);
  useEffect(load, [load]);
  const live = useLiveVoteChannel(useChannelDocument(projectId));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = onDashboardPush((changed) => {
      if (changed !== projectId) return;
      clearTimeout(timer);
      timer = setTimeout(load, REFETCH_AFTER_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [projectId, load]);

  const problem = projectError ?? error;
  const exportUrl = (format: 'csv' | 'json') => `/api/analytics/export?projectId=${encodeURIComponent(projectId)}&format=${format}`;
  return (
    <section className="page dashboard-page">
      <p>
        <a href={href.project(projectId)}>← {project?.name ?? 'Project'}</a>
      </p>
      <div className="page-head">
        <h1>
          Dashboard{' '}
          {live && (
            <span className="live-badge" data-testid="dashboard-live" title="Numbers refresh here as soon as they change">
              ● live
            </span>
          )}
        </h1>
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
      <p className="muted">What people did in this project: events the app reports, imported ones, and document changes. Counted every five minutes; this page refreshes when the numbers change.</p>
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
          <h2>Campaigns</h2>
          {campaigns && <CampaignTable performance={campaigns} />}
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
