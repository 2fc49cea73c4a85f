import type { Operation } from '../openapi/operations.js';
import { acceptedResponse, engagementQueryFields, engagementResponse, exportQueryFields, importQuery, importedResponse, overviewQuery, overviewResponse, recentActivitiesQuery, recentActivitiesResponse, recordEventsBody } from './schemas.js';

const common = { tag: 'analytics' as const, auth: true, errors: ['NOT_FOUND'] };
const engagement = { ...common, query: engagementQueryFields, response: engagementResponse, success: { status: 200, description: 'Series per source and event name, from the hourly or daily rollups' } };

export const ANALYTICS_OPERATIONS: Operation[] = [
  { ...common, method: 'post', path: '/api/analytics/events', operationId: 'recordAnalyticsEvents', summary: "Report a batch of the caller's own usage events (up to 100; any member); rate-limited per person (ANALYTICS_EVENTS_PER_MINUTE)", body: recordEventsBody, response: acceptedResponse, success: { status: 202, description: 'Stored; dashboards count them at the next rollup (within 5 minutes)' }, errors: ['NOT_FOUND', 'RATE_LIMITED'] },
  { ...engagement, method: 'get', path: '/api/analytics/user-engagement', operationId: 'getUserEngagement', summary: 'What members did over a range: events per name and hour or day, and distinct active people' },
  { ...engagement, method: 'get', path: '/api/analytics/performance', operationId: 'getAnalyticsPerformance', summary: 'The same series as user-engagement, under the seed’s name' },
  { ...common, method: 'get', path: '/api/analytics/export', operationId: 'exportAnalytics', summary: 'Raw events of a range, streamed as CSV or JSON, or the dashboard as a PDF report with its chart (owners and admins; audited)', query: exportQueryFields, success: { status: 200, description: 'The events, oldest first', contentType: 'text/csv' }, errors: ['NOT_FOUND', 'FORBIDDEN'] },
  { ...common, method: 'post', path: '/api/analytics/import', operationId: 'importAnalytics', summary: 'Import past events from a CSV (columns occurred_at, name, then properties; owners and admins); all rows or none', query: importQuery, response: importedResponse, success: { status: 201, description: 'How many events were stored and the range they cover' }, errors: ['NOT_FOUND', 'FORBIDDEN', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] },
  { ...engagement, method: 'get', path: '/api/analytics/content-metrics', operationId: 'getContentMetrics', summary: 'Document changes per kind and day (sources default to feed)' },
  { ...engagement, method: 'get', path: '/api/metrics/user-behavior', operationId: 'getUserBehavior', summary: 'What the app reports about its own use (sources default to client)' },
  { ...engagement, method: 'get', path: '/api/echo/metrics/engagement', operationId: 'getEchoEngagement', summary: 'The Echo page’s name for user-engagement' },
  { ...engagement, method: 'get', path: '/api/echo/metrics/content-performance', operationId: 'getEchoContentPerformance', summary: 'The Echo page’s name for content-metrics (sources default to feed)' },
  { ...common, method: 'get', path: '/api/metrics/performance', operationId: 'getPerformanceMetrics', summary: 'The dashboard overview under the seed’s name', query: overviewQuery, response: overviewResponse, success: { status: 200, description: 'The overview' } },
  { ...common, method: 'get', path: '/api/recent-activities', operationId: 'getRecentActivities', summary: "A project's change feed, newest first, with who did it; paged by `meta.next` (pass it as `before`)", query: recentActivitiesQuery, response: recentActivitiesResponse, success: { status: 200, description: 'A page of activities' } },
  { ...common, method: 'get', path: '/api/dashboard/overview', operationId: 'getDashboardOverview', summary: 'The dashboard headline: events, edits and active people over the last days against the days before, per day, and the top events', query: overviewQuery, response: overviewResponse, success: { status: 200, description: 'The overview' } },
];
