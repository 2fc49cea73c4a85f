/**
 * The parameters of one statement built from parts: each part adds its values and writes the
 * placeholder it got (`$1`, `$2`, …), so parts can be combined in any order and number.
 */
export class SqlParameters {
  readonly values: unknown[] = [];

  /** Adds a value; returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
