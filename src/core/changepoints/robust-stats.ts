/**
 * Small statistics helpers private to change point detection: median, a robust scale and
 * the standard normal density and tail. Kept here on purpose (no dependency on a shared
 * stats module yet); they will be deduplicated later.
 */

/** Scales a median absolute deviation to a standard deviation under normality. */
export const MAD_TO_SD = 1.4826;

/** The median of a copy of `values`; NaN when empty. */
export function median(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** 1.4826 × the median absolute deviation from the median: a robust standard deviation. */
export function robustScale(values: readonly number[]): number {
  const center = median(values);
  return MAD_TO_SD * median(values.map((value) => Math.abs(value - center)));
}

/** The q-quantile (0 ≤ q ≤ 1) of a copy of `values`, linearly interpolated; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const position = q * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

/** The standard normal density φ(z). */
export function normalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/**
 * The upper tail Q(z) = P(Z > z) of the standard normal, through the complementary error
 * function (Chebyshev fit, relative error below 1.2e-7 everywhere, so deep tails stay
 * accurate).
 */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** The normal distribution function Φ(z). */
export function normalCdf(z: number): number {
  return 1 - normalUpperTail(z);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z - 1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(poly);
  return x >= 0 ? value : 2 - value;
}
