import { normalQuantile } from "./normal.js";

export interface Interval {
  low: number;
  high: number;
}

/**
 * The Wilson score interval for a binomial proportion (statsmodels `proportion_confint(...,
 * method="wilson")`): the p whose score test |p̂ − p| / √(p(1 − p)/n) ≤ z, z = Φ⁻¹(1 − α/2).
 * Unlike p̂ ± z·SE it stays inside [0, 1] and is not empty at 0 or n successes
 * (low is exactly 0 at 0 successes, high exactly 1 at n). n = 0 gives [0, 1]: no data,
 * every proportion is possible.
 *
 * @throws RangeError when n is negative, successes is outside [0, n], or confidence is
 * not in (0, 1).
 * @example wilsonInterval(85, 100) // { low: 0.7672..., high: 0.9069... }
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  if (!(n >= 0) || !(successes >= 0 && successes <= n)) {
    throw new RangeError(`wilsonInterval: need 0 ≤ successes ≤ n, got ${successes} of ${n}.`);
  }
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`wilsonInterval: confidence must be in (0, 1), got ${confidence}.`);
  if (n === 0) return { low: 0, high: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const zSquared = z * z;
  const share = successes / n;
  const center = (share + zSquared / (2 * n)) / (1 + zSquared / n);
  const halfWidth = (z / (1 + zSquared / n)) * Math.sqrt((share * (1 - share)) / n + zSquared / (4 * n * n));
  return {
    low: successes === 0 ? 0 : Math.max(0, center - halfWidth),
    high: successes === n ? 1 : Math.min(1, center + halfWidth),
  };
}
