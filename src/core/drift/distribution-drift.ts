import { mean, stddev } from "../stats/descriptive.js";
import { normalCdf, normalQuantile } from "../stats/distributions.js";
import { ksTwoSample, populationStabilityIndex } from "../stats/tests.js";

/** The usual reading of a population stability index: < 0.1 stable, < 0.25 moderate, else significant. */
export type DriftLevel = "stable" | "moderate" | "significant";

export interface DistributionDrift {
  /** Where the values came from: "examples.score", "examples.latency_ms", or a metric path. */
  source: string;
  psi: number;
  /** Kolmogorov-Smirnov on the raw values; null when only summary statistics exist. */
  ks_d: number | null;
  ks_p_value: number | null;
  /** (current mean - baseline mean) / baseline standard deviation. */
  mean_shift_sd: number | null;
  n_baseline: number | null;
  n_current: number | null;
  level: DriftLevel;
}

export const PSI_MODERATE = 0.1;
export const PSI_SIGNIFICANT = 0.25;
const BINS = 10;
const KS_ALPHA = 0.05;

export function driftLevel(psi: number): DriftLevel {
  return psi >= PSI_SIGNIFICANT ? "significant" : psi >= PSI_MODERATE ? "moderate" : "stable";
}

/**
 * Drift between two sets of raw values (per-example scores, confidences or latencies):
 * PSI over the baseline's deciles and the two-sample Kolmogorov-Smirnov test. Null with
 * fewer than 10 values on either side.
 */
export function compareSamples(source: string, baseline: readonly number[], current: readonly number[]): DistributionDrift | null {
  if (baseline.length < BINS || current.length < BINS) return null;
  const psi = populationStabilityIndex(baseline, current, BINS);
  const ks = ksTwoSample(baseline, current);
  const sd = stddev(baseline);
  return {
    source,
    psi,
    ks_d: ks.d,
    ks_p_value: ks.p_value,
    mean_shift_sd: sd > 0 ? (mean(current) - mean(baseline)) / sd : null,
    n_baseline: baseline.length,
    n_current: current.length,
    // PSI of small samples is biased upwards (about 0.09 for 200 against 200 of one
    // distribution): drift also needs the KS test to reject sameness.
    level: ks.p_value < KS_ALPHA ? driftLevel(psi) : "stable",
  };
}

export interface NormalSummary {
  mean: number;
  std: number;
}

/**
 * Drift between two distributions known only by summary statistics (a metric such as
 * {"mean": .., "std": ..}): PSI between the normal distributions they describe, over the
 * baseline's deciles, computed exactly rather than from samples.
 */
export function compareSummaries(source: string, baseline: NormalSummary, current: NormalSummary): DistributionDrift | null {
  if (!(baseline.std > 0) || !(current.std > 0)) return null;
  const edges = Array.from({ length: BINS - 1 }, (_, i) => baseline.mean + baseline.std * normalQuantile((i + 1) / BINS));
  const cdf = (x: number) => normalCdf((x - current.mean) / current.std);
  let psi = 0;
  for (let bin = 0; bin < BINS; bin += 1) {
    const expected = 1 / BINS;
    const upper = bin < BINS - 1 ? cdf(edges[bin]!) : 1;
    const lower = bin > 0 ? cdf(edges[bin - 1]!) : 0;
    const actual = Math.max(upper - lower, 1e-4);
    psi += (actual - expected) * Math.log(actual / expected);
  }
  return {
    source,
    psi,
    ks_d: null,
    ks_p_value: null,
    mean_shift_sd: (current.mean - baseline.mean) / baseline.std,
    n_baseline: null,
    n_current: null,
    level: driftLevel(psi),
  };
}
