import { setTimeout as sleep } from "node:timers/promises";
import {
  alertDedupKey,
  alertPayload,
  incidentKey,
  signWebhook,
  slackMessage,
  type AlertChannel,
  type AlertPayload,
} from "../core/alerts/alert-payload.js";
import { confirmRegression, hasRecovered, type Confirmation, type PriorRun } from "../core/alerts/incident-rules.js";
import type { Finding } from "../core/check/finding.js";
import { metricAt } from "../core/metrics.js";
import type { Metrics } from "../core/types.js";
import {
  claimAlert,
  insertAlerts,
  markDelivered,
  markFailedAttempts,
  selectAlerts,
  selectOpenIncidents,
  selectPriorRuns,
  selectRunMetrics,
  selectTrackedIds,
  selectUndelivered,
  type AlertRow,
  type IncidentKey,
  type NewAlert,
} from "../store/alerts-store.js";
import type { Queryable } from "../store/db.js";
import type { Deps } from "./deps.js";
import { deliverToGitHubIssue, type GitHubIssueSettings } from "./github-issues.js";

/** Where alerts go (from the environment: the secrets never enter the ledger) and how they behave. */
export interface AlertSettings {
  slackWebhookUrl: string | null;
  webhook: { url: string; secret: string } | null;
  includeInconclusive: boolean;
  dashboardUrl: string | null;
  /** GitHub issues: one per regressing config and metric (BENCHLEDGER_GITHUB_ISSUES=true). */
  github?: GitHubIssueSettings | null;
  /** Runs in a row (a rerun counts) a regression must show before it alerts; default 1. */
  confirmRuns?: number;
  /** The first pause before a failed delivery is retried by a later deliverer, in seconds (default 30, doubling). */
  retryBaseSeconds?: number;
}

export const NO_ALERTS: AlertSettings = { slackWebhookUrl: null, webhook: null, includeInconclusive: false, dashboardUrl: null };

export function configuredChannels(settings: AlertSettings): AlertChannel[] {
  return [
    ...(settings.slackWebhookUrl ? ["slack" as const] : []),
    ...(settings.webhook ? ["webhook" as const] : []),
    ...(settings.github ? ["github" as const] : []),
  ];
}

/** A regression seen, but not yet in enough runs in a row to alert. */
export interface AwaitingConfirmation extends IncidentKey {
  verdict: Finding["verdict"];
  runs_seen: number;
  runs_needed: number;
}

export interface QueuedAlerts {
  queued: number;
  recoveries: number;
  awaiting_confirmation: AwaitingConfirmation[];
}

/**
 * Queues the alerts of a check's findings, inside the transaction that records them, for
 * every configured channel. Only runs on the tracked line alert (a pull request's
 * regressions go to its comment). A regression alerts once `confirmRuns` runs in a row
 * show it (core/alerts/incident-rules.ts); a metric whose alert is open and that is back
 * within its threshold queues a recovery.
 */
