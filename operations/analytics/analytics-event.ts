/** What a client may report about its own use; the REST edge validates the shape, these are the rules. */

/** Lower-case dotted names ("page.viewed", "board.filter-used"): they become chart series. */
export const EVENT_NAME = /^[a-z][a-z0-9]*(?:[._:-][a-z0-9]+){0,7}$/;
export const EVENT_NAME_MAX = 64;
export const EVENTS_PER_BATCH = 100;
export const PROPERTIES_MAX = 20;
export const PROPERTY_KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/;
export const PROPERTY_TEXT_MAX = 200;
/** A client buffers offline: events up to a week old are accepted, and a few minutes of clock skew ahead. */
export const MAX_AGE_MS = 7 * 24 * 3_600_000;
export const MAX_SKEW_MS = 5 * 60_000;

export interface ClientEvent {
  name: string;
  occurredAt?: Date | undefined;
  properties?: Record<string, string | number | boolean> | undefined;
}
