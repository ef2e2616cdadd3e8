// The SQLite adapter as the product uses it: transactions BEGIN IMMEDIATE, statements prepared once per connection.
// SQLite transactions that take the write lock when they begin (BEGIN IMMEDIATE). The adapter
// begins them DEFERRED: harmless in one process (its mutex runs one transaction at a time), but
// with several processes on one database file two transactions that both read and then write
// deadlock, and SQLite fails one at once with SQLITE_BUSY ("database is locked") instead of
// waiting. IMMEDIATE makes the second wait its turn (up to the busy timeout) and then see the
// first one's writes, so a conditional update (a decision, a claim) is simply refused.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { Database } from 'better-sqlite3';
import { reusePreparedStatements } from './sqlite-statement-cache.js';

type Prepare = (sql: string) => unknown;

export class ImmediateSQLite3 extends PrismaBetterSQLite3 {
  override async connect(): ReturnType<PrismaBetterSQLite3['connect']> {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client?: { prepare: Prepare } }).client;
    if (!client) throw new Error('unexpected @prisma/adapter-better-sqlite3: no client to begin transactions on');
    const prepare = client.prepare.bind(client);
    client.prepare = (sql: string) => prepare(sql === 'BEGIN' ? 'BEGIN IMMEDIATE' : sql);
    // Over the rewrite above, so the cached BEGIN is the IMMEDIATE one.
    reusePreparedStatements(client as unknown as Database);
    return adapter;
  }
}
