import fs from "node:fs";
import type { Command } from "commander";
import { InvalidInputError } from "../../core/errors.js";
import { recordResults, validateResults, type ResultsFile } from "../../service/push-results.js";
import { addCommonOptions, collect, parsePositiveInt, withLedger, type CommonOptions } from "../context.js";
import { configJson } from "../print.js";

interface PushOptions extends CommonOptions {
  env?: string;
  commit?: string;
  branch?: string;
  tag?: string[];
  pr?: number;
  trackedBranch?: string;
}

export function registerPush(program: Command): void {
  const command = program
    .command("push")
    .summary("record benchmark results in the ledger")
    .description(
      "Record each result of the FILEs: a run in the append-only log and a new snapshot version of its " +
        "config, in one database transaction. All files are validated first; any invalid result (or any " +
        "failure) records nothing. A result seen before (same run_key, or same content, commit and " +
        "config) is reported as a duplicate and not recorded twice, so CI retries are safe.\n\n" +
        "Commit, branch and environment come from the flags, else the result, else the CI's variables " +
        "(GitHub Actions, GitLab CI), else local git, else \"local\".",
    )
    .argument("<file...>", "results files (JSON: one result, an array, or {\"results\": [...]}); - reads stdin")
    .option("--env <name>", "environment of the runs, e.g. github-actions, staging")
    .option("--commit <sha>", "git commit the runs measured")
    .option("--branch <name>", "git branch of the commit")
    .option("--tag <tag>", "add a tag to every run (repeatable)", collect)
    .option("--pr <number>", "the pull request the runs belong to (default: the CI's); such runs do not move the snapshots", parsePositiveInt("--pr"))
    .option("--tracked-branch <name>", "only runs of this branch move the snapshots (default: the CI's default branch, else any)");
  addCommonOptions(command).addHelpText("after", `
Examples:
  $ benchledger push results.json
  $ benchledger push eval/*.json --env staging --tag nightly --tag gpu-a100
  $ benchledger push results.json --json   # {"results":[{"transaction_id", "snapshot_version", "duplicate", "run_key", "tracked", "config"}]}`);
  command.action(async (files: string[], options: PushOptions) => {
    // Validate before opening the ledger: bad input must not even create or lock a store.
    const results = validateResults(files.map(readResultsFile));
    await withLedger("push", options, async (deps, out) => {
      const outcomes = await recordResults(deps, results, {
        ...(options.env !== undefined ? { environment: options.env } : {}),
        ...(options.commit !== undefined ? { commit_sha: options.commit } : {}),
        ...(options.branch !== undefined ? { branch_name: options.branch } : {}),
        tags: options.tag ?? [],
        ...(options.pr !== undefined ? { pull_request: options.pr } : {}),
        ...(options.trackedBranch !== undefined ? { tracked_branch: options.trackedBranch } : {}),
      });
      if (options.json) {
        out.json({
          results: outcomes.map((o) => ({
            transaction_id: o.transaction_id,
            snapshot_version: o.snapshot_version,
            duplicate: o.duplicate,
            run_key: o.run_key,
            tracked: o.tracked,
            config: configJson(o.config),
          })),
        });
        return;
      }
      for (const o of outcomes) {
        const c = o.config;
        const what = o.duplicate ? "already recorded" : "recorded";
        const version = o.snapshot_version === null ? "not tracked (pull request or other branch): snapshots unchanged" : `v${o.snapshot_version}`;
        out.line(`${what}: ${c.model_version} / ${c.dataset_version} / ${c.prompt_version} / ${c.environment}  ${version}  (transaction ${o.transaction_id})`);
      }
      const fresh = outcomes.filter((o) => !o.duplicate).length;
      out.line(`${fresh} recorded, ${outcomes.length - fresh} duplicate${outcomes.length - fresh === 1 ? "" : "s"}.`);
    });
  });
}

function readResultsFile(name: string): ResultsFile {
  try {
    return { name: name === "-" ? "<stdin>" : name, text: fs.readFileSync(name === "-" ? 0 : name, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (error as Error).message;
    throw new InvalidInputError("FILE_UNREADABLE", `Cannot read results file ${name}: ${why}.`,
      "Name a JSON results file; nothing was recorded.", { cause: error });
  }
}

