import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { type EventImporter, type ImportedRow, ImportFormatError } from './event-importer.js';

const REQUIRED = ['occurred_at', 'name'] as const;

/**
 * CSV with a header row: `occurred_at` (ISO 8601) and `name` are required; every other column is
 * a property of each event. Fields are limited in size by the parser, so one absurd cell cannot
 * take the process's memory.
 */
export const csvImporter: EventImporter = {
  format: 'csv',
  async *rows(input: Readable): AsyncIterable<ImportedRow> {
    const parser = parse({ columns: (header: string[]) => header.map((name) => name.trim()), bom: true, skip_empty_lines: true, trim: true, max_record_size: 8_192 });
    // pipe() does not carry a source's failure (a body over its limit) to the parser: hand it on.
    input.on('error', (error) => parser.destroy(error));
    input.pipe(parser);
    let row = 1;
    try {
      for await (const record of parser as AsyncIterable<Record<string, string>>) {
        row++;
        if (row === 2) {
          const missing = REQUIRED.filter((column) => !(column in record));
          if (missing.length > 0) throw new ImportFormatError(`The CSV has no ${missing.join(' or ')} column.`);
        }
        const { occurred_at: occurredAt, name, ...properties } = record;
        yield { row, name: name ?? '', occurredAt: occurredAt ?? '', properties };
      }
    } catch (error) {
      if (error instanceof CsvError) throw new ImportFormatError(`Row ${row + 1} cannot be read as CSV: ${error.message}`);
      throw error;
    } finally {
      parser.destroy();
    }
  },
};
