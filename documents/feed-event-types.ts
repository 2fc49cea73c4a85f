import { CHANGE_EVENT_TYPES } from './change-events.js';

/**
 * What happens to requests, as the change feed tells it. Written by the request operations in the
 * transaction that changes the request (kind 'request', no document, entry = the request's id).
 */
export const REQUEST_EVENT_TYPES = ['request.created', 'request.status-changed', 'request.assigned', 'request.commented'] as const;
export type RequestEventType = (typeof REQUEST_EVENT_TYPES)[number];

/**
 * Events about a project's integrations themselves: one when an integration stops working
 * (bad credentials, a deleted webhook), told in-app to the people who can fix it.
 */
export const INTEGRATION_EVENT_TYPES = ['integration.broken'] as const;

/** A test account whose rotation policy says its password is due (a reminder, or a rotator webhook that failed), told to those who may reveal it. */
export const TEST_ACCOUNT_EVENT_TYPES = ['test-account.rotation-due'] as const;

/**
 * Every event type the feed carries: changes to documents (computed in change-events.ts) and
 * events of things that live outside documents (requests, integrations), which their operations
 * write themselves. The vocabulary lives here, with no I/O, so storage, operations and the browser
 * share one list.
 */
export const FEED_EVENT_TYPES = [...CHANGE_EVENT_TYPES, ...REQUEST_EVENT_TYPES, ...INTEGRATION_EVENT_TYPES, ...TEST_ACCOUNT_EVENT_TYPES] as const;
export type FeedEventType = (typeof FEED_EVENT_TYPES)[number];
