import { normalCdf, normalDensity, normalUpperTail } from "./robust-stats.js";
import type { SegmentSums } from "./segment-sums.js";
import { studentToNormal } from "./student-t.js";

/**
 * A calibrated p-value for "the mean changes at `split`" within the window [start, end),
 * with the look-elsewhere effect accounted for: the split was chosen by a search, so the
 * statistic is referred to the distribution of its maximum over every split the search
 * could have picked (segments of at least `minSegment`). Two such scans are combined
 * (Bonferroni, ×2), each strong where the other is weak:
 *
 * - the standardised two-sample statistic z_k = (mean_left − mean_right)/(σ_LR·√(1/k + 1/(m−k))),
 *   good for changes near the ends of the window; its maximum is approximated as in James,
 *   James & Siegmund (1987) with the discrete-time correction ν;
 * - the CUSUM K = |S_k|/(σ_LR·√m), good for changes near the middle; its maximum is a
 *   Brownian bridge's (Kolmogorov distribution: 2Σ(−1)^{j−1}e^{−2j²K²}).
 *
 * `sigmaLongRun` must be in the units of the summed values.
 */
export function changePValue(
  sums: SegmentSums,
  window: { start: number; split: number; end: number },
  sigmaLongRun: number,
  minSegment: number,
  degreesOfFreedom = Infinity,
): number {
  const { start, split, end } = window;
  const m = end - start;
  const k = split - start;
  const gap = sums.mean(start, split) - sums.mean(split, end);
  if (!(sigmaLongRun > 0)) return gap === 0 ? 1 : 0;
  const t = Math.abs(gap) / (sigmaLongRun * Math.sqrt(1 / k + 1 / (m - k)));
  const shrink = studentToNormal(t, degreesOfFreedom) / t;
  const z = t * shrink;
  const cusum = ((Math.abs(gap) * k * (m - k)) / m / (sigmaLongRun * Math.sqrt(m))) * shrink;
  const p = 2 * Math.min(scanTail(z, m, minSegment), kolmogorovTail(cusum));
  return Math.min(1, p);
}

/**
 * P(max over splits k ∈ [minSegment, m − minSegment] of |z_k| ≥ z) for m independent
 * normal values without a change: the two-sided probability at the first split plus the
 * expected number of new crossings, z·φ(z)·Σ_k ν(z/√(m·t(1−t)))/(m·t(1−t)) with t = k/m.
 */
export function scanTail(z: number, m: number, minSegment: number): number {
  if (!(z > 1)) return 1;
  let crossings = 0;
  for (let k = minSegment + 1; k <= m - minSegment; k++) {
    const spread = m * (k / m) * (1 - k / m);
    crossings += discreteOvershoot(z / Math.sqrt(spread)) / spread;
  }
  return Math.min(1, 2 * normalUpperTail(z) + z * normalDensity(z) * crossings);
}

/** Siegmund's ν(x): the fraction of continuous crossings that a discrete scan sees. */
function discreteOvershoot(x: number): number {
  if (x < 1e-8) return 1;
  const half = x / 2;
  return ((2 / x) * (normalCdf(half) - 0.5)) / (half * normalCdf(half) + normalDensity(half));
}

/** P(sup |Brownian bridge| ≥ k), the Kolmogorov distribution's upper tail. */
export function kolmogorovTail(k: number): number {
  if (!(k > 0.2)) return 1;
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * k * k);
    sum += j % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}