export async function queueAlerts(tx: Queryable, findings: readonly Finding[], settings: AlertSettings, checkId: string): Promise<QueuedAlerts> {
  const channels = configuredChannels(settings);
  if (channels.length === 0 || findings.length === 0) return { queued: 0, recoveries: 0, awaiting_confirmation: [] };
  const tracked = await selectTrackedIds(tx, [...new Set(findings.map((f) => f.transaction_id))]);
  const groups = groupByRunAndMetric(findings.filter((f) => tracked.has(f.transaction_id) && (f.gating || f.method === "static")));
  const needed = settings.confirmRuns ?? 1;
  const alerting: Finding[] = [];
  const awaiting: AwaitingConfirmation[] = [];
  for (const group of groups) {
    const [first] = group as [Finding];
    const priors = needed > 1 ? (await selectPriorRuns(tx, first.transaction_id, first.metric, needed - 1)) as PriorRun[] : [];
    // The run's own value: a rerun at a commit is judged by itself, not by the mean of the repeats.
    const own = needed > 1 ? metricAt((await selectRunMetrics(tx, first.transaction_id)) as Metrics, first.metric) : null;
    for (const finding of group) {
      if (finding.acknowledged || (finding.method === "static" && finding.verdict !== "sla")) continue;
      const confirmed = confirmRegression(finding, priors, needed, settings.includeInconclusive, own);
      if (confirmed && confirmed.runs >= needed) alerting.push(asConfirmed(finding, confirmed, needed));
      else if (confirmed) awaiting.push({ ...keyOf(finding), verdict: confirmed.verdict, runs_seen: confirmed.runs, runs_needed: needed });
    }
  }
  const quiet = groups.filter((group) => !alerting.some((f) => f.transaction_id === group[0]!.transaction_id && f.metric === group[0]!.metric));
  const open = await selectOpenIncidents(tx, quiet.map((group) => ({ ...keyOf(group[0]!), transaction_id: group[0]!.transaction_id })));
  const recovered = quiet.filter((group) => {
    const incident = open.find((o) => incidentKey({ config: o, metric: o.metric }) === incidentKey({ config: keyOf(group[0]!), metric: group[0]!.metric }));
    return incident !== undefined && hasRecovered(group, { verdict: incident.verdict as Finding["verdict"], baseline: incident.baseline }, settings.includeInconclusive);
  }).map((group) => group.find((f) => f.method !== "static") ?? group[0]!);
  const alerts = [
    ...alerting.map((f) => [f, "finding"] as const),
    ...recovered.map((f) => [f, "recovery"] as const),
  ].flatMap(([finding, event]) => channels.map((channel): NewAlert => ({
    dedup_key: alertDedupKey(finding, event),
    channel,
    check_id: checkId,
    payload: alertPayload(finding, event, event === "finding" ? needed : 1),
  })));
  return { queued: await insertAlerts(tx, alerts), recoveries: recovered.length, awaiting_confirmation: awaiting };
}

/** A finding as its alert tells it: measured against the baseline of the run that first showed it. */
function asConfirmed(finding: Finding, confirmed: Confirmation, needed: number): Finding {
  if (confirmed.runs === 1 || confirmed.baseline === null || finding.current === null) return { ...finding, verdict: confirmed.verdict };
  const delta = finding.current - confirmed.baseline;
  return {
    ...finding,
    verdict: confirmed.verdict,
    baseline: confirmed.baseline,
    delta,
    delta_pct: confirmed.baseline !== 0 ? (delta / Math.abs(confirmed.baseline)) * 100 : null,
    reason: `${finding.metric} stayed worse than ${Number(confirmed.baseline.toPrecision(4))} beyond the threshold for ${needed} runs in a row; this run: ${finding.reason}`,
  };
}

function keyOf(f: Finding): IncidentKey {
  return { model_version: f.model_version, dataset_version: f.dataset_version, prompt_version: f.prompt_version, environment: f.environment, metric: f.metric };
}

function groupByRunAndMetric(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.transaction_id}\u0000${f.metric}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()];
}

export interface DeliveryReport {
  delivered: number;
  retrying: number;
  failed: number;
  skipped: number;
}

const MAX_ATTEMPTS_BEFORE_FAILED = 10;

/**
 * Delivers the alerts that are due, oldest first: each is claimed (so two deliverers never
 * both send it), tried `attempts` times with doubling pauses, and marked delivered, or
 * left pending with its error for the next `check`, `serve` or `alerts deliver`. While an
 * alert of an incident is undelivered on a channel (failing now, or waiting to be retried),
 * the later ones of that incident wait behind it there, so a recovery never overtakes the
 * regression it ends.
 */
