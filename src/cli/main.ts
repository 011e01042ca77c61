#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { isDebugEnabled } from "../config.js";
import { BenchledgerError, type ErrorKind } from "../core/errors.js";
import { registerAck } from "./commands/ack.js";
import { registerAlerts } from "./commands/alerts.js";
import { registerChangepoints } from "./commands/changepoints.js";
import { registerCheck } from "./commands/check.js";
import { registerDemo } from "./commands/demo.js";
import { registerDrift } from "./commands/drift.js";
import { registerHistory } from "./commands/history.js";
import { registerLatest } from "./commands/latest.js";
import { registerMigrate } from "./commands/migrate.js";
import { registerExport } from "./commands/export.js";
import { registerImport } from "./commands/import.js";
import { registerPush } from "./commands/push.js";
import { registerReplay } from "./commands/replay.js";
import { registerServe } from "./commands/serve.js";
import { registerThresholds } from "./commands/thresholds.js";
import { registerVersions } from "./commands/versions.js";
import { packageVersion } from "./version.js";

/** Exit codes: 0 success; 2 invalid input or usage; 1 any other failure. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

const EXIT_BY_KIND: Record<ErrorKind, number> = {
  "invalid-input": EXIT.usage,
  "not-found": EXIT.usage,
  conflict: EXIT.failure,
  unavailable: EXIT.failure,
  integrity: EXIT.failure,
  internal: EXIT.failure,
};

export function buildProgram(): Command {
  const program = new Command("benchledger")
    .description("An append-only ledger of ML and LLM benchmark runs, with a versioned snapshot per config " +
      "(model, dataset, prompt, environment). Embedded by default (./.benchledger); PostgreSQL or " +
      "Supabase with --db postgres://... or DATABASE_URL.")
    .version(packageVersion(), "-V, --version", "print the version")
    .enablePositionalOptions()
    .showHelpAfterError("(add --help for usage)")
    .exitOverride();
  registerDemo(program);
  registerPush(program);
  registerImport(program);
  registerExport(program);
  registerLatest(program);
  registerServe(program);
  registerHistory(program);
  registerVersions(program);
  registerCheck(program);
  registerAck(program);
  registerAlerts(program);
  registerChangepoints(program);
  registerDrift(program);
  registerThresholds(program);
  registerReplay(program);
  registerMigrate(program);
  program.addHelpText("after", `
Quick start:
  $ benchledger demo                      # load an example history into ./.benchledger and look
  $ benchledger push results.json         # record your own results
  $ benchledger latest                    # the leaderboard

Exit codes: 0 success, 2 invalid input or usage, 1 any other failure.
Set BENCHLEDGER_DEBUG=1 for stack traces.`);
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has printed its message already; help and version are successes.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof BenchledgerError) {
    process.stderr.write(`benchledger: ${error.message}\n`);
    if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
    if (isDebugEnabled() && error.cause) process.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return EXIT_BY_KIND[error.kind];
  }
  const err = error as Error;
  process.stderr.write(`benchledger: internal error: ${err?.message ?? String(error)}\n`);
  process.stderr.write(isDebugEnabled() ? `${err?.stack}\n` : "hint: run again with BENCHLEDGER_DEBUG=1 for the stack trace, and report it.\n");
  return EXIT.failure;
}

// `benchledger latest | head`: a closed pipe ends the output, not the process with a trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(EXIT.ok);
  throw error;
});

main(process.argv).then((code) => {
  // A command that succeeded may still set a verdict's exit code (check: 1 on a regression).
  process.exitCode = code !== EXIT.ok ? code : process.exitCode ?? EXIT.ok;
});
