import { setTimeout as sleep } from "node:timers/promises";
import { alertDedupKey, alertPayload, isAlertable, signWebhook, slackMessage, type AlertChannel, type AlertPayload } from "../core/alerts/alert-payload.js";
import type { Finding } from "../core/check/finding.js";
import {
  claimAlert,
  markDelivered,
  markFailedAttempts,
  selectAlerts,
  selectUndelivered,
  type AlertRow,
  type NewAlert,
} from "../store/alerts-store.js";
import type { Deps } from "./deps.js";

/** Where alerts go (from the environment: the secrets never enter the ledger). */
export interface AlertSettings {
  slackWebhookUrl: string | null;
  webhook: { url: string; secret: string } | null;
  includeInconclusive: boolean;
  dashboardUrl: string | null;
}

export const NO_ALERTS: AlertSettings = { slackWebhookUrl: null, webhook: null, includeInconclusive: false, dashboardUrl: null };

export function configuredChannels(settings: AlertSettings): AlertChannel[] {
  return [...(settings.slackWebhookUrl ? ["slack" as const] : []), ...(settings.webhook ? ["webhook" as const] : [])];
}

/** The alerts a check's findings raise, for every configured channel. */
export function alertsFor(findings: readonly Finding[], settings: AlertSettings, checkId: string): NewAlert[] {
  const channels = configuredChannels(settings);
  return findings.filter((f) => isAlertable(f, settings.includeInconclusive)).flatMap((f) =>
    channels.map((channel) => ({ dedup_key: alertDedupKey(f), channel, check_id: checkId, payload: alertPayload(f) })));
}

export interface DeliveryReport {
  delivered: number;
  retrying: number;
  failed: number;
  skipped: number;
}

const MAX_ATTEMPTS_BEFORE_FAILED = 10;

/**
 * Delivers the alerts that are due: each is claimed (so two deliverers never both send
 * it), tried `attempts` times with doubling pauses, and marked delivered, or left pending
 * with its error for the next `check`, `serve` or `alerts deliver`.
 */
export async function deliverAlerts(
  deps: Deps,
  settings: AlertSettings,
  options: { includeNotDue?: boolean; attempts?: number; firstPauseMs?: number } = {},
): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, retrying: 0, failed: 0, skipped: 0 };
  for (const alert of await selectUndelivered(deps.db, options.includeNotDue ?? false)) {
    const target = targetOf(alert.channel, settings);
    if (!target) {
      report.skipped += 1;
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
      await markFailedAttempts(tx, alert.id, result.attempts, result.error, Math.min(3600, 30 * 2 ** Math.min(total, 7)), giveUp);
      return giveUp ? "failed" as const : "retrying" as const;
    });
    report[outcome] += 1;
  }
  return report;
}

export async function listAlerts(deps: Deps, limit = 100): Promise<{ alerts: AlertRow[] }> {
  return { alerts: await selectAlerts(deps.db, limit) };
}

type Target = { channel: "slack"; url: string } | { channel: "webhook"; url: string; secret: string };

function targetOf(channel: AlertChannel, settings: AlertSettings): Target | null {
  if (channel === "slack" && settings.slackWebhookUrl) return { channel, url: settings.slackWebhookUrl };
  if (channel === "webhook" && settings.webhook) return { channel, ...settings.webhook };
  return null;
}

async function sendWithRetries(target: Target, alert: AlertRow, settings: AlertSettings, attempts: number, firstPauseMs: number) {
  let error = "";
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      await send(target, alert.payload, settings);
      return { ok: true as const, attempts: attempt };
    } catch (e) {
      error = (e as Error).message;
      if (attempt < attempts) await sleep(firstPauseMs * 2 ** (attempt - 1));
    }
  }
  return { ok: false as const, attempts, error };
}

async function send(target: Target, payload: AlertPayload, settings: AlertSettings): Promise<void> {
  const body = JSON.stringify(target.channel === "slack" ? slackMessage(payload, settings.dashboardUrl) : payload);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "benchledger" };
  if (target.channel === "webhook") headers["x-benchledger-signature"] = signWebhook(target.secret, body, Math.floor(Date.now() / 1000));
  const response = await fetch(target.url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${target.channel} answered ${response.status} ${(await response.text()).slice(0, 200)}`);
}
