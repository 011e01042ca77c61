import type { NoiseModel } from "./noise-model.js";
import { robustScale } from "./robust-stats.js";

/**
 * How a history's noise is modelled:
 * - "quantised": most differences are exactly equal (integer counters, noise-free steps),
 *   so the MAD of the differences is 0; the scale is their RMS and nothing else is estimated;
 * - "short": fewer runs than `minLengthForAutocorrelation`, too few to estimate φ;
 * - "estimated": AR(1) noise with φ estimated from the data.
 */
export type NoiseKind = "quantised" | "short" | "estimated";

/** The autocorrelation assumed, as a safety margin, in histories too short to estimate it. */
export const SHORT_HISTORY_PHI = 0.5;

/** What the tests need: σ, σ_LR and the effective degrees of freedom of σ_LR. */
export interface NoiseForTests {
  sigma: number;
  sigmaLongRun: number;
  degreesOfFreedom: number;
}

/** Classifies a history (see {@link NoiseKind}). */
export function noiseKindOf(series: readonly number[], minLengthForAutocorrelation: number): NoiseKind {
  if (robustScale(series.slice(1).map((v, i) => v - series[i]!)) === 0) return "quantised";
  return series.length < minLengthForAutocorrelation ? "short" : "estimated";
}

/**
 * σ, σ_LR and the degrees of freedom of σ_LR for a model fitted with `segments` segment
 * means to n values, in units of the difference scale.
 * - estimated: the variance estimate has ν₀ ≈ (n−S)(1−φ)/(1+φ); the uncertainty of φ̂ adds
 *   Var(ln σ_LR²) ≈ 4/((1−φ²)(n−S)), i.e. ν_φ ≈ (n−S)(1−φ²)/2; they combine as 1/ν = 1/ν₀ + 1/ν_φ.
 *   Without the φ term, AR(1) histories of a few dozen runs raise false alerts.
 * - short: σ as for independent noise, with φ = SHORT_HISTORY_PHI assumed; ν = n − S.
 * - quantised: σ = σ_LR = 1 (the difference scale); ν = n − S.
 * σ and σ_LR are floored at half the difference scale: less is an artefact of over-fitting.
 */
export function noiseForTests(estimated: NoiseModel, segments: number, n: number, kind: NoiseKind): NoiseForTests {
  const residualCount = Math.max(1, n - segments);
  if (kind === "quantised") return { sigma: 1, sigmaLongRun: 1, degreesOfFreedom: residualCount };
  const sigma = Math.max(estimated.sigma, 0.5);
  if (kind === "short") {
    const sigmaLongRun = sigma * Math.sqrt((1 + SHORT_HISTORY_PHI) / (1 - SHORT_HISTORY_PHI));
    return { sigma, sigmaLongRun, degreesOfFreedom: residualCount };
  }
  const fromVariance = (residualCount * (1 - estimated.phi)) / (1 + estimated.phi);
  const fromPhi = (residualCount * (1 - estimated.phi ** 2)) / 2;
  return { sigma, sigmaLongRun: Math.max(estimated.sigmaLongRun, 0.5), degreesOfFreedom: 1 / (1 / fromVariance + 1 / fromPhi) };
}
