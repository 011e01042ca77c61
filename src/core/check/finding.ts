import type { Direction, MetricKind, Threshold } from "../metric-policy.js";
import type { ConfigKey, TransactionId } from "../types.js";

/**
 * A verdict on one metric of one run:
 * - regression: worse beyond the threshold, and significant where the data allow a test;
 * - sla: beyond a static limit of the project config;
 * - tradeoff: latency or cost significantly worse with no significant gain in quality;
 * - inconclusive: worse beyond the threshold, but within the noise;
 * - improvement: better beyond the threshold (and not within the noise);
 * - ok: within the threshold, or nothing to compare with.
 */
export type Verdict = "regression" | "sla" | "tradeoff" | "inconclusive" | "improvement" | "ok";

/** How bad a verdict is, for `--fail-on` and the overall verdict. */
export const SEVERITY: Record<Verdict, number> = {
  regression: 4,
  sla: 4,
  tradeoff: 3,
  inconclusive: 2,
  improvement: 1,
  ok: 0,
};

export type FailOn = "regression" | "tradeoff" | "inconclusive";

/**
 * Where the baseline came from: the config's marked baseline, its previous run, the level
 * of its recent history (when that decided), a golden baseline of another config of the
 * same dataset and environment, the base branch's run at a pull request's merge-base
 * commit (merge-base), or nothing.
 */
export type BaselineSource = "baseline" | "previous" | "history" | "golden" | "merge-base" | "none";

export interface Finding extends ConfigKey {
  transaction_id: TransactionId;
  commit_sha: string | null;
  metric: string;
  direction: Direction;
  kind: MetricKind;
  gating: boolean;
  current: number | null;
  baseline: number | null;
  delta: number | null;
  /** delta as a percentage of |baseline|; null when the baseline is 0 or missing. */
  delta_pct: number | null;
  threshold: Threshold;
  /** The test that decided: mcnemar, paired-bootstrap, welch-t, history-t_test, ..., threshold, static, none. */
  method: string;
  p_value: number | null;
  /** The p-value after Benjamini-Hochberg across the findings of one check. */
  q_value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** The sample size of the deciding test: paired examples, runs of history, or runs compared. */
  n: number;
  /** Every sample size: runs at this commit, at the baseline's commit, of history, and paired examples. */
  samples: { current: number; baseline: number; history: number; examples: number | null };
  baseline_source: BaselineSource;
  baseline_transaction_id: TransactionId | null;
  verdict: Verdict;
  acknowledged: boolean;
  /** Why, in words and numbers. */
  reason: string;
}

/** The verdict of a whole check: the worst unacknowledged verdict of a gating metric. */
export function overallVerdict(findings: readonly Finding[]): Verdict {
  return findings
    .filter((f) => (f.gating || f.verdict === "sla") && !f.acknowledged)
    .reduce<Verdict>((worst, f) => (SEVERITY[f.verdict] > SEVERITY[worst] ? f.verdict : worst), "ok");
}

/** Whether a check with these findings fails at the `--fail-on` level. */
export function isFailing(findings: readonly Finding[], failOn: FailOn): boolean {
  return SEVERITY[overallVerdict(findings)] >= SEVERITY[failOn];
}