export async function deliverAlerts(
  deps: Deps,
  settings: AlertSettings,
  options: { includeNotDue?: boolean; attempts?: number; firstPauseMs?: number } = {},
): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, retrying: 0, failed: 0, skipped: 0 };
  const blocked = new Set<string>();
  for (const alert of await selectUndelivered(deps.db)) {
    const target = targetOf(alert.channel, settings);
    const lane = `${alert.channel}:${incidentKey(alert.payload)}`;
    if (!target) {
      report.skipped += 1;
      continue;
    }
    if (!alert.due && !options.includeNotDue) {
      // Waiting for its next attempt, and the later alerts of its incident wait behind it.
      blocked.add(lane);
      continue;
    }
    if (blocked.has(lane)) {
      report.retrying += 1;
      continue;
    }
    const outcome = await deps.db.transaction(async (tx) => {
      if (!(await claimAlert(tx, alert.id))) return "skipped" as const;
      const result = await sendWithRetries(target, alert, settings, options.attempts ?? 4, options.firstPauseMs ?? 200);
      if (result.ok) {
        await markDelivered(tx, alert.id, result.attempts);
        return "delivered" as const;
      }
      const total = alert.attempts + result.attempts;
      const giveUp = total >= MAX_ATTEMPTS_BEFORE_FAILED;
      const retryIn = Math.min(3600, (settings.retryBaseSeconds ?? 30) * 2 ** Math.min(total, 7));
      await markFailedAttempts(tx, alert.id, result.attempts, result.error, retryIn, giveUp);
      return giveUp ? "failed" as const : "retrying" as const;
    });
    if (outcome === "retrying" || outcome === "failed") blocked.add(lane);
    report[outcome] += 1;
  }
  return report;
}

export async function listAlerts(deps: Deps, limit = 100): Promise<{ alerts: AlertRow[] }> {
  return { alerts: await selectAlerts(deps.db, limit) };
}

/**
 * Delivers due alerts every `intervalMs` until stopped (`serve` does this), one round at a
 * time; `onRound` hears each round that did something.
 */
export function deliverPeriodically(
  deps: Deps,
  settings: AlertSettings,
  intervalMs: number,
  onRound: (report: DeliveryReport | Error) => void,
): { stop: () => Promise<void> } {
  let running: Promise<void> | null = null;
  const round = () => {
    running ??= deliverAlerts(deps, settings)
      .then((report) => { if (report.delivered + report.retrying + report.failed > 0) onRound(report); })
      .catch((error: Error) => onRound(error))
      .finally(() => { running = null; });
  };
  const timer = setInterval(round, intervalMs);
  round();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

type Target =
  | { channel: "slack"; url: string }
  | { channel: "webhook"; url: string; secret: string }
  | { channel: "github"; settings: GitHubIssueSettings };

function targetOf(channel: AlertChannel, settings: AlertSettings): Target | null {
  if (channel === "slack" && settings.slackWebhookUrl) return { channel, url: settings.slackWebhookUrl };
  if (channel === "webhook" && settings.webhook) return { channel, ...settings.webhook };
  if (channel === "github" && settings.github) return { channel, settings: settings.github };
  return null;
}

async function sendWithRetries(target: Target, alert: AlertRow, settings: AlertSettings, attempts: number, firstPauseMs: number) {
  let error = "";
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      await send(target, alert, settings);
      return { ok: true as const, attempts: attempt };
    } catch (e) {
      error = (e as Error).message;
      if (attempt < attempts) await sleep(firstPauseMs * 2 ** (attempt - 1));
    }
  }
  return { ok: false as const, attempts, error };
}

async function send(target: Target, alert: AlertRow, settings: AlertSettings): Promise<void> {
  if (target.channel === "github") {
    await deliverToGitHubIssue(target.settings, alert, settings.dashboardUrl);
    return;
  }
  const body = JSON.stringify(target.channel === "slack" ? slackMessage(alert.payload, settings.dashboardUrl) : alert.payload);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "benchledger" };
  if (target.channel === "webhook") headers["x-benchledger-signature"] = signWebhook(target.secret, body, Math.floor(Date.now() / 1000));
  const response = await fetch(target.url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${target.channel} answered ${response.status} ${(await response.text()).slice(0, 200)}`);
}
