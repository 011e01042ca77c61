import { Option, type Command } from "commander";
import { ACKNOWLEDGEMENT_KINDS, acknowledgeFinding, type AcknowledgementKind } from "../../service/acknowledge.js";
import { addCommonOptions, addConfigOptions, withLedger, type CommonOptions } from "../context.js";
import { configJson } from "../print.js";

interface AckCliOptions extends CommonOptions {
  model?: string;
  dataset?: string;
  prompt?: string;
  env?: string;
  metric: string;
  reason: string;
  commit?: string;
  by?: string;
  as: AcknowledgementKind;
}

export function registerAck(program: Command): void {
  const command = addConfigOptions(program
    .command("ack")
    .summary("acknowledge a change (expected, or a false positive) so check stops failing on it")
    .description("Record in the ledger that the change of a metric of a config at a commit is acknowledged, with the reason: " +
      "--as expected (the default) for a real, intended change, --as false-positive for an alert that was wrong. " +
      "`check` then reports the finding as acknowledged and does not fail on it, whatever the kind; " +
      "`alerts quality` counts the kinds. Acknowledgements are append-only.")
    .requiredOption("--metric <name>", "the metric whose change is acknowledged")
    .requiredOption("--reason <text>", "why the change is expected, or why the alert was wrong")
    .addOption(new Option("--as <kind>", "expected: a real, intended change; false-positive: the alert was wrong")
      .choices(ACKNOWLEDGEMENT_KINDS).default("expected"))
    .option("--commit <sha>", "the commit (default: the CI's, else git HEAD)")
    .option("--by <name>", "who acknowledges it"));
  addCommonOptions(command).addHelpText("after", `
Examples:
  $ benchledger ack --model gpt-4o-mini --dataset medqa-v2 --metric latency_ms --commit 1a2b3c --reason "longer prompts, accepted"
  $ benchledger ack --model gpt-4o-mini --metric f1 --commit 4d5e6f --as false-positive --reason "flaky grader, rerun was fine"
`);
  command.action(async (options: AckCliOptions) => {
    await withLedger("ack", options, async (deps, out) => {
      const ack = await acknowledgeFinding(deps, { ...options, kind: options.as });
      if (options.json) return out.json({ ...ack, config: configJson(ack) });
      const as = ack.kind === "false-positive" ? "as a false positive" : "as expected";
      out.line(`Acknowledged ${ack.metric} of ${ack.model_version} / ${ack.dataset_version} / ${ack.prompt_version} / ${ack.environment} at ${ack.commit_sha} ${as}: ${ack.reason}`);
    });
  });
}
