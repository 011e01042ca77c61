import type { CheckSettings } from "../project-config.js";
import type { MetricPolicy, Threshold } from "../metric-policy.js";
import { mean, stddev, summarize } from "../stats/descriptive.js";
import { computeLimits } from "../stats/limits.js";
import { normalCdf, studentTCdf, studentTQuantile } from "../stats/distributions.js";
import { welchTTest } from "../stats/tests.js";
import { detectChangePoints } from "../changepoints/detect-change-points.js";
import type { PairedOutcome } from "./paired-examples.js";

/** What is known about one metric of one run. */
export interface MetricEvidence {
  policy: MetricPolicy;
  /** The metric in every run of the config at this commit (samples of one distribution). */
  current: number[];
  /** The metric in every run of the config at the baseline's commit. */
  baseline: number[];
  /** The metric in the config's recent runs before this commit, oldest first. */
  history: number[];
  paired: PairedOutcome | null;
  /**
   * A marked (or golden) baseline is the reference itself; with only the previous run to
   * go by, the level of the recent history is the reference and the previous run one of it.
   */
  baselineIsMarked: boolean;
  /** Standard errors a harness reported with the metric (lm-eval's acc_stderr), each side. */
  stderr?: { current: number | null; baseline: number | null };
}

/** The test chosen for a metric, before the multiple-testing correction. */
export interface TestOutcome {
  method: string;
  p_value: number | null;
  /** For tests without a p-value (percentage, iqr limits): outside the limits or not. */
  outside_limits: boolean | null;
  ci_low: number | null;
  ci_high: number | null;
  examples: number | null;
  /** The value the change is measured from, when the test sets it (the history's level). */
  reference?: number;
}

const Z_975 = 1.959963984540054;

/**
 * Picks the strongest test the data allow, in this order: per-example (paired), both sides
 * with several runs (Welch's t), the config's history (the configured model), and none
 * (the threshold alone decides). p-values are one-sided in the observed direction, except
 * Welch's and the paired tests, which are two-sided.
 */
export function testMetric(evidence: MetricEvidence, settings: CheckSettings): TestOutcome {
  const { paired, current, baseline, history } = evidence;
  if (paired) {
    return { method: paired.method, p_value: paired.p_value, outside_limits: null, ci_low: paired.ci_low, ci_high: paired.ci_high, examples: paired.examples };
  }
  if (current.length >= 2 && baseline.length >= 2) return welch(current, baseline);
  const se = evidence.stderr;
  if (se && se.current !== null && se.baseline !== null && current.length > 0 && baseline.length > 0) {
    return stderrTest(mean(current) - mean(baseline), Math.hypot(se.current, se.baseline));
  }
  const segment = currentSegment(history, settings.min_samples);
  if (segment.length >= settings.min_samples) {
    return historyTest(current, segment, evidence.baselineIsMarked ? baseline : null, settings);
  }
  return { method: "threshold", p_value: null, outside_limits: null, ci_low: null, ci_high: null, examples: null };
}

/**
 * Two runs, each with the standard error its harness measured (the sampling error of the
 * evaluation set): a two-sided z-test of the difference. lm-eval reports these for every
 * metric, so one run per commit is enough to tell a real drop from the noise of the set.
 */
function stderrTest(delta: number, se: number): TestOutcome {
  const p = se === 0 ? (delta === 0 ? 1 : 0) : 2 * normalCdf(-Math.abs(delta) / se);
  return { method: "stderr-z", p_value: Math.min(1, p), outside_limits: null, ci_low: delta - Z_975 * se, ci_high: delta + Z_975 * se, examples: null };
}

function welch(current: number[], baseline: number[]): TestOutcome {
  const a = summarize(current);
  const b = summarize(baseline);
  const result = welchTTest(a, b);
  const se = Math.sqrt(a.stddev ** 2 / a.n + b.stddev ** 2 / b.n);
  const delta = a.mean - b.mean;
  const margin = Number.isFinite(result.df) && se > 0 ? studentTQuantile(0.975, result.df) * se : 0;
  return { method: "welch-t", p_value: result.p_value, outside_limits: null, ci_low: delta - margin, ci_high: delta + margin, examples: null };
}

/**
 * The history the new value is judged against: the runs since the last change of level (a
 * window that straddles an old shift would count the shift as noise). When the newest
 * level is too young to judge by, the level before it: a fresh step stays measured against
 * what came before until it is established. The whole window when neither is long enough.
 */
function currentSegment(history: number[], minSamples: number): number[] {
  if (history.length < minSamples * 2) return history;
  const changes = detectChangePoints(history);
  const last = changes.at(-1);
  if (!last) return history;
  if (history.length - last.index >= minSamples) return history.slice(last.index);
  const start = changes.at(-2)?.index ?? 0;
  return last.index - start >= minSamples ? history.slice(start, last.index) : history;
}

/**
 * The new value against the config's history: the history's spread is the noise. The
 * reference is the marked baseline when there is one, else the history's own level.
 */
function historyTest(current: number[], history: number[], marked: number[] | null, settings: CheckSettings): TestOutcome {
  const x = mean(current);
  const m = current.length;
  const s = stddev(history);
  const n = history.length;
  const method = `history-${settings.model}`;
  if (settings.model === "t_test" || settings.model === "z_score") {
    const reference = marked && marked.length > 0 ? mean(marked) : mean(history);
    const k = marked && marked.length > 0 ? marked.length : n;
    const se = settings.model === "t_test" ? s * Math.sqrt(1 / m + 1 / k) : s;
    const delta = x - reference;
    const p = se === 0 ? (delta === 0 ? 1 : 0) : settings.model === "t_test"
      ? studentTCdf(-Math.abs(delta) / se, n - 1)
      : normalCdf(-Math.abs(delta) / se);
    const margin = (settings.model === "t_test" ? studentTQuantile(0.975, n - 1) : Z_975) * se;
    return { method, p_value: p, outside_limits: null, ci_low: delta - margin, ci_high: delta + margin, examples: null, reference };
  }
  const limits = computeLimits(settings.model, history, { boundary: settings.model === "iqr" ? 1.5 : 1 - settings.confidence });
  if ("status" in limits) return { method: "threshold", p_value: null, outside_limits: null, ci_low: null, ci_high: null, examples: null };
  const reference = marked && marked.length > 0 ? mean(marked) : limits.center;
  return {
    method,
    p_value: null,
    outside_limits: x < limits.lower || x > limits.upper,
    ci_low: limits.lower - limits.center,
    ci_high: limits.upper - limits.center,
    examples: null,
    reference,
  };
}

/**
 * Whether a change is big enough to matter: at least every threshold given (absolute in
 * the metric's units, relative to |baseline|). With no threshold, any change counts.
 */
export function exceedsThreshold(delta: number, baseline: number, threshold: Threshold): boolean {
  const size = Math.abs(delta);
  const tolerance = 1e-12;
  if (size === 0) return false;
  const absoluteOk = threshold.absolute === undefined || size >= threshold.absolute - tolerance;
  // From a zero baseline any change is infinitely large in relative terms.
  const relativeOk = threshold.relative === undefined || baseline === 0 || size / Math.abs(baseline) >= threshold.relative - tolerance;
  return absoluteOk && relativeOk;
}
