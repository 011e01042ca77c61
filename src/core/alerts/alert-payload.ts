import { createHash, createHmac } from "node:crypto";
import type { Finding } from "../check/finding.js";

export type AlertChannel = "slack" | "webhook" | "github";

/** The documented JSON body of a webhook alert (docs/alerts.md). */
export interface AlertPayload {
  event: "finding";
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
}

/** Which findings alert: regressions and SLA breaches (and inconclusive ones when asked), never acknowledged ones. */
export function isAlertable(finding: Finding, includeInconclusive: boolean): boolean {
  if (finding.acknowledged || !(finding.gating || finding.verdict === "sla")) return false;
  return finding.verdict === "regression" || finding.verdict === "sla" || (includeInconclusive && finding.verdict === "inconclusive");
}

export function alertPayload(finding: Finding): AlertPayload {
  return {
    event: "finding",
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
  };
}

/** One alert per config, metric, commit and verdict: a second check of the same commit does not alert again. */
export function alertDedupKey(finding: Finding): string {
  return createHash("sha256")
    .update(JSON.stringify([finding.model_version, finding.dataset_version, finding.prompt_version, finding.environment, finding.metric, finding.commit_sha, finding.verdict]))
    .digest("hex");
}

/** `X-Benchledger-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/** A Slack Block Kit message for a finding. */
export function slackMessage(payload: AlertPayload, dashboardUrl: string | null): object {
  const c = payload.config;
  const where = `${c.model_version} / ${c.dataset_version} / ${c.prompt_version} / ${c.environment}`;
  const change = payload.delta === null ? "" : ` (${payload.delta > 0 ? "+" : ""}${Number(payload.delta.toPrecision(4))}${payload.delta_pct !== null ? `, ${payload.delta_pct > 0 ? "+" : ""}${payload.delta_pct.toFixed(1)}%` : ""})`;
  const text = `benchledger: ${payload.verdict} in ${payload.metric} of ${where}${change}`;
  return {
    text,
    blocks: [
      { type: "header", text: { type: "plain_text", text: `${payload.verdict === "sla" ? "SLA breached" : "Regression"}: ${payload.metric}` } },
      { type: "section", text: { type: "mrkdwn", text: `*${where}*\n${payload.baseline ?? "-"} → ${payload.current ?? "-"}${change}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: `commit \`${payload.commit_sha?.slice(0, 12) ?? "unknown"}\` · ${payload.method}${payload.p_value !== null ? ` · p=${payload.p_value.toPrecision(2)}` : ""}` }] },
      ...(dashboardUrl ? [{ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the trend" }, url: dashboardUrl }] }] : []),
    ],
  };
}
