// The better-sqlite3 driver adapter prepares every statement anew (6–7 % of the main thread
// in the deadline-surge profile). Prisma sends the same few hundred SQL texts over and over,
// so the connection keeps the prepared statements and binds each call's arguments at run time.
import type { Database, Statement } from 'better-sqlite3';

/** Statements kept per connection; the least recently used goes first. */
const CACHE_SIZE = 500;

/** What the adapter uses of a statement: `prepare(sql).bind(args)`, then `reader`, `run()`, `columns()`, `raw().all()`. */
interface BoundView {
  readonly reader: boolean;
  bind(args: unknown[]): BoundView;
  run(): unknown;
  columns(): unknown;
  raw(): { all(): unknown[] };
}

export function reusePreparedStatements(client: Database, size = CACHE_SIZE): void {
  const prepare = client.prepare.bind(client);
  const cache = new Map<string, Statement>();
  (client as unknown as { prepare(sql: string): BoundView }).prepare = (sql: string) => {
    let stmt = cache.get(sql);
    if (stmt) {
      cache.delete(sql); // re-inserted below: most recently used last
    } else {
      stmt = prepare(sql);
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, stmt);
    return view(stmt, []);
  };
}

// A cached statement cannot be bound for good (better-sqlite3 binds once); the arguments are
// passed to each run instead. Every run finishes synchronously, so calls never interleave.
function view(stmt: Statement, args: unknown[]): BoundView {
  return {
    reader: stmt.reader,
    bind: (bound) => view(stmt, bound),
    run: () => stmt.run(args),
    columns: () => stmt.columns(),
    raw: () => ({ all: () => stmt.raw(true).all(args) as unknown[] }),
  };
}
