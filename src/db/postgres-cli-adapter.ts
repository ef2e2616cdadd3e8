// The PostgreSQL driver adapter for the Prisma CLI (prisma.config.ts), with one fix: Prisma
// 6.19's schema engine reads PostgreSQL's catalogs, whose `name` and `"char"` columns
// @prisma/adapter-pg cannot type ("Column type 'name' could not be deserialized",
// prisma/orm#27403), so `migrate deploy` / `migrate diff` fail. Both are text, so the result
// is reported as text. And the adapter runs a migration script by splitting it at every `;`,
// which breaks plpgsql function bodies: the script is sent whole instead (one simple query,
// which PostgreSQL runs as one implicit transaction: a migration applies fully or not at all).
// Used only by the CLI; the product's queries never return these types.
import { PrismaPg } from '@prisma/adapter-pg';

const TEXT = 25;
const TEXT_ARRAY = 1009;
/** "char", name → text; their arrays → text[]. */
const AS_TEXT = new Map([[18, TEXT], [19, TEXT], [1002, TEXT_ARRAY], [1003, TEXT_ARRAY]]);

type Client = { query(sql: string): Promise<unknown> };
type PerformIO = (query: unknown) => Promise<{ fields: Array<{ dataTypeID: number }> }>;
let patched = false;

export function postgresCliAdapter(connectionString: string): PrismaPg {
  const factory = new PrismaPg({ connectionString });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    if (!patched) patchAdapter(adapter);
    return adapter;
  };
  return factory;
}

function patchAdapter(adapter: object): void {
  const owner = (name: string) => {
    for (let proto = Object.getPrototypeOf(adapter); proto; proto = Object.getPrototypeOf(proto)) if (Object.hasOwn(proto, name)) return proto;
    throw new Error(`@prisma/adapter-pg changed: ${name} not found (see src/db/postgres-cli-adapter.ts)`);
  };
  const queryable = owner('performIO');
  const original = queryable.performIO as PerformIO;
  queryable.performIO = async function (this: unknown, query: unknown) {
    const result = await original.call(this, query);
    for (const field of result?.fields ?? []) field.dataTypeID = AS_TEXT.get(field.dataTypeID) ?? field.dataTypeID;
    return result;
  };
  owner('executeScript').executeScript = async function (this: { client: Client; onError(e: unknown): never }, script: string) {
    try {
      await this.client.query(script);
    } catch (error) {
      this.onError(error);
    }
  };
  patched = true;
}
