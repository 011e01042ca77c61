import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import type { Db } from "../../src/store/db.js";
import { migrate } from "../../src/store/migrations.js";
import { createPgliteDb, PGLITE_SETTINGS } from "../../src/store/pglite-driver.js";
import { createPostgresDb } from "../../src/store/postgres-driver.js";
import type { Deps } from "../../src/service/deps.js";

/**
 * The engines every storage test runs on: PGlite always, PostgreSQL when reachable at
 * TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres). In CI
 * (CI=true) an unreachable PostgreSQL fails the run instead of skipping.
 */
export interface TestBackend {
  name: "pglite" | "postgres";
  /** A new, migrated, empty database of its own. */
  freshMigratedDb(): Promise<Db>;
  /** A new, empty, unmigrated database (PostgreSQL: its URL too). */
  freshEmptyDb(): Promise<{ db: Db; url?: string }>;
  /** Creates a migrated PostgreSQL database for processes to use; null for PGlite. */
  freshMigratedUrl?(): Promise<string>;
}

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const RUN_ID = `${process.pid}_${Date.now().toString(36)}`;

let pgliteTemplate: Promise<Blob> | undefined;

function pgliteBackend(): TestBackend {
  const template = () =>
    (pgliteTemplate ??= (async () => {
      const pg = await PGlite.create({ postgresqlconf: PGLITE_SETTINGS });
      await migrate(createPgliteDb(pg, "memory://template"));
      const blob = await pg.dumpDataDir("none");
      await pg.close();
      return blob;
    })());
  return {
    name: "pglite",
    async freshMigratedDb() {
      const pg = await PGlite.create({ loadDataDir: await template(), postgresqlconf: PGLITE_SETTINGS });
      return createPgliteDb(pg, "memory://test");
    },
    async freshEmptyDb() {
      return { db: createPgliteDb(await PGlite.create(), "memory://empty") };
    },
  };
}

let counter = 0;
const created: string[] = [];
let admin: postgres.Sql | undefined;
let templateName: Promise<string> | undefined;

function adminSql(): postgres.Sql {
  return (admin ??= postgres(ADMIN_URL, { max: 1, onnotice: () => {} }));
}

function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function createDatabase(template?: string): Promise<string> {
  counter += 1;
  const name = `benchledger_test_${RUN_ID}_${counter}`;
  await adminSql().unsafe(`create database ${name}${template ? ` template ${template}` : ""}`);
  created.push(name);
  return name;
}

function migratedTemplate(): Promise<string> {
  return (templateName ??= (async () => {
    const name = await createDatabase();
    const db = createPostgresDb(urlFor(name), { maxConnections: 1 });
    await migrate(db);
    await db.close();
    return name;
  })());
}

function postgresBackend(): TestBackend {
  return {
    name: "postgres",
    async freshMigratedDb() {
      return createPostgresDb(urlFor(await createDatabase(await migratedTemplate())));
    },
    async freshEmptyDb() {
      const url = urlFor(await createDatabase());
      return { db: createPostgresDb(url), url };
    },
    async freshMigratedUrl() {
      return urlFor(await createDatabase(await migratedTemplate()));
    },
  };
}

/** Drops every database this process created. Call from afterAll. */
export async function dropTestDatabases(): Promise<void> {
  if (!admin) return;
  for (const name of created.reverse()) {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  }
  created.length = 0;
  await admin.end({ timeout: 5 });
  admin = undefined;
  templateName = undefined;
}

async function isPostgresReachable(): Promise<string | null> {
  const probe = postgres(ADMIN_URL, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await probe`select 1`;
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await probe.end({ timeout: 1 }).catch(() => {});
  }
}

export async function testBackends(): Promise<TestBackend[]> {
  const backends = [pgliteBackend()];
  const problem = await isPostgresReachable();
  if (problem === null) backends.push(postgresBackend());
  else if (process.env.CI === "true") throw new Error(`PostgreSQL is required in CI but unreachable at ${ADMIN_URL}: ${problem}`);
  else console.warn(`Skipping the PostgreSQL backend: ${ADMIN_URL} is unreachable (${problem}). Set TEST_DATABASE_URL.`);
  return backends;
}

/** Use-case dependencies over a test database: no CI, no git, a fixed or real clock. */
export function testDeps(db: Db, now: () => Date = () => new Date()): Deps {
  return {
    db,
    ci: { environment: null, commit_sha: null, branch_name: null },
    readGit: async () => ({ commit_sha: null, branch_name: null }),
    now,
  };
}
