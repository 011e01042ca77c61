/**
 * Descriptive statistics of a sample. Every function takes a read-only array and never
 * reorders it. Empty input gives NaN rather than a throw: "no data" is an expected outcome.
 * A NaN anywhere in the input gives NaN, as numpy does.
 */

/** The arithmetic mean; NaN for an empty sample. Summed with Neumaier compensation. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  return compensatedSum(xs) / xs.length;
}

/**
 * The sample variance with n − 1 in the denominator (numpy `var(ddof=1)`); NaN for fewer
 * than two values. Two passes around the mean, with the rounding error of the first pass
 * subtracted (the "corrected two-pass" algorithm), so large offsets do not cost precision.
 */
export function variance(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const center = mean(xs);
  let squares = 0;
  let residual = 0;
  for (const x of xs) {
    const deviation = x - center;
    squares += deviation * deviation;
    residual += deviation;
  }
  return Math.max(0, (squares - (residual * residual) / n) / (n - 1));
}

/** The sample standard deviation, √variance (n − 1); NaN for fewer than two values. */
export function stddev(xs: readonly number[]): number {
  return Math.sqrt(variance(xs));
}

/** The median: the 0.5 quantile, so the mean of the two middle values for even n; NaN if empty. */
export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/**
 * The q-quantile by linear interpolation between order statistics (Hyndman–Fan type 7,
 * numpy's default `method="linear"`): position (n − 1)·q in the sorted sample.
 * NaN for an empty sample; a single value is every quantile of itself.
 *
 * @throws RangeError when q is not in [0, 1].
 * @example quantile([1, 2, 3, 4], 0.25) // 1.75
 */
export function quantile(xs: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}.`);
  if (xs.length === 0 || xs.some(Number.isNaN)) return NaN;
  return quantileSorted(sortedCopy(xs), q);
}

/**
 * {@link quantile} of an already ascending, NaN-free, non-empty array: no copy, no sort.
 * For callers that need several quantiles of one sample.
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  if (below >= sorted.length - 1) return sorted[sorted.length - 1]!;
  const a = sorted[below]!;
  const b = sorted[below + 1]!;
  const t = position - below;
  // numpy's lerp: interpolate from the nearer end, so q = 1 gives exactly the maximum.
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/**
 * The raw median absolute deviation, median(|x − median(x)|), unscaled (multiply by
 * 1.4826 for a normal-consistent estimate of σ). NaN if empty; 0 for a constant sample.
 */
export function mad(xs: readonly number[]): number {
  const center = median(xs);
  return median(xs.map((x) => Math.abs(x - center)));
}

/** The interquartile range Q3 − Q1, with {@link quantile}'s interpolation; NaN if empty. */
export function iqr(xs: readonly number[]): number {
  if (xs.length === 0 || xs.some(Number.isNaN)) return NaN;
  const sorted = sortedCopy(xs);
  return quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
}

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); NaN for n < 2. */
  stddev: number;
  median: number;
  min: number;
  max: number;
}

/** Count, mean, standard deviation (n − 1), median, min and max. All NaN but n when empty. */
export function summarize(xs: readonly number[]): Summary {
  let min = xs.length === 0 ? NaN : Infinity;
  let max = xs.length === 0 ? NaN : -Infinity;
  for (const x of xs) {
    // A loop, not Math.min(...xs): spreading a long array overflows the call stack.
    if (x < min || Number.isNaN(x)) min = x;
    if (x > max || Number.isNaN(x)) max = x;
  }
  return { n: xs.length, mean: mean(xs), stddev: stddev(xs), median: median(xs), min, max };
}

/** An ascending copy; the default sort would compare numbers as strings. */
export function sortedCopy(xs: readonly number[]): number[] {
  return Array.from(Float64Array.from(xs).sort());
}

function compensatedSum(xs: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const x of xs) {
    const next = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - next + x : x - next + sum;
    sum = next;
  }
  return sum + compensation;
}
