import type { Command } from "commander";
import { Option } from "commander";
import type { ImportFormat, ImportOptions } from "../../core/importers/importer.js";
import { IMPORTERS, IMPORT_FORMATS } from "../../core/importers/registry.js";
import type { RunOverrides } from "../../core/run-context.js";
import { planImport, recordImport, type ImportRequest } from "../../service/import-runs.js";
import { addCommonOptions, collect, parsePositiveInt, withLedger, type CommonOptions } from "../context.js";
import { createProgress } from "../progress.js";
import { readSource } from "../read-source.js";

interface ImportCommandOptions extends CommonOptions {
  format?: ImportFormat;
  model?: string;
  dataset?: string;
  prompt?: string;
  env?: string;
  metrics?: string;
  commit?: string;
  branch?: string;
  tag?: string[];
  pr?: number;
  trackedBranch?: string;
}

export function registerImport(program: Command): void {
  const command = program
    .command("import")
    .summary("import the output of an evaluation harness or benchmark tool, or a whole history")
    .description(
      "Record every run in the FILEs, converted from the format of the tool that wrote them (told from " +
        "each file's content unless --format says). All files are read and checked first: a malformed file " +
        "records nothing and names the file and the position of the problem. Runs go to the database in " +
        "batches, each one transaction, in the order the files give them (histories: oldest first), so the " +
        "snapshots end as if each run had been pushed one by one. Importing the same files again records " +
        "nothing new, and an import stopped half way is completed by running it again.\n\n" +
        "Formats:\n" + IMPORTERS.map((i) => `  ${i.format.padEnd(24)} ${i.title}`).join("\n") +
        "\n\nEach format's mapping, field by field: docs/import/<format>.md.",
    )
    .argument("<file...>", "files to import; - reads stdin")
    .addOption(new Option("--format <format>", "the format of every file (default: told from the content)").choices([...IMPORT_FORMATS]))
    .option("--model <name>", "model_version of every run (wins over the file)")
    .option("--dataset <name>", "dataset_version of every run (wins over the file)")
    .option("--prompt <name>", "prompt_version of every run (wins over the file)")
    .option("--env <name>", "environment of every run (wins over the file)")
    .option("--metrics <columns>", "CSV: the columns that hold metrics, comma-separated (default: every numeric column)")
    .option("--commit <sha>", "git commit of runs whose file names none")
    .option("--branch <name>", "git branch of that commit")
    .option("--tag <tag>", "add a tag to every run (repeatable)", collect)
    .option("--pr <number>", "the pull request the runs belong to; such runs do not move the snapshots", parsePositiveInt("--pr"))
    .option("--tracked-branch <name>", "only runs of this branch move the snapshots (default: the CI's default branch, else any)");
  addCommonOptions(command).addHelpText("after", `
Examples:
  $ benchledger import lm-eval-out/results.json --env a100        # one run per task
  $ benchledger import results.json samples_gsm8k_*.jsonl          # with lm-eval's per-sample logs as examples
  $ benchledger import gh-pages/dev/bench/data.js                  # a github-action-benchmark history, every entry
  $ go test -bench . -count 5 | benchledger import - --model myrepo --dataset go-bench
  $ benchledger import runs.csv --metrics f1,latency_ms --model m --dataset d
  $ benchledger export > ledger.jsonl && benchledger import ledger.jsonl --db postgres://...   # move a ledger
  $ benchledger import out.json --json   # {"files":[{"file","format","runs","events"}],"runs","recorded","duplicates",...}`);
  command.action(async (files: string[], options: ImportCommandOptions) => {
    const request: ImportRequest = {
      ...(options.format !== undefined ? { format: options.format } : {}),
      options: importOptions(options),
      overrides: runOverrides(options),
    };
    const started = Date.now();
    const progress = createProgress("import", "runs");
    try {
      // Check every file before opening the ledger: bad input must not even create a store.
      const plan = await planImport(files.map(readSource), request, (p) => progress.update(p.runs, p.total));
      await withLedger("import", options, async (deps, out) => {
        const done = await recordImport(deps, plan, request, (p) => progress.update(p.runs, p.total));
        progress.stop();
        const seconds = (Date.now() - started) / 1000;
        if (options.json) {
          out.json({ ...done, seconds: Math.round(seconds * 1000) / 1000 });
          return;
        }
        for (const f of done.files) {
          const events = f.events > 0 ? ` and ${f.events} checkouts or baseline marks` : "";
          out.line(`${f.file}: ${f.format}, ${f.runs} run${f.runs === 1 ? "" : "s"}${events}`);
        }
        // A rate says something about long imports only; a short one is mostly opening the store.
        const rate = done.runs >= 1_000 ? `, ${Math.round(done.runs / Math.max(seconds, 0.001)).toLocaleString("en-US")} runs/s` : "";
        out.line(`${done.recorded} recorded, ${done.duplicates} already recorded (${seconds.toFixed(1)} s${rate}).`);
      });
    } finally {
      progress.stop();
    }
  });
}

function importOptions(options: ImportCommandOptions): ImportOptions {
  return {
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.dataset !== undefined ? { dataset: options.dataset } : {}),
    ...(options.prompt !== undefined ? { prompt: options.prompt } : {}),
    ...(options.env !== undefined ? { environment: options.env } : {}),
    ...(options.commit !== undefined ? { commit: options.commit } : {}),
    ...(options.branch !== undefined ? { branch: options.branch } : {}),
    ...(options.metrics !== undefined ? { metricColumns: options.metrics.split(",").map((c) => c.trim()).filter((c) => c !== "") } : {}),
  };
}

function runOverrides(options: ImportCommandOptions): RunOverrides {
  return {
    tags: options.tag ?? [],
    ...(options.pr !== undefined ? { pull_request: options.pr } : {}),
    ...(options.trackedBranch !== undefined ? { tracked_branch: options.trackedBranch } : {}),
  };
}
