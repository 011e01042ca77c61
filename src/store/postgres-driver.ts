import postgres from "postgres";
import type { Db, Queryable } from "./db.js";
import { toStoreError } from "./store-errors.js";

type Sql = postgres.Sql<Record<string, never>>;
type TxSql = postgres.TransactionSql<Record<string, never>>;

function wrap(sql: Sql | TxSql, location: string): Queryable {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      try {
        const rows = await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
        return [...rows] as Row[];
      } catch (error) {
        throw toStoreError(error, location);
      }
    },
    async exec(text: string) {
      try {
        await sql.unsafe(text);
      } catch (error) {
        throw toStoreError(error, location);
      }
    },
  };
}

/** Hides the password of a connection URL, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable database URL)";
  }
}

/**
 * A Db over a postgres.js pool. A Supabase/PgBouncer transaction pooler (port 6543 or
 * `?pgbouncer=true`) cannot keep prepared statements, so they are off there.
 */
export function createPostgresDb(url: string, options: { maxConnections?: number } = {}): Db {
  const parsed = new URL(url);
  const isPooler = parsed.port === "6543" || parsed.searchParams.get("pgbouncer") === "true";
  parsed.searchParams.delete("pgbouncer");
  const location = redactUrl(url);
  const sql: Sql = postgres(parsed.toString(), {
    max: options.maxConnections ?? 4,
    prepare: !isPooler,
    onnotice: () => {},
    connect_timeout: 10,
    idle_timeout: 20,
    connection: { application_name: "benchledger" },
  });
  const base = wrap(sql, location);
  return {
    engine: "postgres",
    location,
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      try {
        return (await sql.begin((tx) => fn(wrap(tx, location)))) as Awaited<ReturnType<typeof fn>>;
      } catch (error) {
        throw toStoreError(error, location);
      }
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
