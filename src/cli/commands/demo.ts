import type { Command } from "commander";
import { DEMO_REGRESSION } from "../../core/demo-history.js";
import { metricAt } from "../../core/metrics.js";
import { runDemo } from "../../service/demo.js";
import { loadProjectConfig } from "../../config.js";
import { addCommonOptions, withLedger } from "../context.js";
import { addServeOptions, serveUntilStopped, type ServeOptions } from "./serve.js";
import { formatNumber, formatSigned, shortSha } from "../print.js";

export function registerDemo(program: Command): void {
  const command = program
    .command("demo")
    .summary("load an example history and show the leaderboard and recent changes")
    .description("Load a bundled example history into the ledger (embedded by default): three models, two " +
      "datasets, two prompts and two environments evaluated nightly for four months, with a " +
      "regression and an improvement in it. Then show the leaderboard and what changed over the last " +
      "30 days. Loading happens once; running it again only shows.");
  addServeOptions(addCommonOptions(command)).option("--serve", "then serve the dashboard over it (like benchledger serve)");
  command.action(async (options: ServeOptions & { serve?: boolean }) => {
    const project = loadProjectConfig(options.configFile);
    await withLedger("demo", options, async (deps, out) => {
      const report = await runDemo(deps, project);
      if (options.json) return out.json(report);
      out.line(report.already_loaded ? "The demo history is already in this ledger." : `Loaded ${report.loaded_runs} demo runs.`);
      out.line();
      out.line("Leaderboard (current snapshot of every config, best f1 first):");
      out.table(["#", "model", "dataset", "prompt", "environment", "ver", "f1", "latency_ms", "commit"],
        report.latest.map((row, i) => [i + 1, row.model_version, row.dataset_version, row.prompt_version, row.environment,
          row.snapshot_version, formatNumber(metricAt(row.metrics, "f1")), formatNumber(metricAt(row.metrics, "latency_ms")),
          shortSha(row.commit_sha)]));
      out.line();
      out.line(`Changes over the last ${report.changes_days} days (f1 now vs ${report.changes_days} days ago, worst first):`);
      out.table(["model", "dataset", "prompt", "environment", "f1 then", "f1 now", "delta", "latency_ms delta", "change"],
        report.changes.map((c) => {
          const f1 = c.deltas.find((d) => d.metric === "f1");
          const latency = c.deltas.find((d) => d.metric === "latency_ms");
          return [c.model_version, c.dataset_version, c.prompt_version, c.environment, formatNumber(f1?.a), formatNumber(f1?.b),
            formatSigned(f1?.delta === undefined || f1.delta === null ? null : Number(f1.delta.toFixed(4))),
            formatSigned(latency?.delta === undefined || latency.delta === null ? null : Number(latency.delta.toFixed(1))),
            f1?.change ?? "-"];
        }));
      out.line();
      out.line("Look closer:");
      out.line(`  benchledger history --model ${DEMO_REGRESSION.model} --dataset ${DEMO_REGRESSION.dataset} --metric f1 --bucket week`);
      out.line(`  benchledger versions --model ${DEMO_REGRESSION.model} --dataset ${DEMO_REGRESSION.dataset}`);
      out.line("  benchledger latest --sort latency_ms");
      if (options.serve) {
        out.line();
        await serveUntilStopped(deps, project, options, out);
      }
    });
  });
}
