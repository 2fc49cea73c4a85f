import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite } from '@electric-sql/pglite';
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

/** How a library that brings its own client (the job queue) reaches the same data. */
export type DatabaseConnection = { kind: 'pglite'; pglite: PGlite } | { kind: 'postgres'; url: string };

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  readonly connection: DatabaseConnection;
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
  owner: object;
  open: boolean;
}

const openTransaction = new AsyncLocalStorage<OpenTransaction>();

/**
 * Runs `fn` marked as inside a transaction of `owner`; `refuseInsideTransaction(owner)` then
 * throws, on every backend, where the embedded one would deadlock.
 */
export function runInTransaction<Result>(owner: object, fn: (isOpen: () => boolean) => Promise<Result>): Promise<Result> {
  const state: OpenTransaction = { owner, open: true };
  return openTransaction.run(state, async () => {
    try {
      return await fn(() => state.open);
    } finally {
      state.open = false;
    }
  });
}

export function refuseInsideTransaction(owner: object, what: string): void {
  const current = openTransaction.getStore();
  if (current?.owner === owner && current.open) {
    throw new DatabaseUsageError(
      `db.${what}() was called inside a transaction: use the transaction's executor instead (on the embedded database this would deadlock).`,
    );
  }
}

export function finishedTransactionError(): DatabaseUsageError {
  return new DatabaseUsageError('This transaction has already finished; its executor cannot be used any more.');
}

export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** PostgreSQL server through a `pg` pool. */
class PoolDatabase implements Database {
  private closing: Promise<void> | undefined;

  readonly kind = 'postgres';
  readonly connection: DatabaseConnection;

  constructor(
    private readonly pool: pg.Pool,
    url: string,
    /** See `createPoolDatabase`. */
    private readonly guardTransactions: boolean,
  ) {
    this.connection = { kind: 'postgres', url };
  }

  async query<Row extends object>(text: string, values?: readonly unknown[]): Promise<QueryResult<Row>> {
    if (this.guardTransactions) refuseInsideTransaction(this, 'query');
    const result = await this.pool.query<Row>(text, values as unknown[] | undefined);
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  }

  async transaction<Result>(fn: (tx: Queryable) => Promise<Result>): Promise<Result> {
    if (this.guardTransactions) refuseInsideTransaction(this, 'transaction');
    const client = await this.pool.connect();
    let broken = false;
    let open = true;
    const tx: Queryable = {
      query: async <Row extends object>(text: string, values?: readonly unknown[]) => {
        if (!open) throw finishedTransactionError();
        const answer = await client.query<Row>(text, values as unknown[] | undefined);
        return { rows: answer.rows, rowCount: answer.rowCount ?? 0 };
      },
    };
    try {
      await client.query('BEGIN');
      let result: Result;
      try {
        result = this.guardTransactions ? await runInTransaction(this, () => fn(tx)) : await fn(tx);
      } finally {
        open = false;
      }
      // PostgreSQL answers COMMIT of a transaction that an error (caught inside `fn`) aborted with
      // ROLLBACK, and no error: without this check its writes would vanish while we report success.
      const committed = await client.query('COMMIT');
      if (committed.command !== 'COMMIT') throw new Error(`the transaction was rolled back at COMMIT (${committed.command}): a statement inside it failed`);
      return result;
    } catch (error) {
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
    await withTimeout(this.pool.query('SELECT 1'), timeoutMs, 'the database');
  }

  /** Idempotent: the app's shutdown and a test's cleanup may both close it. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.pool.end();
    })();
    return this.closing;
  }
}

/**
 * `guardTransactions`: refuse the pool's own `query` and `transaction` inside a transaction, as
 * PGlite always does (there it would deadlock; here it takes a second connection, which can wait
 * on the first one's locks for ever). Knowing "inside" takes an AsyncLocalStorage, and on Node 20
 * that is a hook on every promise the process makes: ~4 % of a busy server's CPU. Off in
 * production by default; the test suite runs every path on both backends with it on.
 */
export function createPoolDatabase(pool: pg.Pool, url: string, guardTransactions = true): Database {
  return new PoolDatabase(pool, url, guardTransactions);
}
