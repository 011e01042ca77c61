import { InvalidArgumentError, type Command } from "commander";
import { loadAlertSettings, loadProjectConfig } from "../../config.js";
import { reportAlertQuality, type AlertQualityCounts } from "../../service/alert-quality.js";
import { deliverAlerts, listAlerts } from "../../service/alerts.js";
import { addCommonOptions, parsePositiveInt, withLedger, type CommonOptions } from "../context.js";
import { formatDate, shortSha } from "../print.js";

export function registerAlerts(program: Command): void {
  const alerts = program
    .command("alerts")
    .summary("list and deliver the alerts of regressions (Slack, GitHub issues, signed webhook), and measure how often they were right")
    .description("`check` queues an alert for every regression or SLA breach of a run on the tracked line, in the same " +
      "transaction as its findings, and a recovery when an alerted metric is fine again; it delivers them to the channels " +
      "configured by BENCHLEDGER_SLACK_WEBHOOK_URL, BENCHLEDGER_WEBHOOK_URL (with BENCHLEDGER_WEBHOOK_SECRET) and " +
      "BENCHLEDGER_GITHUB_ISSUES=true (with GITHUB_TOKEN and GITHUB_REPOSITORY). A delivery that fails stays queued with " +
      "its error and is retried by the next check, by `serve`, or by `alerts deliver`; `alerts quality` reports, per metric " +
      "and method, how many alerts were confirmed and how many were false positives. docs/alerts.md has the details.");
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
  const deliver = addCommonOptions(alerts.command("deliver").description("deliver every alert not delivered yet, due or not")
    .option("--config-file <file>", "project config whose `alerts` section applies (default: ./benchledger.config.json or .yaml if present)"));
  deliver.action(async (options: CommonOptions & { configFile?: string }) => {
    const settings = loadAlertSettings(loadProjectConfig(options.configFile).alerts);
    await withLedger("alerts deliver", options, async (deps, out) => {
      const report = await deliverAlerts(deps, settings, { includeNotDue: true });
      if (options.json) return out.json(report);
      out.line(`${report.delivered} delivered, ${report.retrying} to retry, ${report.failed} failed, ${report.skipped} for channels not configured here.`);
      if (report.retrying + report.failed > 0) process.exitCode = 1;
    });
  });
  registerQuality(alerts);
}

function registerQuality(alerts: Command): void {
  const quality = addCommonOptions(alerts.command("quality")
    .description("per metric and method, how many alerted findings were confirmed, expected, false positives, " +
      "recovered or pending, and the alerts' precision")
    .option("--since <date>", "only alerts queued at or after this date (ISO 8601, e.g. 2025-01-31)", parseDate("--since")));
  quality.addHelpText("after", `
Outcomes: an acknowledgement decides (ack --as false-positive or --as expected); otherwise the config's
next checked run: again a regression, SLA breach or tradeoff is confirmed, anything else recovered,
none yet pending.
`);
  quality.action(async (options: CommonOptions & { since?: Date }) => {
    await withLedger("alerts quality", options, async (deps, out) => {
      const report = await reportAlertQuality(deps, options.since ? { since: options.since } : {});
      if (options.json) return out.json(report);
      if (report.total.alerts === 0) return out.line("No alerts to judge yet: `check` queues one for every regression when a channel is configured.");
      const cells = (c: AlertQualityCounts) => [c.alerts, c.confirmed, c.expected, c.false_positive, c.recovered, c.pending, formatPrecision(c.precision)];
      out.table(["metric", "method", "alerts", "confirmed", "expected", "false positive", "recovered", "pending", "precision"],
        [...report.rows.map((r) => [r.metric, r.method, ...cells(r)]), ["total", "", ...cells(report.total)]]);
      out.line("precision = (confirmed + expected) / (confirmed + expected + false positive + recovered): of the alerts " +
        "whose outcome is known, the share that flagged a real change; pending alerts are left out.");
    });
  });
}

function formatPrecision(precision: number | null): string {
  return precision === null ? "-" : `${(precision * 100).toFixed(0)}%`;
}

function parseDate(flag: string) {
  return (value: string): Date => {
    const date = new Date(value);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim()) || Number.isNaN(date.getTime())) {
      throw new InvalidArgumentError(`${flag} must be a date like 2025-01-31 or 2025-01-31T12:00:00Z, got "${value}".`);
    }
    return date;
  };
}
