import { isWorseBeyond } from "../core/alerts/incident-rules.js";
import type { Direction } from "../core/metric-policy.js";
import { selectAlertedFindings, type AlertedFindingRow, type AlertOutcomeCount } from "../store/alert-quality-store.js";
import type { Deps } from "./deps.js";

/**
 * What became of an alerted finding:
 * - false-positive: acknowledged as a false positive (the alert was wrong);
 * - expected: acknowledged as expected (a real, intended change: the alert was right);
 * - confirmed: not acknowledged, and the config's next run was again a regression, SLA
 *   breach or tradeoff on the metric, or still worse than the baseline the alert named
 *   beyond the threshold (the change persisted, though compared with the alerted run
 *   itself it may look fine);
 * - recovered: not acknowledged, and the next run was back within the threshold of that
 *   baseline (it did not persist: likely noise or a flake);
 * - pending: not acknowledged, and no later run has been checked yet.
 */
export type AlertOutcome = "false-positive" | "expected" | "confirmed" | "recovered" | "pending";

const PERSISTING_VERDICTS = new Set(["regression", "sla", "tradeoff"]);

/**
 * The outcome of an alerted finding from its newest acknowledgement, the next run's verdict
 * and whether the next run is still worse than the alert's baseline; an acknowledgement
 * decides first.
 */
export function alertOutcome(ackKind: AlertOutcomeCount["ack_kind"], nextVerdict: string | null, stillWorse = false): AlertOutcome {
  if (ackKind !== null) return ackKind;
  if (nextVerdict === null) return "pending";
  return PERSISTING_VERDICTS.has(nextVerdict) || stillWorse ? "confirmed" : "recovered";
}

/** Whether the next run's value is still worse than the baseline a regression alert named, beyond its threshold. */
function stillWorse(row: AlertedFindingRow): boolean {
  if (row.alert_verdict === "sla" || row.direction === null) return false;
  return isWorseBeyond(row.next_current, row.baseline, { direction: row.direction as Direction, threshold: row.threshold ?? {} });
}

export interface AlertQualityCounts {
  /** Alerted findings: one per finding, however many channels it went to. */
  alerts: number;
  confirmed: number;
  expected: number;
  false_positive: number;
  recovered: number;
  pending: number;
  /**
   * (confirmed + expected) / (confirmed + expected + false_positive + recovered): of the
   * alerts whose outcome is known, the share that flagged a real change. Null when none is known.
   */
  precision: number | null;
}

export interface AlertQualityRow extends AlertQualityCounts {
  metric: string;
  /** The test that decided the alerted finding: threshold, welch-t, history-t_test, mcnemar, static, ... */
  method: string;
}

export interface AlertQualityReport {
  since: Date | null;
  rows: AlertQualityRow[];
  total: AlertQualityCounts;
}

const OUTCOME_FIELD: Record<AlertOutcome, keyof Omit<AlertQualityCounts, "alerts" | "precision">> = {
  "false-positive": "false_positive",
  expected: "expected",
  confirmed: "confirmed",
  recovered: "recovered",
  pending: "pending",
};

/** Folds outcome counts into one row per metric and method (sorted by both) and a total. */
export function summarizeAlertQuality(counts: readonly (AlertOutcomeCount & { still_worse?: boolean })[]): { rows: AlertQualityRow[]; total: AlertQualityCounts } {
  const byKey = new Map<string, AlertQualityRow>();
  const total = emptyCounts();
  for (const count of counts) {
    const key = JSON.stringify([count.metric, count.method]);
    const row = byKey.get(key) ?? { metric: count.metric, method: count.method, ...emptyCounts() };
    byKey.set(key, row);
    const field = OUTCOME_FIELD[alertOutcome(count.ack_kind, count.next_verdict, count.still_worse ?? false)];
    for (const target of [row, total]) {
      target.alerts += count.alerts;
      target[field] += count.alerts;
    }
  }
  const rows = [...byKey.values()]
    .sort((a, b) => a.metric.localeCompare(b.metric) || a.method.localeCompare(b.method))
    .map((row) => ({ ...row, precision: precisionOf(row) }));
  return { rows, total: { ...total, precision: precisionOf(total) } };
}

function emptyCounts(): AlertQualityCounts {
  return { alerts: 0, confirmed: 0, expected: 0, false_positive: 0, recovered: 0, pending: 0, precision: null };
}

function precisionOf(c: AlertQualityCounts): number | null {
  const known = c.confirmed + c.expected + c.false_positive + c.recovered;
  return known > 0 ? (c.confirmed + c.expected) / known : null;
}

/**
 * How often alerts were right, per metric and method: every alerted finding (queued at or
 * after `since`, when given) with its outcome, and the precision of each group.
 *
 * @example
 * const { rows, total } = await reportAlertQuality(deps, { since: new Date("2025-01-01") });
 * // rows: [{ metric: "f1", method: "history-t_test", alerts: 4, confirmed: 2, ..., precision: 0.667 }]
 */
export async function reportAlertQuality(deps: Deps, options: { since?: Date } = {}): Promise<AlertQualityReport> {
  const since = options.since ?? null;
  const alerted = await selectAlertedFindings(deps.db, since);
  return { since, ...summarizeAlertQuality(alerted.map((row) => ({ ...row, still_worse: stillWorse(row) }))) };
}
