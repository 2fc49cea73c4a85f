import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';

/** The subset of the `pg` driver API every module uses: the same calls on PGlite and on a PostgreSQL server. */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface Queryable {
  query<Row extends object = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<QueryResult<Row>>;
}

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /**
   * Runs `fn` in one transaction on one connection; commits when it resolves, rolls back when it throws.
   * Inside `fn`, use only `tx`: on PGlite there is one connection, so asking the pool for another would
   * wait forever. Both backends refuse that mistake with `DatabaseUsageError` so it shows in any test.
   */
  transaction<Result>(fn: (tx: Queryable) => Promise<Result>): Promise<Result>;
  /** Resolves when the database answers within `timeoutMs`. */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export class DatabaseUsageError extends Error {
  readonly code = 'DB_QUERY_OUTSIDE_TRANSACTION';
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUsageError';
  }
}

interface OpenTransaction {
  owner: PoolDatabase;
  open: boolean;
}

const openTransaction = new AsyncLocalStorage<OpenTransaction>();

class PoolDatabase implements Database {
  private closing: Promise<void> | undefined;

  constructor(
    readonly kind: DatabaseKind,
    private readonly pool: pg.Pool,
    private readonly onClose: () => Promise<void>,
  ) {}

  async query<Row extends object>(text: string, values?: readonly unknown[]): Promise<QueryResult<Row>> {
    this.refuseInsideTransaction('query');
    const result = await this.pool.query<Row>(text, values as unknown[] | undefined);
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  }

  async transaction<Result>(fn: (tx: Queryable) => Promise<Result>): Promise<Result> {
    this.refuseInsideTransaction('transaction');
    const client = await this.pool.connect();
    const state: OpenTransaction = { owner: this, open: true };
    const tx: Queryable = {
      query: async <Row extends object>(text: string, values?: readonly unknown[]) => {
        if (!state.open) throw new DatabaseUsageError('This transaction has already finished; its executor cannot be used any more.');
        const result = await client.query<Row>(text, values as unknown[] | undefined);
        return { rows: result.rows, rowCount: result.rowCount ?? 0 };
      },
    };
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await openTransaction.run(state, () => fn(tx));
      state.open = false;
      await client.query('COMMIT');
      return result;
    } catch (error) {
      state.open = false;
      try {
        await client.query('ROLLBACK');
      } catch {
        // The connection itself failed; hand it back destroyed rather than reuse it.
        broken = true;
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.pool.query('SELECT 1'), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Idempotent: the app's shutdown and a test's cleanup may both close it. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.pool.end();
      await this.onClose();
    })();
    return this.closing;
  }

  private refuseInsideTransaction(what: string): void {
    const current = openTransaction.getStore();
    if (current?.owner === this && current.open) {
      throw new DatabaseUsageError(
        `db.${what}() was called inside a transaction: use the transaction's executor instead (on the embedded database this would deadlock).`,
      );
    }
  }
}

export function createPoolDatabase(kind: DatabaseKind, pool: pg.Pool, onClose: () => Promise<void> = async () => {}): Database {
  return new PoolDatabase(kind, pool, onClose);
}
