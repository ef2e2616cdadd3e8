// Creating and dropping the tests' PostgreSQL databases through the server's admin URL.
import { execFileSync } from 'node:child_process';
import pg from 'pg';

/** The same server and credentials, another database. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery<Row extends object = object>(adminUrl: string, sql: string): Promise<pg.QueryResult<Row>> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query<Row>(sql);
  } finally {
    await client.end();
  }
}

/**
 * CREATE DATABASE … TEMPLATE, synchronously (psql), so that createTestDb() stays synchronous.
 * A copy of the migrated template takes a few tens of milliseconds.
 */
export function createDatabaseFromTemplate(adminUrl: string, database: string, template: string): void {
  execFileSync('psql', ['--no-psqlrc', '--quiet', '-v', 'ON_ERROR_STOP=1', '-d', adminUrl, '-c', `CREATE DATABASE "${database}" TEMPLATE "${template}"`], { stdio: 'pipe' });
}

/**
 * Drops a test database, ending any connection a test left open (WITH FORCE). FORCE may not end
 * an autovacuum worker busy in it unless the role has pg_signal_backend (scripts/postgres-server.sh
 * grants it); without, a plain DROP is tried instead: the server stops its own autovacuum worker.
 */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  try {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } catch (error) {
    if (!/pg_signal_backend/.test((error as Error).message)) throw error;
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${database}"`);
  }
}
