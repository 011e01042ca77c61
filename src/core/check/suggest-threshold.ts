import { differenceScale } from "../changepoints/noise-model.js";
import type { MetricPolicy, Threshold } from "../metric-policy.js";
import { median } from "../stats/descriptive.js";

/** How many noise standard deviations a change must exceed to be worth a finding. */
export const NOISE_MULTIPLE = 3;
export const MIN_RUNS_FOR_SUGGESTION = 5;

export interface ThresholdSuggestion {
  runs: number;
  /** Robust noise standard deviation: 1.4826 * MAD of the run-to-run differences / sqrt 2. */
  noise_sd: number;
  level: number;
  suggested: Threshold;
}

/**
 * A threshold from a metric's measured noise: three noise standard deviations, absolute
 * for metrics judged in absolute terms (quality scores), relative to the level otherwise
 * (latency, cost). Two significant digits, rounded up. Null with too few runs.
 */
export function suggestThreshold(policy: MetricPolicy, values: readonly number[]): ThresholdSuggestion | null {
  if (values.length < MIN_RUNS_FOR_SUGGESTION) return null;
  const noise = differenceScale(values);
  const level = median(values);
  const size = NOISE_MULTIPLE * noise;
  const suggested: Threshold = policy.threshold.relative !== undefined && policy.threshold.absolute === undefined && level !== 0
    ? { relative: roundUp(size / Math.abs(level)) }
    : { absolute: roundUp(size) };
  return { runs: values.length, noise_sd: noise, level, suggested };
}

function roundUp(value: number): number {
  if (value <= 0) return 0;
  const magnitude = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Number((Math.ceil(value / magnitude) * magnitude).toPrecision(2));
}
