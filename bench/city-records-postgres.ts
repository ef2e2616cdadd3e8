// The city of bench/city-records.ts on PostgreSQL: the cached SQLite file is copied table by
// table into a database migrated with the PostgreSQL migrations, once per dataset (a marker
// table names the SQLite build it came from); each run then gets its own copy made with
// `CREATE DATABASE … TEMPLATE`, a file-level copy that takes seconds.
// Tables are written with `COPY … FROM STDIN (FORMAT csv)` through psql (no new dependency);
// triggers are off while loading (session_replication_role = replica: the foreign keys are
// already satisfied in the SQLite file, and PlanTally is copied as data), sequences are moved
// past the highest id, and every table's row count and the whole PlanTally are compared with
// SQLite's before ANALYZE.
import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { CityRecords } from './city-records.js';

/** Where the bench's PostgreSQL is: a role allowed to create databases and replicate (superuser, local only). */
export const BENCH_PG_URL = process.env.BENCH_PG_URL ?? 'postgresql://hscm_bench:hscm_bench@127.0.0.1:5432/postgres';
const LOADED_DB = 'hscm_bench_city_v1';

export interface PostgresCity {
  /** A fresh database for this run (drop it with `dropRunDatabase`). */
  url: string;
  database: string;
  loadSeconds: number;
  cached: boolean;
  copySeconds: number;
}

const progress = (line: string) => console.error(`[records-postgres] ${line}`);

function urlFor(database: string): string {
  const u = new URL(BENCH_PG_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor(database) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the bench role when running as root next to a local cluster (peer auth as postgres). */
function ensureRole(): void {
  const u = new URL(BENCH_PG_URL);
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  const sql = `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${user}') THEN CREATE ROLE "${user}" LOGIN SUPERUSER PASSWORD '${password}'; END IF; END $$;`;
  execFileSync('runuser', ['-u', 'postgres', '--', 'psql', '-v', 'ON_ERROR_STOP=1', '-Atc', sql], { stdio: 'pipe' });
}

/** The city on PostgreSQL, loaded from the SQLite file unless already there; then a copy for this run. */
export async function postgresCity(city: CityRecords): Promise<PostgresCity> {
  try {
    await admin(async (c) => c.query('SELECT 1'));
  } catch {
    progress('creating the bench role (needs root and a local cluster)');
    ensureRole();
  }
  const marker = `${city.builtAt}|${city.submissions}`;
  const have = await admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [LOADED_DB])).rowCount === 1);
  let loaded = have ? await admin(async (c) => c.query('SELECT marker FROM "_BenchDataset"').then((r) => r.rows[0]?.marker as string | undefined, () => undefined), LOADED_DB) : undefined;
  let loadSeconds = 0;
  const cached = loaded === marker;
  if (!cached) {
    const t0 = performance.now();
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${LOADED_DB}`);
      await c.query(`CREATE DATABASE ${LOADED_DB}`);
    });
    progress('migrating');
    execFileSync('npx', ['prisma', 'migrate', 'deploy'], { env: { ...process.env, DATABASE_URL: urlFor(LOADED_DB) }, stdio: 'pipe' });
    await loadTables(city.dbFile, urlFor(LOADED_DB));
    await admin(async (c) => {
      await c.query('CREATE TABLE "_BenchDataset" (marker TEXT NOT NULL)');
      await c.query('INSERT INTO "_BenchDataset" VALUES ($1)', [marker]);
    }, LOADED_DB);
    loadSeconds = (performance.now() - t0) / 1000;
    loaded = marker;
    progress(`loaded in ${loadSeconds.toFixed(0)} s`);
  }
  const database = `hscm_bench_run_${process.pid}`;
  const t1 = performance.now();
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${database}`);
    await c.query(`CREATE DATABASE ${database} TEMPLATE ${LOADED_DB}`);
  });
  return { url: urlFor(database), database, loadSeconds, cached, copySeconds: (performance.now() - t1) / 1000 };
}

