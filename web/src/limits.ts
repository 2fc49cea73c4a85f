import type { z } from 'zod';
import { anchor, replyEntry, sourceEntry, threadEntry } from '../../documents/annotations/schema.js';
import { eventEntry } from '../../documents/calendar/schema.js';
import { CARD_LIST_MAX_ITEMS, cardEntry } from '../../documents/kanban/schema.js';
import { assetEntry, itemEntry } from '../../documents/pipeline/schema.js';

/**
 * How long what people type may be, in one place. Document limits are read from the documents'
 * own zod schemas, so they are never written twice; the server's REST limits (whose schemas
 * import server code and cannot be bundled) are mirrored below, each naming where it comes from.
 */
export interface Limit {
  /** The most characters allowed, counted as the schemas count them (`string.length`). */
  max: number;
  /** What is limited, plural, for the message: "Titles can be at most 500 characters". */
  what: string;
  /** Spaces around the value are dropped before it is checked and sent (by the form or the server). */
  trim?: boolean;
  /** A list typed in one field (labels separated by commas): `max` is each item's, `maxItems` how many. */
  list?: { separator: string; maxItems: number; item: string };
}

/** The `max` of a string schema (optionally nullable); a schema without one is a mistake here, found at load. */
function maxOf(schema: z.ZodString | z.ZodNullable<z.ZodString>): number {
  const string = 'unwrap' in schema ? schema.unwrap() : schema;
  if (string.maxLength === null) throw new Error('a limited field needs a schema with a maximum length');
  return string.maxLength;
}

const card = cardEntry.shape;
const item = itemEntry.shape;
const calendarEvent = eventEntry.shape;

export const LIMITS = {
  // Documents (documents/*/schema.ts).
  cardTitle: { max: maxOf(card.title), what: 'Titles', trim: true },
  cardDescription: { max: maxOf(card.description), what: 'Descriptions' },
  cardAssignees: { max: maxOf(card.assignees.element), what: 'Assignees', list: { separator: ',', maxItems: CARD_LIST_MAX_ITEMS, item: 'assignee' } },
  cardLabels: { max: maxOf(card.labels.element), what: 'Labels', list: { separator: ',', maxItems: CARD_LIST_MAX_ITEMS, item: 'label' } },
  itemTitle: { max: maxOf(item.title), what: 'Titles' },
  itemBrief: { max: maxOf(item.brief), what: 'Briefs' },
  itemScript: { max: maxOf(item.scriptDocument), what: 'Script links', trim: true },
  assetUrl: { max: maxOf(assetEntry.shape.url), what: 'Links', trim: true },
  sourceTitle: { max: maxOf(sourceEntry.shape.title), what: 'Titles' },
  sourceText: { max: maxOf(sourceEntry.shape.text), what: 'Texts' },
  threadBody: { max: maxOf(threadEntry.shape.body), what: 'Comments' },
  replyBody: { max: maxOf(replyEntry.shape.body), what: 'Replies' },
  quote: { max: maxOf(anchor.shape.quote), what: 'Quoted selections' },
  eventTitle: { max: maxOf(calendarEvent.title), what: 'Titles', trim: true },
  eventDescription: { max: maxOf(calendarEvent.description), what: 'Descriptions' },
  eventChannel: { max: maxOf(calendarEvent.channel), what: 'Channels', trim: true },

  // The REST API's (rest/projects/project-schemas.ts, rest/documents/schemas.ts, rest/requests/schemas.ts,
  // rest/integrations/schemas.ts with operations/integrations/integration-kinds.ts, rest/rlhf/schemas.ts).
  projectName: { max: 120, what: 'Project names', trim: true },
  documentTitle: { max: 200, what: 'Titles', trim: true },
  requestTitle: { max: 200, what: 'Titles', trim: true },
  requestDescription: { max: 10_000, what: 'Descriptions' },
  requestComment: { max: 4_000, what: 'Comments', trim: true },
  figmaUrl: { max: 2_048, what: 'Links', trim: true },
  // rest/assets/schemas.ts (createUploadBody.name): longer names are shortened, keeping the extension.
  uploadName: { max: 255, what: 'File names', trim: true },
  integrationName: { max: 100, what: 'Names', trim: true },
  integrationSecret: { max: 2_000, what: 'Secrets' },
  integrationUsername: { max: 80, what: 'Names' },
  jiraSite: { max: 500, what: 'Site addresses' },
  jiraIssueType: { max: 100, what: 'Issue types' },
  jiraEmail: { max: 320, what: 'Email addresses' },
  jiraLabel: { max: 100, what: 'Labels' },
  memberEmail: { max: 254, what: 'Email addresses', trim: true },
  // rest/documents/version-schemas.ts (nameVersionBody): the name of a saved version of a document.
  versionLabel: { max: 120, what: 'Version names', trim: true },
  // rest/test-accounts/schemas.ts (TEST_ACCOUNT_LIMITS; test/test-accounts-vault.test.ts compares them).
  testAccountService: { max: 100, what: 'Service names', trim: true },
  testAccountUsername: { max: 320, what: 'Usernames', trim: true },
  testAccountPassword: { max: 1_024, what: 'Passwords' },
  testAccountTotpSeed: { max: 128, what: 'TOTP seeds' },
  testAccountNotes: { max: 4_000, what: 'Notes' },
  testAccountRotatorUrl: { max: 2_048, what: 'Links', trim: true },
  // rest/rlhf/schemas.ts (FEEDBACK_MAX; counted after trimming).
  voteFeedback: { max: 2_000, what: 'Feedback', trim: true },
} as const satisfies Record<string, Limit>;

const number = (n: number) => n.toLocaleString('en-US');

/** The value as it will be checked: trimmed when the limit says so. */
const checked = (value: string, limit: Limit) => (limit.trim ? value.trim() : value);

/** The items of a list field, as the form sends them. */
export const listItems = (value: string, separator: string) =>
  value
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);

export interface LimitState {
  /** Characters counted (for a list: of its longest item). */
  length: number;
  over: boolean;
  /** Close enough to the limit that a counter helps. */
  near: boolean;
  /** What is wrong, for people, or null. */
  message: string | null;
}

/** Whether `value` fits `limit`, and what to tell the person when it does not. */
export function checkLimit(value: string, limit: Limit): LimitState {
  if (limit.list) {
    const items = listItems(value, limit.list.separator);
    const longest = items.reduce((most, entry) => Math.max(most, entry.length), 0);
    if (items.length > limit.list.maxItems) {
      return { length: longest, over: true, near: true, message: `At most ${number(limit.list.maxItems)} ${limit.what.toLowerCase()} — ${number(items.length - limit.list.maxItems)} too many` };
    }
    if (longest > limit.max) {
      return { length: longest, over: true, near: true, message: `Each ${limit.list.item} can be at most ${number(limit.max)} characters — one is ${number(longest - limit.max)} too many` };
    }
    return { length: longest, over: false, near: longest >= limit.max * 0.8, message: null };
  }
  const length = checked(value, limit).length;
  const over = length > limit.max;
  return {
    length,
    over,
    near: length >= limit.max * 0.8,
    message: over ? `${limit.what} can be at most ${number(limit.max)} characters — ${number(length - limit.max)} too many` : null,
  };
}

/** "512 / 500". */
export const counterText = (state: LimitState, limit: Limit) => `${number(state.length)} / ${number(limit.max)}`;
