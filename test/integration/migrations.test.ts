import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertMigrated, migrate, MIGRATIONS_DIR, readMigrations } from "../../src/store/migrations.js";
import { dropTestDatabases, testBackends } from "../helpers/backends.js";

const backends = await testBackends();
afterAll(dropTestDatabases);

function copyMigrations(edit?: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "benchledger-migrations-"));
  for (const file of fs.readdirSync(MIGRATIONS_DIR)) fs.copyFileSync(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
  edit?.(dir);
  return dir;
}

describe("migration files", () => {
  it("refuses a gap in the numbering, naming the file", () => {
    const next = readMigrations().length + 1;
    const skipped = String(next + 1).padStart(4, "0");
    const dir = copyMigrations((d) => fs.writeFileSync(path.join(d, `${skipped}_add_thing.sql`), "select 1;"));
    expect(() => readMigrations(dir)).toThrow(new RegExp(`${skipped}_add_thing\\.sql should be number ${next}`));
  });

  it("refuses a file not named NNNN_verb_noun.sql", () => {
    const dir = copyMigrations((d) => fs.writeFileSync(path.join(d, "0009-Bad Name.sql"), "select 1;"));
    expect(() => readMigrations(dir)).toThrow(/0009-Bad Name\.sql is not named/);
  });
});

for (const backend of backends) {
  describe(`${backend.name}: migrations`, () => {
    it("apply once, then re-running is a no-op", async () => {
      const { db } = await backend.freshEmptyDb();
      try {
        await expect(assertMigrated(db)).rejects.toThrow(/not migrated/);
        const first = await migrate(db);
        expect(first.applied).toEqual(readMigrations().map((m) => m.file));
        const second = await migrate(db);
        expect(second).toEqual({ applied: [], alreadyApplied: first.applied });
        await assertMigrated(db);
      } finally {
        await db.close();
      }
    });

    it("refuse a migration file edited after it was applied, naming it", async () => {
      const db = await backend.freshMigratedDb();
      try {
        const dir = copyMigrations((d) => fs.appendFileSync(path.join(d, "0001_create_ledger.sql"), "\n-- edited\n"));
        await expect(migrate(db, readMigrations(dir))).rejects.toThrow(/0001_create_ledger\.sql differs from the one applied/);
      } finally {
        await db.close();
      }
    });

    it("run concurrently without error (PostgreSQL: several connections at once)", async () => {
      const { db } = await backend.freshEmptyDb();
      try {
        const reports = await Promise.all([migrate(db), migrate(db), migrate(db)]);
        expect(reports.flatMap((r) => r.applied).sort()).toEqual(readMigrations().map((m) => m.file));
      } finally {
        await db.close();
      }
    });
  });
}
