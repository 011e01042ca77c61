import { createHash, createHmac } from "node:crypto";
import type { Finding } from "../check/finding.js";
import { trendUrl } from "../dashboard-link.js";

export type AlertChannel = "slack" | "webhook" | "github";

/**
 * The documented JSON body of a webhook alert (docs/alerts.md): a `finding` (a regression or
 * SLA breach) or a `recovery` (a metric that alerted is back within its threshold).
 */
export interface AlertPayload {
  event: "finding" | "recovery";
  verdict: Finding["verdict"];
  config: { model_version: string; dataset_version: string; prompt_version: string; environment: string };
  metric: string;
  commit_sha: string | null;
  baseline: number | null;
  current: number | null;
  delta: number | null;
  delta_pct: number | null;
  method: string;
  p_value: number | null;
  reason: string;
  transaction_id: string;
  /** Runs in a row that showed it before it alerted (the confirmation asked for; 1 alerts at once). */
  confirmed_runs?: number;
}

/** Which findings alert: regressions and SLA breaches (and inconclusive ones when asked), never acknowledged ones. */
export function isAlertable(finding: Finding, includeInconclusive: boolean): boolean {
  if (finding.acknowledged || !(finding.gating || finding.verdict === "sla")) return false;
  return isAlarming(finding.verdict, includeInconclusive);
}

export function alertPayload(finding: Finding, event: AlertPayload["event"] = "finding", confirmedRuns = 1): AlertPayload {
  return {
    event,
    verdict: finding.verdict,
    config: { model_version: finding.model_version, dataset_version: finding.dataset_version, prompt_version: finding.prompt_version, environment: finding.environment },
    metric: finding.metric,
    commit_sha: finding.commit_sha,
    baseline: finding.baseline,
    current: finding.current,
    delta: finding.delta,
    delta_pct: finding.delta_pct,
    method: finding.method,
    p_value: finding.p_value,
    reason: finding.reason,
    transaction_id: finding.transaction_id,
    ...(event === "finding" ? { confirmed_runs: confirmedRuns } : {}),
  };
}

/** The verdicts that raise an alert (recoveries: core/alerts/incident-rules.ts). */
export function isAlarming(verdict: Finding["verdict"], includeInconclusive: boolean): boolean {
  return verdict === "regression" || verdict === "sla" || (includeInconclusive && verdict === "inconclusive");
}

/**
 * One alert per finding: run, metric and verdict. A second check of the same commit judges
 * the same run and does not alert again; a new run (a rerun, or tomorrow's scheduled run at
 * an unchanged commit) is a finding of its own. A recovery is keyed by its run the same way.
 */
export function alertDedupKey(finding: Finding, event: AlertPayload["event"] = "finding"): string {
  const verdict = event === "recovery" ? "recovery" : finding.verdict;
  return createHash("sha256")
    .update(JSON.stringify([finding.model_version, finding.dataset_version, finding.prompt_version, finding.environment, finding.metric, finding.transaction_id, verdict]))
    .digest("hex");
}

/** An incident: one config's metric, from its first alert to its recovery (one GitHub issue). */
export function incidentKey(payload: Pick<AlertPayload, "config" | "metric">): string {
  const c = payload.config;
  return createHash("sha256").update(JSON.stringify([c.model_version, c.dataset_version, c.prompt_version, c.environment, payload.metric])).digest("hex").slice(0, 24);
}

export function describeConfig(config: AlertPayload["config"]): string {
  return `${config.model_version} / ${config.dataset_version} / ${config.prompt_version} / ${config.environment}`;
}

/** "(-0.1, -11.1%)" */
export function describeDelta(payload: AlertPayload): string {
  if (payload.delta === null) return "";
  const pct = payload.delta_pct !== null ? `, ${payload.delta_pct > 0 ? "+" : ""}${payload.delta_pct.toFixed(1)}%` : "";
  return ` (${payload.delta > 0 ? "+" : ""}${Number(payload.delta.toPrecision(4))}${pct})`;
}

/** `X-Benchledger-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/** A Slack Block Kit message for a finding or a recovery, with a button to the trend when a dashboard is configured. */
export function slackMessage(payload: AlertPayload, dashboardUrl: string | null): object {
  const where = describeConfig(payload.config);
  const change = describeDelta(payload);
  const recovered = payload.event === "recovery";
  const text = recovered
    ? `benchledger: ${payload.metric} of ${where} recovered${change}`
    : `benchledger: ${payload.verdict} in ${payload.metric} of ${where}${change}`;
  const title = recovered ? "Recovered" : payload.verdict === "sla" ? "SLA breached" : payload.verdict === "inconclusive" ? "Possible regression" : "Regression";
  return {
    text: clip(text, 3000),
    blocks: [
      { type: "header", text: { type: "plain_text", text: clip(`${title}: ${payload.metric}`, 150) } },
      { type: "section", text: { type: "mrkdwn", text: clip(`*${where}*\n${payload.baseline ?? "-"} → ${payload.current ?? "-"}${change}`, 3000) } },
      { type: "context", elements: [{ type: "mrkdwn", text: clip(`commit \`${payload.commit_sha?.slice(0, 12) ?? "unknown"}\` · ${payload.method}${payload.p_value !== null ? ` · p=${payload.p_value.toPrecision(2)}` : ""}`, 3000) }] },
      ...(dashboardUrl ? [{ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the trend" }, url: trendUrl(dashboardUrl, payload.config, payload.metric) }] }] : []),
    ],
  };
}

/** Text cut to one of Block Kit's limits (Slack refuses longer text with invalid_blocks). */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
