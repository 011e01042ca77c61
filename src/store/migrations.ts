import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { IntegrityError, UnavailableError } from "../core/errors.js";
import type { Db, Queryable } from "./db.js";

/** sql/migrations/ of this package (from src/store or dist/store alike). */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../../sql/migrations/", import.meta.url));

export interface Migration {
  id: number;
  name: string;
  file: string;
  checksum: string;
  sql: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;
// Any constant: it serialises concurrent migrators on one PostgreSQL database.
const MIGRATION_LOCK_KEY = 7_301_964_123;

/** Reads the migration files in order, refusing gaps and stray names. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = fs.readdirSync(dir).filter((file) => file.endsWith(".sql")).sort();
  return files.map((file, index) => {
    const match = FILE_PATTERN.exec(file);
    if (!match) {
      throw new IntegrityError("MIGRATION_FILE_NAME", `Migration file ${file} is not named NNNN_verb_noun.sql.`,
        `Rename it in ${dir}.`);
    }
    const id = Number(match[1]);
    if (id !== index + 1) {
      throw new IntegrityError("MIGRATION_GAP", `Migration ${file} should be number ${index + 1}: the sequence has a gap.`,
        `Number the files in ${dir} 0001, 0002, ... without gaps.`);
    }
    const sql = fs.readFileSync(path.join(dir, file), "utf8");
    return { id, name: match[2]!, file, checksum: sha256(sql), sql };
  });
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

interface AppliedRow {
  id: number;
  name: string;
  checksum: string;
}

const CREATE_MIGRATIONS_TABLE = `
  create table if not exists benchledger_migrations (
    id integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`;

/**
 * Applies every pending migration, each in its own transaction, and records it. Safe to
 * run again (a no-op) and from several processes at once (an advisory lock serialises them).
 */
export async function migrate(db: Db, migrations: Migration[] = readMigrations()): Promise<MigrationReport> {
  const report: MigrationReport = { applied: [], alreadyApplied: [] };
  await db.transaction(async (tx) => {
    await lockMigrations(tx);
    await tx.exec(CREATE_MIGRATIONS_TABLE);
  });
  for (const migration of migrations) {
    await db.transaction(async (tx) => {
      await lockMigrations(tx);
      const applied = await appliedMigrations(tx);
      verifyApplied(applied, migrations);
      if (applied.some((row) => row.id === migration.id)) {
        report.alreadyApplied.push(migration.file);
        return;
      }
      await tx.exec(migration.sql);
      await tx.query("insert into benchledger_migrations (id, name, checksum) values ($1, $2, $3)",
        [migration.id, migration.name, migration.checksum]);
      report.applied.push(migration.file);
    });
  }
  return report;
}

async function lockMigrations(tx: Queryable): Promise<void> {
  await tx.query("select pg_advisory_xact_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
}

async function appliedMigrations(db: Queryable): Promise<AppliedRow[]> {
  return db.query<AppliedRow>("select id, name, checksum from benchledger_migrations order by id");
}

function verifyApplied(applied: AppliedRow[], migrations: Migration[]): void {
  for (const row of applied) {
    const known = migrations.find((m) => m.id === row.id);
    if (!known) {
      throw new IntegrityError("SCHEMA_TOO_NEW",
        `The database has migration ${String(row.id).padStart(4, "0")}_${row.name}, which this benchledger does not know.`,
        "Upgrade benchledger to the version that migrated this database.");
    }
    if (known.checksum !== row.checksum) {
      throw new IntegrityError("MIGRATION_EDITED",
        `Migration ${known.file} differs from the one applied to this database (checksum mismatch).`,
        "Never edit a migration that has been applied: restore the file and add a new migration instead.");
    }
  }
}

/** Fails with a clear hint unless every migration has been applied to the database. */
export async function assertMigrated(db: Db, migrations: Migration[] = readMigrations()): Promise<void> {
  const [table] = await db.query<{ exists: boolean }>(
    "select to_regclass('benchledger_migrations') is not null as exists");
  const applied = table?.exists ? await appliedMigrations(db) : [];
  verifyApplied(applied, migrations);
  if (applied.length < migrations.length) {
    const pending = migrations.slice(applied.length).map((m) => m.file).join(", ");
    throw new UnavailableError("SCHEMA_NOT_MIGRATED",
      `The database ${db.location} is not migrated to this benchledger's schema (pending: ${pending}).`,
      db.location.includes("***")
        ? "Run `benchledger migrate` with the same database URL (--db, BENCHLEDGER_DB or DATABASE_URL)."
        : `Run: benchledger migrate --db '${db.location}'`);
  }
}
