import { PGlite } from "@electric-sql/pglite";
import type { Db, Queryable } from "./db.js";
import { toStoreError } from "./store-errors.js";

interface PgliteLike {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  exec(text: string): Promise<unknown>;
}

function wrap(pg: PgliteLike): Queryable {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      try {
        return (await pg.query<Row>(text, [...params])).rows;
      } catch (error) {
        throw toStoreError(error);
      }
    },
    async exec(text: string) {
      try {
        await pg.exec(text);
      } catch (error) {
        throw toStoreError(error);
      }
    },
  };
}

/**
 * A Db over one PGlite instance. PGlite is a single connection: concurrent callers are
 * serialised by PGlite itself, and a transaction holds it exclusively.
 */
export function createPgliteDb(pg: PGlite, location: string, onClose?: () => void): Db {
  const base = wrap(pg);
  return {
    engine: "pglite",
    location,
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      try {
        return await pg.transaction((tx) => fn(wrap(tx)));
      } catch (error) {
        throw toStoreError(error);
      }
    },
    async close() {
      try {
        if (!pg.closed) await pg.close();
      } finally {
        onClose?.();
      }
    },
  };
}

/** Small WAL limits: PGlite otherwise keeps up to 1 GB of recycled WAL segments on disk. */
export const PGLITE_SETTINGS = ["min_wal_size = 32MB", "max_wal_size = 64MB"];

export async function openPglite(dataDir?: string): Promise<PGlite> {
  return PGlite.create({ ...(dataDir ? { dataDir } : {}), postgresqlconf: PGLITE_SETTINGS });
}
