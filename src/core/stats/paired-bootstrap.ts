import { seededRandom } from "../random.js";
import { quantileSorted, sortedCopy } from "./descriptive.js";

export interface PairedBootstrapOptions {
  /** The number of paired examples; resamples draw n indices from [0, n). */
  n: number;
  /**
   * candidate − baseline of the metric on the examples at `indices` (repeats included).
   * The caller closes over both systems' per-example arrays, so every resample scores both
   * systems on the same examples. Return NaN when the metric is undefined on a resample.
   */
  statistic: (indices: Int32Array) => number;
  /** Resamples; default 2000. */
  iterations?: number;
  /** Seed of {@link seededRandom}; default 1. Same seed, same result. */
  seed?: number;
  /** The statistic on the full sample, if already known; otherwise computed. */
  observed?: number;
}

export interface PairedBootstrapResult {
  /** candidate − baseline on the full sample. */
  delta: number;
  /** The 2.5th percentile of the resampled deltas. */
  ci_low: number;
  /** The 97.5th percentile of the resampled deltas. */
  ci_high: number;
  /** Two-sided: min(1, 2·min(#{δ* ≤ 0} + 1, #{δ* ≥ 0} + 1)/(B + 1)). */
  p_value: number;
  /** B: the resamples that gave a number (NaN deltas are dropped and not counted). */
  iterations: number;
}

/**
 * The paired bootstrap (Koehn 2004) for a difference in any metric, decomposable or not
 * (F1, precision, a median): resample example indices with replacement, score both systems
 * on each resample, and read a 95% percentile interval and a two-sided p-value off the
 * resampled deltas δ*. The p-value counts resamples on each side of 0, with the +1 that
 * keeps it above 0 for a finite B. Deterministic for a seed.
 *
 * Identical systems (every δ* = 0) give [0, 0] and p = 1. n = 0 gives NaN for every
 * number (there is nothing to resample) without calling `statistic`.
 *
 * @throws RangeError when n or iterations is not a non-negative / positive integer.
 * @example
 * pairedBootstrap({ n: gold.length, statistic: (idx) => f1(cand, gold, idx) - f1(base, gold, idx) })
 */
export function pairedBootstrap(options: PairedBootstrapOptions): PairedBootstrapResult {
  const { n, statistic, iterations = 2000, seed = 1 } = options;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`pairedBootstrap: n must be a non-negative integer, got ${n}.`);
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new RangeError(`pairedBootstrap: iterations must be a positive integer, got ${iterations}.`);
  }
  if (n === 0) return { delta: NaN, ci_low: NaN, ci_high: NaN, p_value: NaN, iterations: 0 };
  const delta = options.observed ?? statistic(Int32Array.from({ length: n }, (_, i) => i));
  const deltas = resampleDeltas(n, statistic, iterations, seed).filter((value) => !Number.isNaN(value));
  if (deltas.length === 0) return { delta, ci_low: NaN, ci_high: NaN, p_value: NaN, iterations: 0 };
  const sorted = sortedCopy(deltas);
  const atMostZero = deltas.filter((value) => value <= 0).length;
  const atLeastZero = deltas.filter((value) => value >= 0).length;
  const oneSided = (Math.min(atMostZero, atLeastZero) + 1) / (deltas.length + 1);
  return {
    delta,
    ci_low: quantileSorted(sorted, 0.025),
    ci_high: quantileSorted(sorted, 0.975),
    p_value: Math.min(1, 2 * oneSided),
    iterations: deltas.length,
  };
}

function resampleDeltas(n: number, statistic: (indices: Int32Array) => number, iterations: number, seed: number): number[] {
  const random = seededRandom(seed);
  const deltas: number[] = [];
  for (let b = 0; b < iterations; b += 1) {
    // A fresh array per resample: the statistic may keep it.
    const indices = new Int32Array(n);
    for (let i = 0; i < n; i += 1) indices[i] = Math.floor(random() * n);
    deltas.push(statistic(indices));
  }
  return deltas;
}
