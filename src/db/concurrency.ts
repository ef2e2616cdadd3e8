// "First one wins" on both databases. SQLite runs one writing transaction at a time, so a
// read-then-write inside a transaction cannot interleave with another. PostgreSQL (READ
// COMMITTED) runs them at once: a transaction that reads a row and writes from what it read
// must either write conditionally (updateMany with the expected state, then check the
// count), lock the row first (lockRow), or lose on a unique constraint and run again
// (retryOnConflict).
import { isPostgres, type DbTx } from './prisma.js';

/**
 * SELECT … FOR UPDATE on PostgreSQL: the row is this transaction's until it ends, so another
 * transaction's lockRow (or write) on it waits and then reads what this one committed. A
 * no-op on SQLite, whose writing transactions already exclude each other.
 */
export async function lockRow(tx: DbTx, table: LockableTable, column: string, value: string | number): Promise<void> {
  if (!isPostgres(tx)) return;
  if (!/^[A-Za-z]+$/.test(column)) throw new Error(`bad column ${column}`);
  await tx.$queryRawUnsafe(`SELECT 1 FROM "${table}" WHERE "${column}" = $1 FOR UPDATE`, value);
}

export type LockableTable = 'Plan' | 'Staff' | 'SignInThrottle' | 'Intake';

/** Thrown inside a transaction that found its premise changed by another one: run it again. */
export class WriteConflict extends Error {
  constructor(what: string) {
    super(`write conflict: ${what}`);
    this.name = 'WriteConflict';
  }
}

/**
 * Runs a transaction again when it lost a race: a unique constraint another transaction
 * satisfied first (P2002), a write conflict or deadlock PostgreSQL broke (P2034, 40P01), or
 * a WriteConflict. The next run reads what the winner committed. A conflict that repeats
 * on every attempt is thrown as it is.
 */
export async function retryOnConflict<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isConflict(error)) throw error;
    }
  }
}

export function isConflict(error: unknown): boolean {
  if (error instanceof WriteConflict) return true;
  const e = error as { code?: string; message?: string };
  return e?.code === 'P2002' || e?.code === 'P2034' || /deadlock detected|could not serialize/.test(e?.message ?? '');
}