export async function dropRunDatabase(database: string): Promise<void> {
  await admin(async (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
}

interface Column {
  name: string;
  type: string;
}

async function loadTables(sqliteFile: string, url: string): Promise<void> {
  const sqlite = new Database(sqliteFile, { readonly: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);
    const pgColumns = await client.query(`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`);
    const columnsOf = new Map<string, Column[]>();
    for (const r of pgColumns.rows) columnsOf.set(r.table_name, [...(columnsOf.get(r.table_name) ?? []), { name: r.column_name, type: r.data_type }]);
    for (const table of tables) {
      const columns = columnsOf.get(table);
      if (!columns) throw new Error(`table ${table} is in SQLite but not in the PostgreSQL schema`);
      const sqliteColumns = new Set((sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>).map((r) => r.name));
      const missing = columns.filter((c) => !sqliteColumns.has(c.name));
      if (missing.length > 0) throw new Error(`${table}: PostgreSQL has columns SQLite lacks: ${missing.map((c) => c.name).join(', ')}`);
      const t0 = performance.now();
      const rows = await copyTable(sqlite, url, table, columns);
      progress(`${table}: ${rows.toLocaleString('en')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    // Sequences past the highest id, as the next insert through Prisma expects.
    const serials = await client.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval%'`);
    for (const r of serials.rows) {
      await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX("${r.column_name}") FROM "${r.table_name}"), 0) + 1, false)`, [`"${r.table_name}"`, r.column_name]);
    }
    for (const table of tables) {
      const a = (sqlite.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
      const b = Number((await client.query(`SELECT COUNT(*) AS n FROM "${table}"`)).rows[0].n);
      if (a !== b) throw new Error(`${table}: ${a} rows in SQLite, ${b} in PostgreSQL`);
    }
    const tally = 'SELECT "schoolYearId", "schoolId", "groupId", "subject", "kind", "state", "late", "count" FROM "PlanTally" ORDER BY 1, 2, 3, 4, 5, 6, 7';
    // Booleans, integers and PostgreSQL's bigint strings compared as numbers.
    const norm = (v: unknown) => (typeof v === 'boolean' ? String(Number(v)) : typeof v === 'bigint' || (typeof v === 'string' && /^-?\d+$/.test(v)) ? String(Number(v)) : String(v));
    const digest = (rows: Array<Record<string, unknown>>) => createHash('sha256').update(rows.map((r) => Object.values(r).map(norm).join('|')).join('\n')).digest('hex');
    if (digest(sqlite.prepare(tally).all() as Array<Record<string, unknown>>) !== digest((await client.query(tally)).rows)) throw new Error('PlanTally differs between SQLite and PostgreSQL');
    progress('row counts and PlanTally equal; ANALYZE');
    await client.query('ANALYZE');
  } finally {
    sqlite.close();
    await client.end();
  }
}

/** One table through `psql -c "COPY … FROM STDIN"`, as CSV, with the pipe's back-pressure. */
async function copyTable(sqlite: Database.Database, url: string, table: string, columns: Column[]): Promise<number> {
  const list = columns.map((c) => `"${c.name}"`).join(', ');
  const psql = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `SET session_replication_role = replica; COPY "${table}" (${list}) FROM STDIN (FORMAT csv)`], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  psql.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<void>((resolve, reject) => psql.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`COPY ${table} failed (${code}): ${stderr}`)))));
  const convert = columns.map((c) => converter(c.type));
  let rows = 0;
  let chunk = '';
  for (const row of sqlite.prepare(`SELECT ${list} FROM "${table}"`).raw().iterate() as Iterable<unknown[]>) {
    chunk += row.map((v, i) => convert[i]!(v)).join(',') + '\n';
    rows++;
    if (chunk.length > 1 << 20) {
      if (!psql.stdin.write(chunk)) await new Promise((r) => psql.stdin.once('drain', r));
      chunk = '';
    }
  }
  psql.stdin.end(chunk);
  await done;
  return rows;
}

/** SQLite value → CSV field for a PostgreSQL column type (NULL is the empty unquoted field). */
function converter(type: string): (v: unknown) => string {
  const text = (v: unknown) => `"${String(v).replaceAll('"', '""')}"`;
  if (type === 'boolean') return (v) => (v === null ? '' : v ? 't' : 'f');
  if (type.startsWith('timestamp')) return (v) => (v === null ? '' : typeof v === 'number' ? new Date(v).toISOString() : text(v));
  if (type === 'bytea') return (v) => (v === null ? '' : `"\\x${Buffer.from(v as Buffer).toString('hex')}"`);
  return (v) => (v === null ? '' : typeof v === 'string' ? text(v) : String(v));
}
