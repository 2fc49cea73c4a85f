import { getProject } from '../../identity/projects.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { getOverview } from './get-overview.js';
import { recentActivities } from './recent-activities.js';
import { renderReportPdf } from './render-report-pdf.js';

/**
 * The dashboard as a PDF (the export's `pdf` format): aggregates and names, for those who may
 * export. Small whatever the project's size: it is drawn from the rollups and the last changes.
 */
export async function analyticsReportPdf(deps: Pick<OperationDeps, 'db'>, caller: Caller, input: { projectId: string; days: number }, now = new Date()): Promise<Outcome<{ pdf: Buffer; projectName: string }>> {
  const access = await requireProjectRole(caller, input.projectId, 'analytics.export');
  if (!access.ok) return access;
  const project = await getProject(deps.db, access.value.projectId);
  if (!project) return fail('NOT_FOUND', 'No such project.');
  const overview = await getOverview(deps, caller, { projectId: access.value.projectId, days: input.days }, now);
  if (!overview.ok) return overview;
  const activities = await recentActivities(deps, caller, { projectId: access.value.projectId, before: null, limit: 12 });
  if (!activities.ok) return activities;
  const pdf = await renderReportPdf({ projectName: project.name, overview: overview.value, activities: activities.value.items, generatedAt: now });
  return ok({ pdf, projectName: project.name });
}
