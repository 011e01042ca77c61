import fs from "node:fs";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { Option, type Command } from "commander";
import { InvalidInputError } from "../../core/errors.js";
import { exportLedger, type ExportFormat } from "../../service/export-ledger.js";
import { addCommonOptions, withLedger, type CommonOptions } from "../context.js";
import { createProgress } from "../progress.js";

interface ExportOptions extends CommonOptions {
  format: ExportFormat;
  output?: string;
  model?: string;
  dataset?: string;
  prompt?: string;
  env?: string;
  since?: string;
  until?: string;
}

export function registerExport(program: Command): void {
  const command = program
    .command("export")
    .summary("write the ledger (or part of it) as JSONL or CSV")
    .description(
      "Write every run of the ledger (or of the configs the flags select) in the order it was recorded, " +
        "streaming, so a ledger of millions of runs uses little memory.\n\n" +
        "jsonl (the default) is lossless: a header line, then one JSON object per run (with its examples, " +
        "units and directions) and per checkout or baseline mark. `benchledger import` of it into an empty " +
        "ledger reproduces the ledger: the same transactions (ids, run keys, times) and the same snapshot " +
        "versions. csv has one row per run and one column per metric path, for spreadsheets; it leaves out " +
        "examples, checkouts and baseline marks.",
    )
    .addOption(new Option("--format <format>", "jsonl or csv").choices(["jsonl", "csv"]).default("jsonl"))
    .option("-o, --output <file>", "write to FILE instead of stdout")
    .option("--model <name>", "only runs of this model_version")
    .option("--dataset <name>", "only runs of this dataset_version")
    .option("--prompt <name>", "only runs of this prompt_version")
    .option("--env <name>", "only runs of this environment")
    .option("--since <time>", "only runs created at or after this time (ISO 8601, e.g. 2026-01-01)")
    .option("--until <time>", "only runs created before this time");
  addCommonOptions(command, { json: false }).addHelpText("after", `
Examples:
  $ benchledger export > ledger.jsonl                            # everything, lossless
  $ benchledger export --db postgres://prod/bench -o ledger.jsonl && benchledger import ledger.jsonl   # to an embedded copy
  $ benchledger export --format csv --model gpt-4o --since 2026-01-01 -o gpt-4o.csv`);
  command.action(async (options: ExportOptions) => {
    const selection = {
      ...(options.model !== undefined ? { model_version: options.model } : {}),
      ...(options.dataset !== undefined ? { dataset_version: options.dataset } : {}),
      ...(options.prompt !== undefined ? { prompt_version: options.prompt } : {}),
      ...(options.env !== undefined ? { environment: options.env } : {}),
      ...(options.since !== undefined ? { since: parseTime("--since", options.since) } : {}),
      ...(options.until !== undefined ? { until: parseTime("--until", options.until) } : {}),
    };
    await withLedger("export", options, async (deps, out) => {
      const stream: Writable = options.output !== undefined ? fs.createWriteStream(options.output) : process.stdout;
      const progress = createProgress("export", "runs", { silent: options.output === undefined && process.stdout.isTTY === true });
      try {
        const report = await exportLedger(deps, options.format, selection, (chunk) => writeChunk(stream, chunk),
          (runs, total) => progress.update(runs, total));
        progress.stop();
        if (options.output !== undefined) {
          await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
          out.note(`Exported ${report.runs} runs and ${report.events} checkouts or baseline marks to ${options.output}.`);
        }
      } finally {
        progress.stop();
      }
    });
  });
}

async function writeChunk(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, "drain");
}

function parseTime(flag: string, value: string): Date {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) {
    throw new InvalidInputError("INVALID_TIME", `${flag} must be a date or time, got "${value}".`, `Use ISO 8601, e.g. ${flag} 2026-01-01 or ${flag} 2026-01-01T12:00:00Z.`);
  }
  return time;
}
