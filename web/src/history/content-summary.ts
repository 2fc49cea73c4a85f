import { STAGE_INFO } from '../pipeline/stages.js';
import type { Stage } from '../../../documents/pipeline/schema.js';

/** A few lines that say what a version held: enough to recognise it, not the whole document. */
export interface ContentSummary {
  /** "4 columns, 2 cards". */
  headline: string;
  groups: SummaryGroup[];
}

export interface SummaryGroup {
  name: string;
  count: number;
  /** The first few entries' titles; `more` says how many are not listed. */
  titles: string[];
  more: number;
}

/** How many titles each group lists before "and N more". */
export const TITLES_PER_GROUP = 8;

type Entry = Record<string, unknown>;

/*
 * The content is the model's read of a past state, from the server. It is read defensively (an
 * older schema, or a field missing) rather than cast: a preview must never break the page.
 */
const entries = (value: unknown): Entry[] => (Array.isArray(value) ? value.filter((item): item is Entry => typeof item === 'object' && item !== null) : []);
const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Entry)[key] : undefined);
const text = (value: unknown, fallback: string): string => (typeof value === 'string' && value.trim() ? value : fallback);
const live = (entry: Entry) => entry.archived !== true;
const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

function group(name: string, titles: string[]): SummaryGroup {
  return { name, count: titles.length, titles: titles.slice(0, TITLES_PER_GROUP), more: Math.max(0, titles.length - TITLES_PER_GROUP) };
}

function board(content: unknown): ContentSummary {
  const columns = entries(field(content, 'columns')).filter(live);
  const groups = columns.map((column) => group(text(column.title, 'Untitled column'), entries(column.cards).filter(live).map((card) => text(card.title, 'Untitled card'))));
  const cards = groups.reduce((sum, each) => sum + each.count, 0);
  return { headline: `${plural(columns.length, 'column')}, ${plural(cards, 'card')}`, groups };
}

function calendar(content: unknown): ContentSummary {
  const events = entries(field(content, 'events')).filter(live);
  const titles = events.map((event) => {
    const start = typeof event.start === 'string' ? new Date(event.start) : null;
    const day = start && !Number.isNaN(start.getTime()) ? ` (${start.toLocaleDateString()})` : '';
    return `${text(event.title, 'Untitled event')}${day}`;
  });
  return { headline: plural(events.length, 'event'), groups: events.length > 0 ? [group('Events', titles)] : [] };
}

const stageName = (stage: unknown): string => (typeof stage === 'string' && stage in STAGE_INFO ? STAGE_INFO[stage as Stage].name : text(stage, 'Stage'));

function pipeline(content: unknown): ContentSummary {
  const stages = entries(field(content, 'stages'));
  const groups = stages.map((stage) => group(stageName(stage.stage), entries(stage.items).filter(live).map((item) => text(item.title, 'Untitled item'))));
  const items = groups.reduce((sum, each) => sum + each.count, 0);
  return { headline: plural(items, 'item'), groups };
}

function annotations(content: unknown): ContentSummary {
  const sources = entries(field(content, 'sources'));
  const threads = entries(field(content, 'threads'));
  const resolved = threads.filter((thread) => thread.resolved === true).length;
  const open = threads.length - resolved;
  return {
    headline: `${plural(sources.length, 'text')}, ${plural(threads.length, 'thread')} (${open.toLocaleString('en-US')} open, ${resolved.toLocaleString('en-US')} resolved)`,
    groups: sources.length > 0 ? [group('Texts', sources.map((source) => text(source.title, 'Untitled text')))] : [],
  };
}

/** What a version of a document of `kind` held, in a few lines. */
export function summarizeContent(kind: string, content: unknown): ContentSummary {
  switch (kind) {
    case 'kanban':
      return board(content);
    case 'calendar':
      return calendar(content);
    case 'pipeline':
      return pipeline(content);
    case 'annotations':
      return annotations(content);
    default:
      return { headline: 'A document of a kind this page does not know how to summarise.', groups: [] };
  }
}
