import fs from "node:fs";
import path from "node:path";
import type { Db } from "./db.js";
import { acquireDirLock } from "./dir-lock.js";
import { assertMigrated, migrate } from "./migrations.js";
import { createPgliteDb, openPglite } from "./pglite-driver.js";
import { createPostgresDb } from "./postgres-driver.js";
import { createRemoteDb, type ServerEndpoint } from "./remote-db.js";
import { toStoreError } from "./store-errors.js";

export type DbTarget = { kind: "embedded"; dir: string } | { kind: "postgres"; url: string };

/** A `postgres://` or `postgresql://` URL is PostgreSQL; anything else is a directory. */
export function parseDbTarget(value: string): DbTarget {
  return /^postgres(ql)?:\/\//i.test(value) ? { kind: "postgres", url: value } : { kind: "embedded", dir: value };
}

export interface OpenOptions {
  /** Names the opener in the lock file, for the error another process sees. */
  command: string;
  /** How long to wait for another process to release an embedded store. */
  lockWaitMs: number;
  /** Check (PostgreSQL) that the schema is migrated; `migrate` itself turns this off. */
  requireSchema: boolean;
  /** Migrate an embedded store on opening (default true); `migrate` does it itself. */
  migrateEmbedded?: boolean;
  /** Told once, when a new embedded store is created. */
  onCreate?: (dir: string) => void;
}

/**
 * Opens the ledger database. An embedded store is locked for this process, created on
 * first use and migrated automatically; PostgreSQL is migrated by `benchledger migrate`.
 */
export async function openDb(target: DbTarget, options: OpenOptions): Promise<Db> {
  return target.kind === "embedded" ? openEmbedded(target.dir, options) : openPostgres(target.url, options);
}

/** Where a `serve` holding the embedded store in `dir` advertises itself. */
export function serverFileOf(dir: string): string {
  return path.join(path.resolve(dir), "server.json");
}

/** The running server that holds the store, if one does (its process is alive). */
function runningServer(dir: string): ServerEndpoint | null {
  try {
    const endpoint = JSON.parse(fs.readFileSync(serverFileOf(dir), "utf8")) as ServerEndpoint;
    if (endpoint.pid === process.pid) return null;
    process.kill(endpoint.pid, 0);
    return endpoint;
  } catch {
    return null; // no server.json, unreadable, or its process is gone
  }
}

async function openEmbedded(dir: string, options: OpenOptions): Promise<Db> {
  const root = path.resolve(dir);
  if (fs.existsSync(root) && !fs.statSync(root).isDirectory()) {
    throw toStoreError(Object.assign(new Error(`${dir} is a file, not a store directory`), { code: "ENOTDIR" }));
  }
  // Held by `benchledger serve`: work through it instead of waiting for it to stop.
  const server = runningServer(root);
  if (server) return createRemoteDb(server, dir);
  const lock = await acquireDirLock(path.join(root, "lock"), {
    command: options.command,
    waitMs: options.lockWaitMs,
    storeLabel: dir,
  });
  try {
    const dataDir = path.join(root, "pgdata");
    const isNew = !fs.existsSync(path.join(dataDir, "PG_VERSION"));
    const db = createPgliteDb(await openPglite(dataDir), dir, lock.release);
    try {
      if (options.migrateEmbedded !== false) await migrate(db);
    } catch (error) {
      await db.close();
      throw error;
    }
    if (isNew) options.onCreate?.(dir);
    return db;
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function openPostgres(url: string, options: OpenOptions): Promise<Db> {
  const db = createPostgresDb(url);
  try {
    await db.query("select 1");
    if (options.requireSchema) await assertMigrated(db);
    return db;
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
