import type { Finding, Verdict } from "../check/finding.js";
import { exceedsThreshold } from "../check/judge-metric.js";
import type { Direction, Threshold } from "../metric-policy.js";
import { isAlarming } from "./alert-payload.js";

/**
 * When a regression alerts and when it is over. A regression is measured against the
 * baseline of the run that first showed it: runs after it that stay worse than that
 * baseline beyond the threshold confirm it, even when each one, compared with the run just
 * before it, looks fine. An alerted metric has recovered once a run is back within the
 * threshold of the baseline its alert named (or, for an SLA breach, meets the SLA).
 */

/** What one earlier run of the config said about the metric (its latest check). */
export interface PriorRun {
  verdicts: Verdict[];
  current: number | null;
  baseline: number | null;
  acknowledged: boolean;
}

/** The metric's policy, as the current finding carries it. */
interface Policy {
  direction: Direction;
  threshold: Threshold;
}

/** Whether `value` is worse than `reference` beyond the threshold, in the metric's direction. */
export function isWorseBeyond(value: number | null, reference: number | null, policy: Policy): boolean {
  if (value === null || reference === null || policy.direction === "either") return false;
  const delta = value - reference;
  const worse = policy.direction === "higher" ? delta < 0 : delta > 0;
  return worse && exceedsThreshold(delta, reference, policy.threshold);
}

export interface Confirmation {
  /** The runs in a row, this one included, that show the regression. */
  runs: number;
  /** The baseline of the run that first showed it: what the alert compares with. */
  baseline: number | null;
  verdict: Verdict;
}

/**
 * The longest streak, up to `needed` runs, ending at the current run: it starts at a run
 * (this one or one of the `needed - 1` before it, newest first in `priors`) whose finding
 * alarmed, unacknowledged, and every run from there to this one shows it: an SLA breach
 * again, or a value worse than that run's baseline beyond the threshold. The current run
 * confirms an earlier one by its own value (`ownValue`, when given): a good rerun at a
 * commit cancels the streak even while the mean of the commit's repeats still looks bad.
 */
export function confirmRegression(current: Finding, priors: readonly PriorRun[], needed: number, includeInconclusive: boolean, ownValue: number | null = null): Confirmation | null {
  const runs: PriorRun[] = [
    { verdicts: [current.verdict], current: current.current, baseline: current.baseline, acknowledged: current.acknowledged },
    ...priors.slice(0, Math.max(0, needed - 1)),
  ];
  let best: Confirmation | null = null;
  for (let start = 0; start < runs.length; start += 1) {
    const first = runs[start]!;
    const verdict = first.verdicts.find((v) => isAlarming(v, includeInconclusive) && (current.verdict === "sla") === (v === "sla"));
    if (!verdict || first.acknowledged) continue;
    const shows = (run: PriorRun, index: number) => {
      if (run.acknowledged) return false;
      if (index === start) return true;
      if (verdict === "sla") return run.verdicts.includes("sla");
      if (index === 0 && ownValue !== null) return isWorseBeyond(ownValue, first.baseline, current);
      return isWorseBeyond(run.current, first.baseline, current) || run.verdicts.some((v) => isAlarming(v, includeInconclusive) && v !== "sla");
    };
    if (!runs.slice(0, start + 1).every(shows)) continue;
    best = { runs: start + 1, baseline: verdict === "sla" ? null : first.baseline, verdict };
  }
  return best;
}

/** The incident a metric has open: the verdict and baseline its alert named. */
export interface OpenIncident {
  verdict: Verdict;
  baseline: number | null;
}

/**
 * Whether this run's findings for a metric end its open incident: nothing alarms, an SLA
 * is met again, and a regressed value is back within the threshold of the alert's baseline.
 */
export function hasRecovered(findings: readonly Finding[], incident: OpenIncident, includeInconclusive: boolean): boolean {
  if (findings.some((f) => isAlarming(f.verdict, includeInconclusive) && !f.acknowledged)) return false;
  if (incident.verdict === "sla") return findings.some((f) => f.method === "static" && f.verdict === "ok");
  const judged = findings.find((f) => f.method !== "static" && f.current !== null);
  if (!judged) return false;
  return !isWorseBeyond(judged.current, incident.baseline, judged);
}
