import { MAD_TO_SD, median, quantile, robustScale } from "./robust-stats.js";

/**
 * The noise of a series, as the detector models it: a stationary AR(1) process around
 * piecewise-constant levels. `sigma` is the marginal standard deviation; `sigmaLongRun`
 * the long-run one, σ·√((1+φ)/(1−φ)), which is what governs the spread of a segment mean
 * (for n values, ≈ sigmaLongRun/√n), so every test and penalty uses it.
 */
export interface NoiseModel {
  sigma: number;
  sigmaLongRun: number;
  /** The lag-1 autocorrelation used, clipped to [PHI_MIN, PHI_MAX]. */
  phi: number;
}

/** Bounds of the autocorrelation estimate: no anti-persistence credit, no unit root. */
export const PHI_MIN = 0;
export const PHI_MAX = 0.9;
/** The largest bias correction added to the residual autocorrelation. */
export const MAX_BIAS_CORRECTION = 0.05;

/**
 * A robust standard deviation of the noise from the lag-1 differences:
 * 1.4826·MAD(diff)/√2, which ignores level shifts (a step moves one difference) and
 * isolated outliers. In short histories the MAD can collapse when a few differences happen
 * to be nearly equal; the scale is then taken from the upper quartile of the absolute
 * deviations instead (see upperQuartileScale). When more than half of the differences are equal (quantised or
 * noise-free data) the MAD is 0 and the root mean square of the differences around their
 * median is used instead; 0 means the series is an exact arithmetic progression.
 */
export function differenceScale(values: readonly number[]): number {
  const diffs = lagDifferences(values, 1);
  if (diffs.length === 0) return 0;
  const scale = robustScale(diffs);
  if (scale > 0) return Math.max(scale, upperQuartileScale(diffs)) / Math.SQRT2;
  const center = median(diffs);
  const meanSquare = diffs.reduce((acc, d) => acc + (d - center) ** 2, 0) / diffs.length;
  return Math.sqrt(meanSquare / 2);
}

/**
 * The noise model from lag-1 and lag-2 differences, which need no segmentation:
 * v_k = E[(y_{t+k} − y_t)²]/2 = γ₀(1 − φ^k) for AR(1), so φ = v₂/v₁ − 1 and γ₀ = v₁/(1 − φ).
 * Differences far from their median (those that straddle a step) are left out.
 */
export function noiseFromDifferences(values: readonly number[]): NoiseModel {
  const v1 = halfMeanSquare(lagDifferences(values, 1));
  const v2 = halfMeanSquare(lagDifferences(values, 2));
  const phi = clampPhi(v1 > 0 ? v2 / v1 - 1 : 0);
  return modelFrom(v1 / (1 - phi), phi);
}

/** The noise model from lag-1 differences for independent noise: σ² = v₁ (see noiseFromDifferences). */
export function independentNoiseFromDifferences(values: readonly number[]): NoiseModel {
  return modelFrom(halfMeanSquare(lagDifferences(values, 1)), 0);
}

/**
 * The noise model from the residuals around a segmentation (the means of the segments
 * between `changeIndexes`): γ₀ is the residual variance and φ the pooled lag-1
 * autocorrelation within segments, corrected for the bias that estimating each segment's
 * mean causes (≈ −(1+4φ)/length per segment).
 */
export function noiseFromResiduals(values: readonly number[], changeIndexes: readonly number[]): NoiseModel {
  const bounds = [0, ...changeIndexes, values.length];
  let squares = 0;
  let products = 0;
  for (let s = 0; s + 1 < bounds.length; s++) {
    const segment = values.slice(bounds[s], bounds[s + 1]);
    const center = segment.reduce((acc, v) => acc + v, 0) / segment.length;
    for (let i = 0; i < segment.length; i++) {
      const r = segment[i]! - center;
      squares += r * r;
      if (i + 1 < segment.length) products += r * (segment[i + 1]! - center);
    }
  }
  const segments = bounds.length - 1;
  const rho = squares > 0 ? products / squares : 0;
  const biasCorrection = Math.min(MAX_BIAS_CORRECTION, ((1 + 4 * Math.max(rho, 0)) * segments) / values.length);
  const phi = clampPhi(rho + biasCorrection);
  return modelFrom(squares / Math.max(1, values.length - segments), phi);
}

/**
 * 0.7 × the upper quartile of |d − median(d)|, normalised to an SD (÷ 1.1503, the
 * 0.75-quantile of |Z|). It tolerates 25% of outlying differences; the factor 0.7 keeps it
 * below the MAD scale for Gaussian and heavy-tailed noise, so it only acts when the MAD
 * has collapsed.
 */
function upperQuartileScale(diffs: readonly number[]): number {
  const center = median(diffs);
  return (0.7 * quantile(diffs.map((d) => Math.abs(d - center)), 0.75)) / 1.1503;
}

function modelFrom(variance: number, phi: number): NoiseModel {
  const sigma = Math.sqrt(Math.max(variance, 0));
  return { sigma, sigmaLongRun: sigma * Math.sqrt((1 + phi) / (1 - phi)), phi };
}

function clampPhi(phi: number): number {
  return Number.isFinite(phi) ? Math.min(PHI_MAX, Math.max(PHI_MIN, phi)) : PHI_MIN;
}

function lagDifferences(values: readonly number[], lag: number): number[] {
  const diffs: number[] = [];
  for (let i = lag; i < values.length; i++) diffs.push(values[i]! - values[i - lag]!);
  return diffs;
}

/**
 * Differences further than this many robust SDs from their median are left out. The same
 * trimming at every lag leaves v₂/v₁ consistent for Gaussian noise (the truncation factor
 * cancels) while removing the differences that straddle a step.
 */
const TRIM_SDS = 2.5;

function halfMeanSquare(diffs: readonly number[]): number {
  if (diffs.length === 0) return 0;
  const center = median(diffs);
  const spread = MAD_TO_SD * median(diffs.map((d) => Math.abs(d - center)));
  const kept = spread > 0 ? diffs.filter((d) => Math.abs(d - center) <= TRIM_SDS * spread) : diffs;
  return kept.reduce((acc, d) => acc + d * d, 0) / (2 * kept.length);
}
