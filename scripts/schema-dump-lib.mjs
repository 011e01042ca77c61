import { execFileSync } from "node:child_process";
import postgres from "postgres";
import { migrate } from "../dist/store/migrations.js";
import { createPostgresDb } from "../dist/store/postgres-driver.js";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** pg_dump --schema-only of a fresh database after all migrations, without volatile lines. */
export async function dumpMigratedSchema() {
  const name = `benchledger_dump_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await admin.unsafe(`create database ${name}`);
  try {
    const db = createPostgresDb(url.toString(), { maxConnections: 1 });
    await migrate(db);
    await db.close();
    const dump = execFileSync("pg_dump", ["--schema-only", "--no-owner", "--no-privileges", "--no-comments", url.toString()], { encoding: "utf8" });
    return normalise(dump);
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
}

/** Drops what changes from run to run or server to server: versions, \restrict keys, blank runs. */
export function normalise(dump) {
  return dump
    .split("\n")
    .filter((line) => !/^-- Dumped (from|by)/.test(line) && !/^\\(un)?restrict /.test(line))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim() + "\n";
}
