import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { migrateLedger } from "../../service/open-ledger.js";
import { addCommonOptions, type CommonOptions } from "../context.js";
import { createOutput } from "../print.js";

export function registerMigrate(program: Command): void {
  const command = program
    .command("migrate")
    .summary("create or upgrade the ledger's schema")
    .description("Apply the pending migrations of sql/migrations to the database, each in its own transaction. " +
      "Running it again is a no-op; several processes at once are serialised. An embedded store is " +
      "migrated on first use; PostgreSQL needs this once per upgrade.");
  addCommonOptions(command).addHelpText("after", `
Examples:
  $ benchledger migrate --db postgres://bench:secret@db.internal:5432/benchledger
  $ DATABASE_URL=postgres://... benchledger migrate`);
  command.action(async (options: CommonOptions) => {
    const out = createOutput(options.json === true);
    const { db, report } = await migrateLedger(loadConfig(options.db !== undefined ? { db: options.db } : {}), "benchledger migrate");
    try {
      if (options.json) return out.json({ database: db.location, applied: report.applied, already_applied: report.alreadyApplied });
      for (const file of report.applied) out.line(`applied ${file}`);
      const total = report.applied.length + report.alreadyApplied.length;
      out.line(`${db.location}: schema up to date (${total} migration${total === 1 ? "" : "s"}, ${report.applied.length} applied now).`);
    } finally {
      await db.close();
    }
  });
}
