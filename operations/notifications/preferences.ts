import { FEED_EVENT_TYPES, type FeedEventType } from '../../documents/feed-event-types.js';

/** Where a notification can reach a person. */
export const NOTIFICATION_CHANNELS = ['inApp', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Event types by what they are about, so a person can switch a whole area at once. */
export const NOTIFICATION_GROUPS = ['tasks', 'calendar', 'pipeline', 'annotations', 'requests'] as const;
export type NotificationGroup = (typeof NOTIFICATION_GROUPS)[number];

// By the type's prefix, so event types added later (requests…) fall into their group unlisted.
const GROUP_BY_PREFIX: Readonly<Record<string, NotificationGroup>> = { task: 'tasks', event: 'calendar', item: 'pipeline', thread: 'annotations', request: 'requests' };

export function groupOf(type: string): NotificationGroup | null {
  return GROUP_BY_PREFIX[type.split('.')[0] ?? ''] ?? null;
}

/** What a person chose for one project; anything left out follows the defaults. */
export interface NotificationPreferences {
  groups: Partial<Record<NotificationGroup, NotificationChannel[]>>;
  types: Partial<Record<FeedEventType, NotificationChannel[]>>;
  /** How long email gathers into one digest (minutes; 0: as soon as the batch window closes); null: the default. */
  emailDigestMinutes: number | null;
}

export const NO_PREFERENCES: NotificationPreferences = { groups: {}, types: {}, emailDigestMinutes: null };

/** Longest digest a person may ask for: a day. */
export const MAX_DIGEST_MINUTES = 1_440;
/** Email leaves once the channel's batch window (EMAIL_BATCH_WINDOW_MS) has gathered a burst. */
export const DEFAULT_DIGEST_MINUTES = 0;

/**
 * The defaults: in-app for everything (recipients are already only the people an event concerns:
 * assignees, a thread's participants). Email only for what asks something of the person: being
 * given work (assigned to a card, or a card or event made with them on it: those events reach
 * only its assignees), being spoken to (a comment on their card, feedback on their item, a reply
 * in their thread), a calendar clash to resolve, and requests. Moves,
 * stage changes, due dates, rescheduling and archiving happen all day and would bury those; anyone
 * can switch them on.
 */
const EMAIL_BY_DEFAULT: ReadonlySet<string> = new Set([
  'task.created',
  'task.assigned',
  'task.commented',
  'event.scheduled',
  'event.conflicting',
  'item.feedback-added',
  'thread.replied',
]);
const EMAIL_BY_DEFAULT_GROUPS: ReadonlySet<NotificationGroup> = new Set(['requests']);

export function defaultChannels(type: string): NotificationChannel[] {
  const group = groupOf(type);
  return EMAIL_BY_DEFAULT.has(type) || (group !== null && EMAIL_BY_DEFAULT_GROUPS.has(group)) ? ['inApp', 'email'] : ['inApp'];
}

/** The channels that carry `type` to a person: their choice for the type, else for its group, else the default. */
export function channelsFor(preferences: NotificationPreferences, type: string): readonly NotificationChannel[] {
  const group = groupOf(type);
  return preferences.types[type as FeedEventType] ?? (group ? preferences.groups[group] : undefined) ?? defaultChannels(type);
}

export function wants(preferences: NotificationPreferences | undefined, type: string, channel: NotificationChannel): boolean {
  return channelsFor(preferences ?? NO_PREFERENCES, type).includes(channel);
}

export function digestMinutesOf(preferences: NotificationPreferences | undefined): number {
  return preferences?.emailDigestMinutes ?? DEFAULT_DIGEST_MINUTES;
}

/** Every event type with the channels that carry it, for a settings screen to show as it is. */
export function effectiveChannels(preferences: NotificationPreferences): Record<FeedEventType, NotificationChannel[]> {
  return Object.fromEntries(FEED_EVENT_TYPES.map((type) => [type, [...channelsFor(preferences, type)]])) as Record<FeedEventType, NotificationChannel[]>;
}

const isChannel = (value: unknown): value is NotificationChannel => (NOTIFICATION_CHANNELS as readonly unknown[]).includes(value);
const channelList = (value: unknown): NotificationChannel[] | undefined => (Array.isArray(value) ? [...new Set(value.filter(isChannel))] : undefined);

/**
 * Choices as stored, read leniently: a type or group this code no longer knows (renamed,
 * removed) is dropped rather than failing every fan-out for the person.
 */
export function readStoredChoices(stored: unknown): Pick<NotificationPreferences, 'groups' | 'types'> {
  const source = stored && typeof stored === 'object' ? (stored as { groups?: unknown; types?: unknown }) : {};
  const pick = <K extends string>(value: unknown, known: readonly K[]): Partial<Record<K, NotificationChannel[]>> => {
    const out: Partial<Record<K, NotificationChannel[]>> = {};
    if (!value || typeof value !== 'object') return out;
    for (const [key, list] of Object.entries(value)) {
      const channels = channelList(list);
      if ((known as readonly string[]).includes(key) && channels) out[key as K] = channels;
    }
    return out;
  };
  return { groups: pick(source.groups, NOTIFICATION_GROUPS), types: pick(source.types, FEED_EVENT_TYPES) };
}

/** Stored choices (see storage/notification-preferences) as preferences. */
export function preferencesFromStored(stored: { channels: unknown; emailDigestMinutes: number | null }): NotificationPreferences {
  return { ...readStoredChoices(stored.channels), emailDigestMinutes: stored.emailDigestMinutes };
}
