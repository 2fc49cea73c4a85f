import { CHANGE_EVENT_TYPES } from '../../documents/change-events.js';

/**
 * Every event type the feed carries: changes to documents (computed in documents/) and events of
 * things that live outside documents (requests), which their operations write themselves.
 */
export const FEED_EVENT_TYPES = [...CHANGE_EVENT_TYPES] as const;
export type FeedEventType = (typeof FEED_EVENT_TYPES)[number];
