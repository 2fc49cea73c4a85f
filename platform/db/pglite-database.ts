import { type PGlite, type Transaction, types } from '@electric-sql/pglite';
import {
  type Database,
  type DatabaseConnection,
  type QueryResult,
  type Queryable,
  finishedTransactionError,
  refuseInsideTransaction,
  runInTransaction,
  withTimeout,
} from './database.js';

/**
 * The embedded database through PGlite's own query API. (PGlite's node-postgres adapter and
 * its socket server both lose the connection after a failed parameterised query, and the
 * adapter then hands one query's rows to the next; see the closing note of the Foundation
 * issue.) Values come back as the `pg` driver returns them, which the contract suite checks.
 */
const PARSERS = {
  [types.INT8]: (value: string) => value,
  [types.BYTEA]: (value: string) => Buffer.from(value.slice(2), 'hex'),
};

type Executor = Pick<PGlite, 'query' | 'exec'> | Transaction;

async function run<Row>(executor: Executor, text: string, values?: readonly unknown[]): Promise<QueryResult<Row>> {
  if (!values || values.length === 0) {
    // Without parameters a text may hold several statements (migrations): pg answers with the last.
    const results = await executor.exec(text, { parsers: PARSERS });
    const last = results.at(-1);
    return { rows: (last?.rows ?? []) as Row[], rowCount: Math.max(last?.affectedRows ?? 0, last?.rows.length ?? 0) };
  }
  const result = await executor.query<Row>(text, [...values], { parsers: PARSERS });
  return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
}

class PgliteDatabase implements Database {
  readonly kind = 'pglite';
  private closing: Promise<void> | undefined;

  readonly connection: DatabaseConnection;

  constructor(
    private readonly pglite: PGlite,
    private readonly onClose: () => void,
  ) {
    this.connection = { kind: 'pglite', pglite };
  }

  query<Row extends object>(text: string, values?: readonly unknown[]): Promise<QueryResult<Row>> {
    refuseInsideTransaction(this, 'query');
    return run<Row>(this.pglite, text, values);
  }

  transaction<Result>(fn: (tx: Queryable) => Promise<Result>): Promise<Result> {
    refuseInsideTransaction(this, 'transaction');
    return this.pglite.transaction((transaction) =>
      runInTransaction(this, async (isOpen) => {
        // A statement that failed aborts the transaction even when `fn` catches its error, and
        // PostgreSQL then turns COMMIT into ROLLBACK without a word: refuse to report that as a commit.
        let failed: unknown;
        const result = await fn({
          query: <Row extends object>(text: string, values?: readonly unknown[]) =>
            isOpen()
              ? run<Row>(transaction, text, values).catch((error: unknown) => {
                  failed ??= error;
                  throw error;
                })
              : Promise.reject(finishedTransactionError()),
        });
        if (failed !== undefined) throw new Error('the transaction was rolled back: a statement inside it failed', { cause: failed });
        return result;
      }),
    );
  }

  async ping(timeoutMs: number): Promise<void> {
    await withTimeout(this.pglite.query('SELECT 1'), timeoutMs, 'the embedded database');
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.pglite.close();
      } finally {
        this.onClose();
      }
    })();
    return this.closing;
  }
}

export function createPgliteDatabase(pglite: PGlite, onClose: () => void = () => {}): Database {
  return new PgliteDatabase(pglite, onClose);
}
