import type { Command } from "commander";
import { loadProjectConfig } from "../../config.js";
import { suggestThresholds } from "../../service/suggest-thresholds.js";
import { addCommonOptions, parsePositiveInt, withLedger, type CommonOptions } from "../context.js";
import { formatNumber } from "../print.js";

export function registerThresholds(program: Command): void {
  const thresholds = program
    .command("thresholds")
    .summary("propose per-metric thresholds from each config's measured noise");
  const suggest = addCommonOptions(thresholds
    .command("suggest")
    .description("For every active config and gating metric, measure the run-to-run noise over the newest --window runs " +
      "(robust: 1.4826 x MAD of the differences / sqrt 2) and propose a threshold of three noise standard deviations, " +
      "absolute for quality scores, relative for latency and cost. --json prints a block ready for benchledger.config.json.")
    .option("--window <n>", "runs per config to measure the noise over", parsePositiveInt("--window"), 50)
    .option("--config-file <file>", "project config whose directions and gating apply"));
  suggest.addHelpText("after", `
Example:
  $ benchledger thresholds suggest --json | jq '.config' > suggested.json
`);
  suggest.action(async (options: CommonOptions & { window: number; configFile?: string }) => {
    const project = loadProjectConfig(options.configFile);
    await withLedger("thresholds suggest", options, async (deps, out) => {
      const report = await suggestThresholds(deps, { window: options.window, project });
      if (options.json) return out.json(report);
      out.table(["model", "dataset", "prompt", "env", "metric", "runs", "level", "noise sd", "now", "suggested"],
        report.suggestions.map((s) => [s.model_version, s.dataset_version, s.prompt_version, s.environment, s.metric, s.runs,
          formatNumber(s.level), formatNumber(s.noise_sd), describe(s.current), describe(s.suggested)]));
      if (report.skipped.length > 0) out.line(`${report.skipped.length} metric(s) skipped: fewer than 5 runs to measure their noise.`);
      out.line("Add --json for a block to paste into benchledger.config.json.");
    });
  });
}

function describe(threshold: { absolute?: number; relative?: number }): string {
  return [threshold.absolute !== undefined ? `${threshold.absolute} abs` : null,
    threshold.relative !== undefined ? `${(threshold.relative * 100).toPrecision(2)}% rel` : null].filter(Boolean).join(", ") || "-";
}
