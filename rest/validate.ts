import type { z } from 'zod';

/** Parses untrusted input; a ZodError becomes a 422 VALIDATION_FAILED with the issues listed. */
export function parse<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  return schema.parse(input ?? {});
}
