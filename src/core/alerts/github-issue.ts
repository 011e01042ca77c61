import { trendUrl } from "../dashboard-link.js";
import { describeConfig, describeDelta, incidentKey, type AlertPayload } from "./alert-payload.js";

/**
 * The text of benchledger's GitHub issues: one issue per regressing config and metric,
 * found again by a hidden incident marker; every alert leaves its own hidden marker, so a
 * delivery retried after a lost answer never posts twice.
 */
export function incidentMarker(payload: Pick<AlertPayload, "config" | "metric">): string {
  return `<!-- benchledger:incident:${incidentKey(payload)} -->`;
}

export function alertMarker(alertId: string): string {
  return `<!-- benchledger:alert:${alertId} -->`;
}

export function issueTitle(payload: AlertPayload): string {
  const what = payload.verdict === "sla" ? "SLA breached" : payload.verdict === "inconclusive" ? "Possible regression" : "Regression";
  return `${what}: ${payload.metric} of ${describeConfig(payload.config)}`.slice(0, 250);
}

export interface IssueContext {
  alertId: string;
  dashboardUrl: string | null;
}

/** The body of a new issue: what regressed, by how much, where, at which commit, and why. */
export function issueBody(payload: AlertPayload, context: IssueContext): string {
  return [
    incidentMarker(payload),
    alertMarker(context.alertId),
    `benchledger found a **${payload.verdict}** in \`${payload.metric}\` of **${escape(describeConfig(payload.config))}**.`,
    "",
    ...numbersTable(payload),
    "",
    `Why: ${escape(payload.reason)}`,
    ...links(payload, context),
    "",
    "benchledger comments here when the metric regresses again and when it recovers. If the change is expected, " +
      "record it with `benchledger ack --as expected`; if this alert was wrong, with `--as false-positive` " +
      "(`benchledger alerts quality` counts both).",
  ].join("\n");
}

/** A comment on the open issue: the regression seen again, or the recovery. */
export function issueComment(payload: AlertPayload, context: IssueContext): string {
  const headline = payload.event === "recovery"
    ? `**Recovered** at \`${short(payload.commit_sha)}\`: \`${payload.metric}\` is ${number(payload.current)} again${describeDelta(payload)}.`
    : `**Still a ${payload.verdict}** at \`${short(payload.commit_sha)}\`: \`${payload.metric}\` ${number(payload.baseline)} → ${number(payload.current)}${describeDelta(payload)}.`;
  return [alertMarker(context.alertId), headline, "", `Why: ${escape(payload.reason)}`, ...links(payload, context)].join("\n");
}

function numbersTable(payload: AlertPayload): string[] {
  const p = payload.p_value === null ? "" : payload.p_value < 1e-4 ? payload.p_value.toExponential(1) : payload.p_value.toFixed(4);
  return [
    "| metric | baseline | current | delta | test | p | commit |",
    "|---|---|---|---|---|---|---|",
    `| \`${payload.metric}\` | ${number(payload.baseline)} | ${number(payload.current)} | ${describeDelta(payload).trim().replace(/^\(|\)$/g, "")} | ${payload.method} | ${p} | \`${short(payload.commit_sha)}\` |`,
  ];
}

function links(payload: AlertPayload, context: IssueContext): string[] {
  return context.dashboardUrl ? ["", `[Open the trend](${trendUrl(context.dashboardUrl, payload.config, payload.metric)})`] : [];
}

function number(value: number | null): string {
  return value === null ? "-" : String(Number(value.toPrecision(4)));
}

function short(sha: string | null): string {
  return sha ? sha.slice(0, 12) : "unknown";
}

/** Text from the ledger outside code spans: no HTML, no table breaks, no mentions. */
function escape(text: string): string {
  return text.replace(/</g, "&lt;").replace(/\|/g, "\\|").replace(/@/g, "@\u200b");
}
