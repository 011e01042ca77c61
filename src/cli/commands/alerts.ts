import type { Command } from "commander";
import { loadAlertSettings } from "../../config.js";
import { deliverAlerts, listAlerts } from "../../service/alerts.js";
import { addCommonOptions, parsePositiveInt, withLedger, type CommonOptions } from "../context.js";
import { formatDate, shortSha } from "../print.js";

export function registerAlerts(program: Command): void {
  const alerts = program
    .command("alerts")
    .summary("list and deliver the alerts of regressions (Slack, signed webhook)")
    .description("`check` queues an alert for every regression or SLA breach, in the same transaction as its findings, " +
      "and delivers it to the channels configured by BENCHLEDGER_SLACK_WEBHOOK_URL and BENCHLEDGER_WEBHOOK_URL (with " +
      "BENCHLEDGER_WEBHOOK_SECRET). A delivery that fails stays queued with its error; these commands show and retry them.");
  const list = addCommonOptions(alerts.command("list").description("the newest alerts with their delivery status")
    .option("--limit <n>", "how many", parsePositiveInt("--limit"), 100));
  list.action(async (options: CommonOptions & { limit: number }) => {
    await withLedger("alerts list", options, async (deps, out) => {
      const report = await listAlerts(deps, options.limit);
      if (options.json) return out.json(report);
      if (report.alerts.length === 0) return out.line("No alerts: `check` queues one for every regression when a channel is configured.");
      out.table(["queued", "channel", "status", "tries", "verdict", "config", "metric", "commit", "last error"],
        report.alerts.map((a) => [formatDate(a.created_at), a.channel, a.status, a.attempts, a.verdict,
          `${a.model_version} / ${a.dataset_version} / ${a.prompt_version} / ${a.environment}`, a.metric, shortSha(a.commit_sha), a.last_error ?? ""]));
    });
  });
  const deliver = addCommonOptions(alerts.command("deliver").description("deliver every alert not delivered yet, due or not"));
  deliver.action(async (options: CommonOptions) => {
    const settings = loadAlertSettings();
    await withLedger("alerts deliver", options, async (deps, out) => {
      const report = await deliverAlerts(deps, settings, { includeNotDue: true });
      if (options.json) return out.json(report);
      out.line(`${report.delivered} delivered, ${report.retrying} to retry, ${report.failed} failed, ${report.skipped} for channels not configured here.`);
      if (report.retrying + report.failed > 0) process.exitCode = 1;
    });
  });
}
