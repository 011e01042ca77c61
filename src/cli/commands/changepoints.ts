import type { Command } from "commander";
import { loadProjectConfig } from "../../config.js";
import { findChangePoints } from "../../service/change-points.js";
import { addCommonOptions, addConfigOptions, parsePositiveInt, withLedger, type CommonOptions } from "../context.js";
import { formatDate, formatNumber, shortSha } from "../print.js";

export function registerChangepoints(program: Command): void {
  const command = addConfigOptions(program
    .command("changepoints")
    .summary("find where a metric's level shifted, and the commit that started it")
    .description("Search a config's history of one metric for the points where its level shifted (robust segmentation, " +
      "each shift confirmed by a test corrected for where it was looked for), and name for each the first commit after the " +
      "shift, the means before and after, the p-value and whether it was a regression or an improvement.")
    .requiredOption("--metric <name>", "the metric (dot path for nested ones)")
    .option("--max-runs <n>", "analyse the newest N runs", parsePositiveInt("--max-runs"), 500));
  addCommonOptions(command).addHelpText("after", `
Example:
  $ benchledger changepoints --model llama-3.1-8b-instruct --dataset medqa-v2 --prompt zero-shot-v3 --env github-actions --metric f1
`);
  command.option("--config-file <file>", "project config whose metric directions apply");
  command.action(async (options: CommonOptions & { model?: string; dataset?: string; prompt?: string; env?: string; metric: string; maxRuns: number; configFile?: string }) => {
    const project = loadProjectConfig(options.configFile);
    await withLedger("changepoints", options, async (deps, out) => {
      const report = await findChangePoints(deps, { ...options, project });
      if (options.json) return out.json(report);
      out.line(`${report.config.model_version} / ${report.config.dataset_version} / ${report.config.prompt_version} / ${report.config.environment}: ${report.metric} over ${report.runs} runs`);
      if (report.change_points.length === 0) return out.line("No change points: the level held steady.");
      out.table(["index", "first commit of the shift", "last commit before it", "run at", "mean before", "mean after", "p", "direction"],
        report.change_points.map((cp) => [cp.index, shortSha(cp.commit_sha), shortSha(cp.previous_commit_sha), formatDate(cp.created_at),
          formatNumber(cp.before_mean), formatNumber(cp.after_mean), cp.p_value < 1e-4 ? cp.p_value.toExponential(1) : cp.p_value.toFixed(4), cp.direction]));
    });
  });
}
