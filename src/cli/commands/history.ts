import { Option, type Command } from "commander";
import { getHistory, DEFAULT_HISTORY_LIMIT, type Bucket, type HistoryOptions } from "../../service/history.js";
import { addCommonOptions, parsePositiveInt, withLedger, type CommonOptions } from "../context.js";
import { formatDate, formatNumber, shortSha } from "../print.js";
import { metricAt } from "../../core/metrics.js";

type HistoryCliOptions = CommonOptions & HistoryOptions & { bucket: Bucket; limit: number };

export function registerHistory(program: Command): void {
  const command = program
    .command("history")
    .summary("the runs of a config over time, raw or bucketed")
    .description("Show the runs of a model's configs over time (the seed's time-series query), oldest first. " +
      "Raw: one row per run. --bucket day|week: avg, min, max and count of --metric per UTC day or ISO week, per config.")
    .requiredOption("--model <version>", "model_version")
    .option("--dataset <version>", "only this dataset_version")
    .option("--prompt <version>", "only this prompt_version")
    .option("--env <name>", "only this environment")
    .option("--metric <name>", "the metric to show (dot path for nested ones, e.g. latency.p95)")
    .option("--days <n>", "only the last N days", parsePositiveInt("--days"))
    .addOption(new Option("--bucket <size>", "aggregate per bucket").choices(["none", "day", "week"]).default("none"))
    .option("--limit <n>", "raw mode: at most the newest N runs", parsePositiveInt("--limit"), DEFAULT_HISTORY_LIMIT);
  addCommonOptions(command).addHelpText("after", `
Examples:
  $ benchledger history --model gpt-4o-mini --dataset medqa-v2 --metric f1 --days 30
  $ benchledger history --model gpt-4o-mini --metric latency.p95 --bucket week
  $ benchledger history --model gpt-4o-mini --bucket day --metric f1 --json`);
  command.action(async (options: HistoryCliOptions) => {
    await withLedger("history", options, async (deps, out) => {
      const result = await getHistory(deps, options);
      if (options.json) return out.json(result);
      if (result.bucket === "none") {
        if (result.points.length === 0) return out.line("No runs match.");
        const metrics = result.metric ? [result.metric] : ["f1", "precision", "recall", "latency_ms"];
        out.table(["run at", "model", "dataset", "prompt", "environment", ...metrics, "commit", "branch"],
          result.points.map((p) => [formatDate(p.created_at), p.model_version, p.dataset_version, p.prompt_version, p.environment,
            ...metrics.map((m) => formatNumber(p.metrics ? metricAt(p.metrics, m) : p.value)), shortSha(p.commit_sha), p.branch_name ?? "-"]));
        if (result.truncated) out.note(`Showing the newest ${options.limit} runs; narrow with --days or raise --limit.`);
        return;
      }
      if (result.buckets.length === 0) return out.line(`No runs with metric ${result.metric} match.`);
      out.table([result.bucket, "model", "dataset", "prompt", "environment", `avg ${result.metric}`, "min", "max", "runs"],
        result.buckets.map((b) => [formatDate(b.bucket).slice(0, 10), b.model_version, b.dataset_version, b.prompt_version,
          b.environment, formatNumber(b.avg), formatNumber(b.min), formatNumber(b.max), b.count]));
    });
  });
}
