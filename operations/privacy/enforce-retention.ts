import { recordAudit } from '../../identity/audit.js';
import type { Database } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import { projectsWithRetention, pruneProjectAnalyticsEvents, pruneProjectAudit, pruneProjectNotifications } from '../../storage/project-retention.js';

const DAY = 24 * 3_600_000;

export interface RetentionPass {
  projects: number;
  audit: number;
  notifications: number;
  analyticsEvents: number;
}

/**
 * Applies each project's own retention: its audit records, notifications and raw analytics events
 * older than it chose go. Projects that chose nothing keep today's behaviour (the analytics prune
 * job removes raw events past ANALYTICS_RAW_RETENTION_DAYS). Records without a project are never
 * touched. Safe to run twice: a second run finds nothing more to remove.
 */
export async function enforceRetention(deps: { db: Database; logger: Logger }, now = new Date()): Promise<RetentionPass> {
  const pass: RetentionPass = { projects: 0, audit: 0, notifications: 0, analyticsEvents: 0 };
  const before = (days: number) => new Date(now.getTime() - days * DAY);
  for (const project of await projectsWithRetention(deps.db)) {
    pass.projects += 1;
    const removed = {
      audit: project.auditDays !== null ? await pruneProjectAudit(deps.db, project.projectId, before(project.auditDays)) : 0,
      notifications: project.notificationDays !== null ? await pruneProjectNotifications(deps.db, project.projectId, before(project.notificationDays)) : 0,
      analyticsEvents: project.analyticsRawDays !== null ? await pruneProjectAnalyticsEvents(deps.db, project.projectId, before(project.analyticsRawDays)) : 0,
    };
    pass.audit += removed.audit;
    pass.notifications += removed.notifications;
    pass.analyticsEvents += removed.analyticsEvents;
    if (removed.audit + removed.notifications + removed.analyticsEvents > 0) {
      // Written after the prune, so it is the newest record the project keeps about what went.
      await recordAudit(deps.db, { action: 'project.retention_applied', projectId: project.projectId, details: { removed, retention: { auditDays: project.auditDays, notificationDays: project.notificationDays, analyticsRawDays: project.analyticsRawDays } } });
      deps.logger.info({ projectId: project.projectId, ...removed }, 'applied project retention');
    }
  }
  return pass;
}
