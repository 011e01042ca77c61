import { metricWords } from "../metric-policy.js";
import { pairedBootstrap, mcnemarExact } from "../stats/tests.js";
import type { ExampleResult } from "../types.js";

/** A per-example comparison of two runs on the examples they share. */
export interface PairedOutcome {
  method: "mcnemar" | "paired-bootstrap";
  /** Candidate minus baseline, recomputed on the shared examples. */
  delta: number;
  p_value: number;
  ci_low: number;
  ci_high: number;
  examples: number;
  /** McNemar: examples the baseline got right and the candidate wrong (b), and the reverse (c). */
  flips?: { b: number; c: number; regressed_ids: string[] };
}

const ACCURACY_WORDS = new Set(["accuracy", "acc", "exact", "em", "correct", "correctness", "pass"]);
const CLASSIFICATION_WORDS = new Set(["f1", "precision", "recall"]);
const QUANTILE_WORD = /^(p\d+(\.\d+)?|median|max|min|q\d+|percentile\d*)$/;
const Z_975 = 1.959963984540054;

/**
 * Compares two runs example by example, for the metrics the examples can recompute:
 * accuracy-like metrics from `correct` (McNemar's exact test), f1/precision/recall from
 * `label` and `prediction` (paired bootstrap), and mean latency, cost or score (paired
 * bootstrap). Returns null when the metric or the examples do not allow it.
 */
export function comparePairedExamples(
  metric: string,
  baseline: readonly ExampleResult[],
  candidate: readonly ExampleResult[],
  options: { iterations: number; seed: number },
): PairedOutcome | null {
  const pairs = pairById(baseline, candidate);
  if (pairs.length < 2) return null;
  const words = metricWords(metric);
  if (words.some((w) => ACCURACY_WORDS.has(w)) && pairs.every(([a, b]) => a.correct !== undefined && b.correct !== undefined)) {
    return mcnemar(pairs);
  }
  const classification = words.find((w) => CLASSIFICATION_WORDS.has(w)) as "f1" | "precision" | "recall" | undefined;
  const averaging = words.includes("micro") ? "micro" : words.some((w) => w === "weighted" || w === "samples") ? null : "macro";
  if (classification && averaging && pairs.every(([a, b]) => a.label !== undefined && a.prediction !== undefined && b.prediction !== undefined)) {
    return bootstrap(pairs, options, (idx, side) => classificationMetric(classification, averaging, idx, pairs, side));
  }
  // Means only: a percentile (latency_p95) or an extreme is not the mean of the examples.
  if (words.some((w) => QUANTILE_WORD.test(w))) return null;
  const field = words.includes("latency") ? "latency_ms" : words.includes("cost") ? "cost" : words.includes("score") ? "score" : null;
  if (field && pairs.every(([a, b]) => a[field] !== undefined && b[field] !== undefined)) {
    return bootstrap(pairs, options, (idx, side) => meanOf(idx, (i) => pairs[i]![side][field]!));
  }
  return null;
}

type Pair = [ExampleResult, ExampleResult];

function pairById(baseline: readonly ExampleResult[], candidate: readonly ExampleResult[]): Pair[] {
  const byId = new Map(baseline.map((e) => [e.id, e]));
  return candidate.flatMap((c) => {
    const b = byId.get(c.id);
    return b ? [[b, c] as Pair] : [];
  });
}

function mcnemar(pairs: Pair[]): PairedOutcome {
  const regressed = pairs.filter(([a, b]) => a.correct && !b.correct);
  const b = regressed.length;
  const c = pairs.filter(([a, cand]) => !a.correct && cand.correct).length;
  const n = pairs.length;
  const delta = (c - b) / n;
  const se = Math.sqrt(Math.max(0, b + c - ((b - c) ** 2) / n)) / n;
  return {
    method: "mcnemar",
    delta,
    p_value: mcnemarExact(b, c).p_value,
    ci_low: delta - Z_975 * se,
    ci_high: delta + Z_975 * se,
    examples: n,
    flips: { b, c, regressed_ids: regressed.slice(0, 50).map(([a]) => a.id) },
  };
}

function bootstrap(
  pairs: Pair[],
  options: { iterations: number; seed: number },
  metricOn: (indices: ArrayLike<number>, side: 0 | 1) => number,
): PairedOutcome {
  const all = Int32Array.from(pairs.keys());
  const observed = metricOn(all, 1) - metricOn(all, 0);
  const result = pairedBootstrap({
    n: pairs.length,
    statistic: (indices) => metricOn(indices, 1) - metricOn(indices, 0),
    iterations: options.iterations,
    seed: options.seed,
    observed,
  });
  return { method: "paired-bootstrap", delta: observed, p_value: result.p_value, ci_low: result.ci_low, ci_high: result.ci_high, examples: pairs.length };
}

function meanOf(indices: ArrayLike<number>, value: (i: number) => number): number {
  let sum = 0;
  for (let k = 0; k < indices.length; k += 1) sum += value(indices[k]!);
  return indices.length === 0 ? 0 : sum / indices.length;
}

const POSITIVE = new Set(["1", "true", "yes", "positive", "pos"]);

/**
 * f1, precision or recall of one side on the resampled examples: binary when the labels
 * are two values with a recognisable positive one ("1", "true", "yes", "positive");
 * otherwise averaged over the classes (the labels and predictions of both sides, as
 * scikit-learn does): macro by default, micro when the metric's name says so.
 */
function classificationMetric(
  metric: "f1" | "precision" | "recall",
  averaging: "macro" | "micro",
  indices: ArrayLike<number>,
  pairs: Pair[],
  side: 0 | 1,
): number {
  const truths = [...new Set(pairs.map(([a]) => a.label!))];
  const positive = truths.length <= 2 ? truths.find((l) => POSITIVE.has(l.toLowerCase())) : undefined;
  const classes = positive !== undefined ? [positive]
    : [...new Set([...truths, ...pairs.flatMap(([a, b]) => [a.prediction!, b.prediction!])])];
  const counts = classes.map((cls) => confusion(cls, indices, pairs, side));
  if (averaging === "micro" && positive === undefined) {
    const total = counts.reduce((acc, c) => ({ tp: acc.tp + c.tp, fp: acc.fp + c.fp, fn: acc.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
    return scoreOf(metric, total);
  }
  return counts.reduce((sum, c) => sum + scoreOf(metric, c), 0) / counts.length;
}

function confusion(cls: string, indices: ArrayLike<number>, pairs: Pair[], side: 0 | 1): { tp: number; fp: number; fn: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let k = 0; k < indices.length; k += 1) {
    const pair = pairs[indices[k]!]!;
    const truth = pair[0].label === cls;
    const predicted = pair[side].prediction === cls;
    if (truth && predicted) tp += 1;
    else if (predicted) fp += 1;
    else if (truth) fn += 1;
  }
  return { tp, fp, fn };
}

function scoreOf(metric: "f1" | "precision" | "recall", { tp, fp, fn }: { tp: number; fp: number; fn: number }): number {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  if (metric === "precision") return precision;
  if (metric === "recall") return recall;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}
