import { incompleteBetaWithComplement } from "./incomplete-beta.js";
import { logGamma } from "./log-gamma.js";
import { normalCdf, normalQuantile } from "./normal.js";
import { studentTTailLargeDf } from "./student-t-large-df.js";

// Beyond this |t|, t² would overflow; the tail is then its leading power term.
const HUGE_T = 1e150;
// From here, with t² ≤ df, a large-df expansion replaces the continued fraction.
const LARGE_DF = 100;

/**
 * The cdf of Student's t with df degrees of freedom (scipy `t.cdf`). df may be any
 * positive real, as Welch's test needs; df = ∞ is the normal. NaN for df ≤ 0 or NaN.
 *
 * Via the incomplete beta function: F(−|t|) = ½·I_x(df/2, ½) with x = df/(df + t²), and
 * 1 − x = t²/(df + t²) computed as such, so that x near 1 loses nothing to rounding; for
 * df ≥ 100 and t² ≤ df, a large-df expansion ({@link studentTTailLargeDf}). Relative
 * error about 1e-14 (2e-13 at |t| = 30) for any df, in either tail.
 */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (df === Infinity) return normalCdf(t);
  const tail = tailProbability(Math.abs(t), df);
  return t > 0 ? 1 - tail : tail;
}

/** ½ − F(−|t|) = P[0 < T < |t|]: precise when it is small, unlike ½ − F(−|t|). */
function centralHalf(tSquared: number, df: number): number {
  const total = df + tSquared;
  return 0.5 * incompleteBetaWithComplement(tSquared / total, df / total, 0.5, df / 2);
}

/** F(−x) = P[T < −x] for x ≥ 0. */
function tailProbability(x: number, df: number): number {
  if (x === Infinity) return 0;
  if (x > HUGE_T) {
    // I_z(a, ½) = z^a / (a·B(a, ½)) · (1 + O(z)), and z = df/t² < 1e-290 here.
    const a = df / 2;
    const logZ = Math.log(df) - 2 * Math.log(x);
    const logBeta = logGamma(a) + logGamma(0.5) - logGamma(a + 0.5);
    return 0.5 * Math.exp(a * logZ - Math.log(a) - logBeta);
  }
  if (df >= LARGE_DF && x * x <= df) return studentTTailLargeDf(x, df);
  const total = df + x * x;
  return 0.5 * incompleteBetaWithComplement(df / total, (x * x) / total, df / 2, 0.5);
}

/**
 * The quantile of Student's t (scipy `t.ppf`): the t with studentTCdf(t, df) = p. −∞ at
 * p = 0, +∞ at 1, NaN outside [0, 1] or for df ≤ 0; df = ∞ is the normal quantile.
 *
 * Newton's method on the cdf, kept inside a bracket that bisection falls back on, until
 * the step is below 1e-14 of |t| (the 1e-10 asked for, with room). Solved on the lower
 * tail and mirrored, so p near 1 keeps its precision; near ½ the distance from ½ is
 * matched, so t ≈ 1e-7 is as precise as t ≈ 1.
 *
 * @example studentTQuantile(0.975, 10) // 2.228138851986274
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !(df > 0)) return NaN;
  if (df === Infinity) return normalQuantile(p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p > 0.5) return -lowerTailQuantile(1 - p, df); // 1 − p is exact for p ≥ ½
  return lowerTailQuantile(p, df);
}

/** The quantile for 0 < p < ½ (a negative t). */
function lowerTailQuantile(p: number, df: number): number {
  let high = 0;
  let low = -1;
  while (cdfMinus(low, df, p) > 0) {
    high = low;
    low *= 2;
    if (low === -Infinity) return -Infinity; // beyond the doubles (df ≪ 1 with tiny p)
  }
  let t = Math.min(high, Math.max(low, normalQuantile(p)));
  for (let step = 0; step < 200; step += 1) {
    const excess = cdfMinus(t, df, p);
    if (excess === 0) return t;
    if (excess > 0) high = t;
    else low = t;
    let next = t - excess / studentTPdf(t, df);
    if (!(next > low && next < high)) next = 0.5 * (low + high);
    if (Math.abs(next - t) <= 1e-14 * Math.abs(next) || next === low || next === high) return next;
    t = next;
  }
  return t;
}

/** F(t) − p for t ≤ 0 and p < ½, without rounding F(t) to a multiple of ulp(½) near ½. */
function cdfMinus(t: number, df: number, p: number): number {
  const tSquared = t * t;
  if (tSquared < 1) return 0.5 - p - centralHalf(tSquared, df); // ½ − p is exact for p ≥ ¼
  return tailProbability(-t, df) - p;
}

/** The density of Student's t; only Newton's step uses it, so ln Γ's rounding is harmless. */
function studentTPdf(t: number, df: number): number {
  const logDensity =
    logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df);
  return Math.exp(logDensity);
}
