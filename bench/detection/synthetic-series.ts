import { type Uniform, normal, studentT } from "./random.js";

/**
 * Labelled synthetic series in the shape of DETECTION.md §1: level 100, σ = 2, 200 runs;
 * step series rise by δ·σ at run 60 and fall back at run 140 (a regression and its revert),
 * null series never change.
 *
 * Main noise kinds, each with standard deviation σ, so that "δσ" is the same signal-to-noise
 * ratio everywhere:
 * - gaussian: σ·N(0,1);
 * - t3-unit: σ·T₃/√3, Student t with 3 degrees of freedom scaled to unit variance;
 * - ar1-marginal: AR(1) with φ = 0.5, marginal sd σ (innovations σ·√(1−φ²)), started from
 *   its stationary distribution;
 * - spikes: gaussian plus, on 2% of runs, an upward spike of 6σ.
 * Alternative conventions, reported for sensitivity because DETECTION.md does not say which
 * one Otava's run used: t3 = σ·T₃ (scale σ, sd √3·σ) and ar1 = AR(1) with innovations σ·N(0,1)
 * (marginal sd ≈ 1.15σ, long-run sd 2σ).
 */
export type NoiseKind = "gaussian" | "t3-unit" | "ar1-marginal" | "spikes" | "t3" | "ar1";

export const MAIN_NOISE_KINDS: readonly NoiseKind[] = ["gaussian", "t3-unit", "ar1-marginal", "spikes"];
/** Other conventions of the same noise kinds, reported for sensitivity. */
export const ALTERNATIVE_NOISE_KINDS: readonly NoiseKind[] = ["t3", "ar1"];
export const SERIES_LENGTH = 200;
export const STEP_INDEXES: readonly number[] = [60, 140];
export const LEVEL = 100;
export const SIGMA = 2;

export interface LabelledSeries {
  values: number[];
  /** True change indexes (first run of each new regime). */
  changes: number[];
}

/** n draws of the given noise kind, in the units of σ = SIGMA. */
export function noiseSeries(kind: NoiseKind, n: number, uniform: Uniform): number[] {
  switch (kind) {
    case "gaussian":
      return Array.from({ length: n }, () => SIGMA * normal(uniform));
    case "t3":
      return Array.from({ length: n }, () => SIGMA * studentT(uniform, 3));
    case "t3-unit":
      return Array.from({ length: n }, () => (SIGMA * studentT(uniform, 3)) / Math.sqrt(3));
    case "spikes":
      return Array.from({ length: n }, () => SIGMA * normal(uniform) + (uniform() < 0.02 ? 6 * SIGMA : 0));
    case "ar1":
      return autoregressive(n, 0.5, SIGMA, uniform);
    case "ar1-marginal":
      return autoregressive(n, 0.5, SIGMA * Math.sqrt(1 - 0.25), uniform);
  }
}

/** A step series: +effect·σ at run 60, back to the base level at run 140. */
export function stepSeries(kind: NoiseKind, effectSigmas: number, uniform: Uniform): LabelledSeries {
  const noise = noiseSeries(kind, SERIES_LENGTH, uniform);
  const [up, down] = STEP_INDEXES as [number, number];
  const values = noise.map((e, i) => LEVEL + e + (i >= up && i < down ? effectSigmas * SIGMA : 0));
  return { values, changes: [...STEP_INDEXES] };
}

/** A series without change. */
export function nullSeries(kind: NoiseKind, uniform: Uniform): LabelledSeries {
  return { values: noiseSeries(kind, SERIES_LENGTH, uniform).map((e) => LEVEL + e), changes: [] };
}

function autoregressive(n: number, phi: number, innovationSd: number, uniform: Uniform): number[] {
  const values: number[] = [];
  let state = (innovationSd / Math.sqrt(1 - phi * phi)) * normal(uniform);
  for (let i = 0; i < n; i++) {
    values.push(state);
    state = phi * state + innovationSd * normal(uniform);
  }
  return values;
}
