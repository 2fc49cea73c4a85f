import { getRole } from '../../identity/members.js';
import { getProject } from '../../identity/projects.js';
import { getUserById } from '../../identity/users.js';
import type { Database } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import { claimDueReport, deleteReportSubscription, dueReportSubscriptions, releaseDueReport } from '../../storage/analytics/report-subscriptions.js';
import type { Caller } from '../caller.js';
import { getOverview } from './get-overview.js';
import { REPORT_DAYS, nextDue } from './report-cadence.js';
import type { ReportMailer } from './report-mailer.js';

/** Reports one pass sends at most; the rest wait for the next pass (an hour later). */
const PER_PASS = 500;

export interface ReportSending {
  db: Database;
  mailer: ReportMailer;
  /** Where browsers reach the app, for the dashboard link. */
  publicUrl: () => string;
  logger: Logger;
}

/**
 * Sends every report that is due: each is claimed first (its next time moved on), so two workers
 * or a retried job send it once; a send that fails gives the claim back for the next pass. The
 * numbers are read as the subscriber: someone who left the project gets nothing, and their
 * subscription ends.
 */
export async function sendDueReports(deps: ReportSending, now = new Date()): Promise<{ sent: number; ended: number; failed: number }> {
  let [sent, ended, failed] = [0, 0, 0];
  for (const due of await dueReportSubscriptions(deps.db, now, PER_PASS)) {
    const user = await getUserById(deps.db, due.userId);
    const project = await getProject(deps.db, due.projectId);
    if (!user || !project || !(await getRole(deps.db, due.projectId, due.userId))) {
      await deleteReportSubscription(deps.db, due.projectId, due.userId);
      ended++;
      continue;
    }
    if (!(await claimDueReport(deps.db, due, nextDue(due.cadence, due.nextDueAt, now), now))) continue;
    const caller: Caller = {
      principal: { type: 'user', user, sessionId: 'scheduled-report' },
      roleIn: (projectId) => getRole(deps.db, projectId, user.id),
      projectIds: async () => [due.projectId],
    };
    const overview = await getOverview(deps, caller, { projectId: due.projectId, days: REPORT_DAYS[due.cadence] }, now);
    if (!overview.ok) continue;
    try {
      await deps.mailer.send({ to: user.email, projectName: project.name, cadence: due.cadence, overview: overview.value, dashboardUrl: `${deps.publicUrl()}/#/p/${due.projectId}/dashboard` });
      sent++;
    } catch (error) {
      await releaseDueReport(deps.db, due);
      failed++;
      deps.logger.warn({ err: error, projectId: due.projectId, userId: due.userId }, 'a scheduled report was not sent; the next pass tries again');
    }
  }
  return { sent, ended, failed };
}
