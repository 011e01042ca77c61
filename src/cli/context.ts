import { InvalidArgumentError, type Command } from "commander";
import { loadConfig } from "../config.js";
import type { Deps } from "../service/deps.js";
import { openLedger } from "../service/open-ledger.js";
import { createOutput, type Output } from "./print.js";

/** Options every command takes. */
export interface CommonOptions {
  db?: string;
  json?: boolean;
}

export function addCommonOptions(command: Command, options: { json?: boolean } = { json: true }): Command {
  command.option("--db <dir|url>", "the ledger: a directory (embedded) or postgres:// URL [env: BENCHLEDGER_DB, DATABASE_URL; default ./.benchledger]");
  if (options.json) command.option("--json", "print only JSON on stdout");
  return command;
}

/**
 * Opens the ledger the options name, runs fn, and closes the ledger whatever happens.
 * The one place a command gets its dependencies.
 */
export async function withLedger<T>(
  commandName: string,
  options: CommonOptions,
  fn: (deps: Deps, out: Output) => Promise<T>,
): Promise<T> {
  const config = loadConfig(options.db !== undefined ? { db: options.db } : {});
  const out = createOutput(options.json === true);
  const deps = await openLedger(config, {
    command: `benchledger ${commandName}`,
    onCreate: (dir) => out.note(`Created an embedded ledger in ${dir} (use --db or DATABASE_URL for PostgreSQL).`),
  });
  try {
    return await fn(deps, out);
  } finally {
    await deps.db.close();
  }
}

export function parsePositiveInt(flag: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1) {
      throw new InvalidArgumentError(`${flag} must be a whole number of 1 or more, got "${value}".`);
    }
    return number;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** --model --dataset --prompt --env: the config a command works on. */
export function addConfigOptions(command: Command): Command {
  return command
    .option("--model <version>", "model_version of the config (required)")
    .option("--dataset <version>", "dataset_version (needed when the model has several)")
    .option("--prompt <version>", "prompt_version (needed when several match)")
    .option("--env <name>", "environment (needed when several match)");
}
