import { sortedCopy } from "./descriptive.js";
import { kolmogorovSmirnovPValue } from "./kolmogorov.js";

export interface KsResult {
  /** sup |F_a(x) − F_b(x)| over x, the largest gap between the empirical cdfs, in [0, 1]. */
  d: number;
  /** From {@link kolmogorovSmirnovPValue}: asymptotic, with the effective-n correction. */
  p_value: number;
}

/**
 * The two-sample Kolmogorov–Smirnov test (statistic as scipy `ks_2samp`), for a change in
 * the shape of a distribution (a latency tail) that a test of means would miss. Ties,
 * within and across the samples, are handled exactly: the cdfs step past all copies of a
 * value at once. NaN for an empty sample or a NaN value.
 */
export function ksTwoSample(a: readonly number[], b: readonly number[]): KsResult {
  if (a.length === 0 || b.length === 0 || a.some(Number.isNaN) || b.some(Number.isNaN)) {
    return { d: NaN, p_value: NaN };
  }
  const d = largestCdfGap(sortedCopy(a), sortedCopy(b));
  return { d, p_value: kolmogorovSmirnovPValue(d, a.length, b.length) };
}

function largestCdfGap(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  let j = 0;
  let gap = 0;
  // Once one sample is used up its cdf is 1 and the gap only shrinks, so stop there.
  while (i < a.length && j < b.length) {
    const value = Math.min(a[i]!, b[j]!);
    while (i < a.length && a[i] === value) i += 1;
    while (j < b.length && b[j] === value) j += 1;
    gap = Math.max(gap, Math.abs(i / a.length - j / b.length));
  }
  return gap;
}
