import { quantileSorted, sortedCopy } from "./descriptive.js";

// A bin empty on one side would make ln(actual/expected) infinite.
const PROPORTION_FLOOR = 1e-4;

/**
 * The population stability index of `actual` against `expected`:
 * Σ (aᵢ − eᵢ)·ln(aᵢ/eᵢ) over bins cut at the quantiles (deciles for 10 bins, with
 * {@link quantileSorted}'s interpolation) of `expected`. Bins are closed on the right:
 * bin i holds cut(i−1) < x ≤ cut(i), the first and last are open to ±∞. Proportions are
 * floored at 1e-4 (not renormalized). 0 for identical samples; by custom, below 0.1 is
 * stable, 0.1–0.25 a moderate shift, above 0.25 a large one.
 *
 * Ties in `expected` give repeated cuts and so empty bins; those add 0. NaN when either
 * sample is empty or holds a NaN.
 *
 * @throws RangeError when bins is not a positive integer.
 */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[], bins = 10): number {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`populationStabilityIndex: bins must be a positive integer, got ${bins}.`);
  if (expected.length === 0 || actual.length === 0 || expected.some(Number.isNaN) || actual.some(Number.isNaN)) return NaN;
  const sorted = sortedCopy(expected);
  const cuts = Array.from({ length: bins - 1 }, (_, i) => quantileSorted(sorted, (i + 1) / bins));
  const expectedShares = binShares(expected, cuts);
  const actualShares = binShares(actual, cuts);
  let index = 0;
  for (let bin = 0; bin < bins; bin += 1) {
    const e = Math.max(expectedShares[bin]!, PROPORTION_FLOOR);
    const a = Math.max(actualShares[bin]!, PROPORTION_FLOOR);
    index += (a - e) * Math.log(a / e);
  }
  return index;
}

/** The share of xs in each bin; a value's bin is the number of cuts strictly below it. */
function binShares(xs: readonly number[], cuts: readonly number[]): number[] {
  const counts = new Array<number>(cuts.length + 1).fill(0);
  for (const x of xs) {
    let low = 0;
    let high = cuts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cuts[middle]! < x) low = middle + 1;
      else high = middle;
    }
    counts[low]! += 1;
  }
  return counts.map((count) => count / xs.length);
}
