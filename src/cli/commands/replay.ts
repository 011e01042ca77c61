import type { Command } from "commander";
import { IntegrityError } from "../../core/errors.js";
import { replaySnapshots } from "../../service/replay.js";
import { addCommonOptions, withLedger, type CommonOptions } from "../context.js";

export function registerReplay(program: Command): void {
  const command = program
    .command("replay")
    .summary("rebuild (or verify) the snapshot layer from the transaction log")
    .description("Rebuild the snapshot layer from the append-only log: every run and every checkout, in the " +
      "order they happened, and the last baseline mark. With --verify, compare the stored layer with " +
      "the rebuild without changing anything, and exit 1 naming every difference.")
    .option("--verify", "only compare; exit 1 on any difference");
  addCommonOptions(command).addHelpText("after", `
Examples:
  $ benchledger replay --verify        # a cheap integrity check for cron or CI
  $ benchledger replay                 # repair the snapshot layer from the log`);
  command.action(async (options: CommonOptions & { verify?: boolean }) => {
    await withLedger("replay", options, async (deps, out) => {
      const report = await replaySnapshots(deps, { verify: options.verify === true });
      if (options.json) out.json(report);
      if (report.mode === "rebuild") {
        out.line(`Rebuilt ${report.snapshot_versions} snapshot versions from ${report.runs} runs; the layer matches the log.`);
        return;
      }
      if (report.ok) {
        out.line(`OK: the ${report.snapshot_versions} snapshot versions match a replay of the ${report.runs} runs in the log.`);
        return;
      }
      for (const d of report.differences) {
        out.line(`${d.model_version} / ${d.dataset_version} / ${d.prompt_version} / ${d.environment} v${d.snapshot_version}: ${d.problem}`);
      }
      throw new IntegrityError("SNAPSHOTS_DIFFER",
        `The snapshot layer differs from the log in ${report.differences.length} place${report.differences.length === 1 ? "" : "s"}` +
          (options.json ? "." : " (listed above)."),
        "Something changed benchmark_snapshots behind the ledger's back. `benchledger replay` rebuilds it from the log.");
    });
  });
}
