import type { Readable } from 'node:stream';

/** One event read from an external source, before the product's rules are applied. */
export interface ImportedRow {
  /** 1-based row (or record) number in the source, for error messages. */
  row: number;
  name: string;
  occurredAt: string;
  properties: Record<string, string>;
}

/**
 * A source of past events (a CSV export of a traffic tool today; Google Analytics 4 or a social
 * network's API later): each turns its input into rows; the import operation validates and stores.
 */
export interface EventImporter {
  readonly format: string;
  rows(input: Readable): AsyncIterable<ImportedRow>;
}

/** A source that cannot be read as its format says (a broken quote, a missing column). */
export class ImportFormatError extends Error {}
