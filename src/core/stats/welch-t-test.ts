import { studentTCdf } from "./student-t.js";

/** A sample summarized: size, mean and sample standard deviation (n − 1). */
export interface SampleSummary {
  n: number;
  mean: number;
  stddev: number;
}

export interface WelchResult {
  t: number;
  /** Welch–Satterthwaite degrees of freedom, usually not an integer. */
  df: number;
  p_value: number;
}

/**
 * Welch's two-sample t-test from summaries (scipy `ttest_ind_from_stats(...,
 * equal_var=False)`), two-sided; t is positive when a's mean is larger.
 *
 * Zero variance on both sides: t = ±∞ with p 0 when the means differ, t = 0 with p 1 when
 * they are equal; df is then undefined (NaN). Zero variance on one side is an ordinary
 * case (df = n − 1 of the other side). NaN everywhere when either n < 2 or an input is
 * NaN: a standard deviation needs two values.
 */
export function welchTTest(a: SampleSummary, b: SampleSummary): WelchResult {
  if (!(a.n >= 2 && b.n >= 2) || [a.mean, a.stddev, b.mean, b.stddev].some(Number.isNaN)) {
    return { t: NaN, df: NaN, p_value: NaN };
  }
  const varianceA = (a.stddev * a.stddev) / a.n; // squared standard errors
  const varianceB = (b.stddev * b.stddev) / b.n;
  const difference = a.mean - b.mean;
  const standardError = Math.sqrt(varianceA + varianceB);
  if (standardError === 0) {
    if (difference === 0) return { t: 0, df: NaN, p_value: 1 };
    return { t: difference > 0 ? Infinity : -Infinity, df: NaN, p_value: 0 };
  }
  const t = difference / standardError;
  const df = (varianceA + varianceB) ** 2 / (varianceA ** 2 / (a.n - 1) + varianceB ** 2 / (b.n - 1));
  return { t, df, p_value: Math.min(1, 2 * studentTCdf(-Math.abs(t), df)) };
}
