import type { Command } from "commander";
import { acknowledgeFinding } from "../../service/acknowledge.js";
import { addCommonOptions, addConfigOptions, withLedger, type CommonOptions } from "../context.js";
import { configJson } from "../print.js";

export function registerAck(program: Command): void {
  const command = addConfigOptions(program
    .command("ack")
    .summary("acknowledge an expected change so check stops failing on it")
    .description("Record in the ledger that the change of a metric of a config at a commit is expected, with the reason. " +
      "`check` then reports the finding as acknowledged and does not fail on it. Acknowledgements are append-only.")
    .requiredOption("--metric <name>", "the metric whose change is expected")
    .requiredOption("--reason <text>", "why the change is expected")
    .option("--commit <sha>", "the commit (default: the CI's, else git HEAD)")
    .option("--by <name>", "who acknowledges it"));
  addCommonOptions(command).addHelpText("after", `
Example:
  $ benchledger ack --model gpt-4o-mini --dataset medqa-v2 --metric latency_ms --commit 1a2b3c --reason "longer prompts, accepted"
`);
  command.action(async (options: CommonOptions & { model?: string; dataset?: string; prompt?: string; env?: string; metric: string; reason: string; commit?: string; by?: string }) => {
    await withLedger("ack", options, async (deps, out) => {
      const ack = await acknowledgeFinding(deps, options);
      if (options.json) return out.json({ ...ack, config: configJson(ack) });
      out.line(`Acknowledged ${ack.metric} of ${ack.model_version} / ${ack.dataset_version} / ${ack.prompt_version} / ${ack.environment} at ${ack.commit_sha}: ${ack.reason}`);
    });
  });
}
