import type { Command } from "commander";
import { defaultDirection, metricAt } from "../../core/metrics.js";
import { listLatest } from "../../service/latest.js";
import { addCommonOptions, withLedger, type CommonOptions } from "../context.js";
import { formatDate, formatNumber, shortSha } from "../print.js";

interface LatestOptions extends CommonOptions {
  env?: string;
  sort?: string;
}

export function registerLatest(program: Command): void {
  const command = program
    .command("latest")
    .summary("the leaderboard: the current snapshot of every active config")
    .description("Show the current snapshot of every active config, best first by f1 (or by --sort METRIC; " +
      "latency, loss, error, cost and time metrics sort lowest first).")
    .option("--env <name>", "only this environment")
    .option("--sort <metric>", "sort by this metric (dot path for nested ones, e.g. latency.p95)", "f1");
  addCommonOptions(command).addHelpText("after", `
Examples:
  $ benchledger latest
  $ benchledger latest --env github-actions --sort latency_ms
  $ benchledger latest --json | jq '.latest[0]'`);
  command.action(async (options: LatestOptions) => {
    await withLedger("latest", options, async (deps, out) => {
      const rows = await listLatest(deps, { environment: options.env, sortMetric: options.sort });
      if (options.json) return out.json({ latest: rows });
      if (rows.length === 0) return out.line("The ledger is empty. Record a run with `benchledger push results.json`, or try `benchledger demo`.");
      const sort = options.sort ?? "f1";
      const extra = ["f1", "precision", "recall", "latency_ms"].includes(sort) ? [] : [sort];
      const metrics = ["f1", "precision", "recall", "latency_ms", ...extra];
      out.table(
        ["#", "model", "dataset", "prompt", "environment", "ver", ...metrics, "baseline", "commit", "run at"],
        rows.map((row, i) => [
          i + 1, row.model_version, row.dataset_version, row.prompt_version, row.environment,
          row.snapshot_version, ...metrics.map((m) => formatNumber(metricAt(row.metrics, m))),
          row.is_baseline ? "yes" : "", shortSha(row.commit_sha), formatDate(row.run_created_at),
        ]),
      );
      out.line(`${rows.length} config${rows.length === 1 ? "" : "s"}, sorted by ${sort} (${defaultDirection(sort)} is better).`);
    });
  });
}
