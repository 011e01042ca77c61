import type { Command } from "commander";
import { measureDrift } from "../../service/drift.js";
import { addCommonOptions, addConfigOptions, withLedger, type CommonOptions } from "../context.js";
import { formatNumber, shortSha } from "../print.js";

export function registerDrift(program: Command): void {
  const command = addConfigOptions(program
    .command("drift")
    .summary("distribution, confidence and feature-importance drift against the baseline")
    .description("Compare the current version of a config with its baseline (marked, else the previous version): " +
      "per-example scores, latencies and costs (population stability index and Kolmogorov-Smirnov), metrics that carry " +
      "distribution statistics such as {\"mean\", \"std\"} (PSI between the distributions they describe), confidence over " +
      "the config's history (change points), and feature importances (rank correlation and the largest movers). " +
      "PSI below 0.1 is stable, 0.1 to 0.25 moderate, above significant."));
  addCommonOptions(command).addHelpText("after", `
Example:
  $ benchledger drift --model gpt-4o-mini --dataset medqa-v2 --prompt zero-shot-v3 --env github-actions
`);
  command.action(async (options: CommonOptions & { model?: string; dataset?: string; prompt?: string; env?: string }) => {
    await withLedger("drift", options, async (deps, out) => {
      const report = await measureDrift(deps, options);
      if (options.json) return out.json(report);
      const c = report.config;
      out.line(`${c.model_version} / ${c.dataset_version} / ${c.prompt_version} / ${c.environment}: v${report.current_version} against ${report.baseline_source} v${report.baseline_version}`);
      if (report.distributions.length > 0) {
        out.table(["distribution", "PSI", "level", "KS D", "KS p", "mean shift (sd)", "n before", "n now"],
          report.distributions.map((d) => [d.source, formatNumber(d.psi), d.level, formatNumber(d.ks_d), formatNumber(d.ks_p_value),
            formatNumber(d.mean_shift_sd), d.n_baseline ?? "-", d.n_current ?? "-"]));
      }
      for (const conf of report.confidence) {
        out.line(`${conf.metric}: ${formatNumber(conf.baseline)} -> ${formatNumber(conf.current)} over ${conf.runs} runs; ` +
          (conf.change_points.length === 0 ? "no shift in its history." : `shifted at ${conf.change_points.map((cp) => `${shortSha(cp.commit_sha)} (${formatNumber(cp.before_mean)} -> ${formatNumber(cp.after_mean)})`).join(", ")}.`));
      }
      for (const feat of report.features) {
        out.line(`${feat.source}: rank correlation ${formatNumber(feat.spearman)} over ${feat.shared_features} shared features; largest movers:`);
        out.table(["feature", "before", "now", "delta", "rank before", "rank now"],
          feat.movers.map((m) => [m.feature, formatNumber(m.baseline), formatNumber(m.current), formatNumber(m.delta), m.rank_baseline ?? "-", m.rank_current ?? "-"]));
      }
      if (report.distributions.length + report.confidence.length + report.features.length === 0) {
        out.line("Nothing to compare: the runs carry no per-example scores, distribution statistics, confidences or feature importances.");
      }
    });
  });
}
