import type { Command } from "commander";
import { configLabel } from "../../core/types.js";
import { metricAt } from "../../core/metrics.js";
import type { ConfigSelector } from "../../service/select-config.js";
import { checkout, compareVersions, listVersions, setBaseline, unsetBaseline } from "../../service/snapshot-versions.js";
import { addCommonOptions, addConfigOptions, parsePositiveInt, withLedger, type CommonOptions } from "../context.js";
import { configJson, formatDate, formatNumber, formatSigned, shortSha } from "../print.js";

type ConfigOptions = CommonOptions & ConfigSelector;

const CONFIG_EXAMPLE = "--model gpt-4o-mini --dataset medqa-v2 --prompt zero-shot-v3 --env github-actions";

function selectorOf(options: ConfigOptions): ConfigSelector {
  const { model, dataset, prompt, env } = options;
  return Object.fromEntries(Object.entries({ model, dataset, prompt, env }).filter(([, v]) => v !== undefined));
}

export function registerVersions(program: Command): void {
  const versions = addCommonOptions(addConfigOptions(program
    .command("versions")
    .summary("list the snapshot versions of a config")
    .description("List every snapshot version of a config, oldest first: where it came from (a run, or a checkout of an earlier version), its run's commit and f1, and which is current and baseline.")));
  versions.addHelpText("after", `\nExample:\n  $ benchledger versions ${CONFIG_EXAMPLE}\n`);
  versions.action(async (options: ConfigOptions) => {
    await withLedger("versions", options, async (deps, out) => {
      const { config, versions: rows } = await listVersions(deps, selectorOf(options));
      if (options.json) return out.json({ config: configJson(config), versions: rows });
      out.line(configLabel(config));
      out.table(["ver", "source", "f1", "commit", "branch", "run at", "current", "baseline"],
        rows.map((v) => [v.snapshot_version, v.source === "checkout" ? `checkout of v${v.restored_from_version}` : "push",
          formatNumber(metricAt(v.metrics, "f1")), shortSha(v.commit_sha), v.branch_name ?? "-", formatDate(v.run_created_at),
          v.is_current ? "*" : "", v.is_baseline ? "*" : ""]));
    });
  });

  const compare = addCommonOptions(addConfigOptions(program
    .command("compare")
    .summary("show two versions of a config side by side")
    .description("Show versions A and B of a config side by side with the delta (B - A) of every metric, nested metrics as dot paths, and whether B is better or worse by the metric's direction.")
    .requiredOption("--a <version>", "the first version", parsePositiveInt("--a"))
    .requiredOption("--b <version>", "the second version", parsePositiveInt("--b"))));
  compare.addHelpText("after", `\nExample:\n  $ benchledger compare ${CONFIG_EXAMPLE} --a 1 --b 3\n`);
  compare.action(async (options: ConfigOptions & { a: number; b: number }) => {
    await withLedger("compare", options, async (deps, out) => {
      const result = await compareVersions(deps, selectorOf(options), options.a, options.b);
      if (options.json) return out.json({ config: configJson(result.config), a: result.a, b: result.b, deltas: result.deltas });
      out.line(`${configLabel(result.config)}: v${result.a.snapshot_version} (${shortSha(result.a.commit_sha)}) vs v${result.b.snapshot_version} (${shortSha(result.b.commit_sha)})`);
      out.table(["metric", `v${result.a.snapshot_version}`, `v${result.b.snapshot_version}`, "delta", "delta %", "change"],
        result.deltas.map((d) => [d.metric, formatNumber(d.a), formatNumber(d.b), formatSigned(d.delta),
          formatSigned(d.delta_pct === null ? null : Number(d.delta_pct.toFixed(2)), "%"), d.change]));
    });
  });

  const checkoutCommand = addCommonOptions(addConfigOptions(program
    .command("checkout")
    .summary("make an earlier version of a config current again")
    .description("Make version N current again by appending a new version that points at version N's run. Nothing is rewritten: the history stays linear and every version stays listed.")
    .requiredOption("--version <n>", "the version to restore", parsePositiveInt("--version"))));
  checkoutCommand.addHelpText("after", `\nExample:\n  $ benchledger checkout ${CONFIG_EXAMPLE} --version 2\n`);
  checkoutCommand.action(async (options: ConfigOptions & { version: number }) => {
    await withLedger("checkout", options, async (deps, out) => {
      const result = await checkout(deps, selectorOf(options), options.version);
      if (options.json) return out.json({ ...result, config: configJson(result.config) });
      out.line(`${configLabel(result.config)}: v${result.snapshot_version} is current, restoring v${result.restored_from_version} (transaction ${result.transaction_id}).`);
    });
  });

  const baseline = program
    .command("baseline")
    .summary("mark or unmark a config's baseline version")
    .description("Mark a version as the config's baseline (the golden version regressions are checked against), or clear the mark. A config has at most one baseline.");
  const set = addCommonOptions(addConfigOptions(baseline
    .command("set")
    .description("mark version N (default: the current version) as the baseline")
    .option("--version <n>", "the version to mark (default: current)", parsePositiveInt("--version"))));
  set.addHelpText("after", `\nExample:\n  $ benchledger baseline set ${CONFIG_EXAMPLE} --version 3\n`);
  set.action(async (options: ConfigOptions & { version?: number }) => {
    await withLedger("baseline set", options, async (deps, out) => {
      const result = await setBaseline(deps, selectorOf(options), options.version);
      if (options.json) return out.json({ ...result, config: configJson(result.config) });
      out.line(`${configLabel(result.config)}: v${result.baseline_version} is the baseline.`);
    });
  });
  const unset = addCommonOptions(addConfigOptions(baseline.command("unset").description("clear the config's baseline mark")));
  unset.action(async (options: ConfigOptions) => {
    await withLedger("baseline unset", options, async (deps, out) => {
      const result = await unsetBaseline(deps, selectorOf(options));
      if (options.json) return out.json({ ...result, config: configJson(result.config) });
      out.line(`${configLabel(result.config)}: no baseline.`);
    });
  });
}
