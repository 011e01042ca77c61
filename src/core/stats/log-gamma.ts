/** ln √(2π). */
export const LN_SQRT_2PI = 0.91893853320467274178;

// Stirling's series for ln Γ: B₂ₖ / (2k(2k − 1)) for k = 1..8. From x ≥ 10 the first
// omitted term is below 2e-18, so the series alone is accurate to rounding.
const STIRLING_COEFFICIENTS = [
  1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400,
];
const SERIES_FROM = 10;

/**
 * ln Γ(x) for x > 0 (scipy `gammaln`). Infinity at 0 and +∞; NaN for negative x and NaN.
 *
 * Stirling's formula plus its error term {@link stirlingError}. Error within
 * 1e-15·max(1, |ln Γ(x)|): relative for large values, absolute near the zeros at 1 and 2.
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0 || x === Infinity) return Infinity;
  return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingError(x);
}

/**
 * The error of Stirling's formula, δ(x) = ln Γ(x) − [(x − ½) ln x − x + ln √(2π)], for
 * x > 0; at x = n it is Loader's `stirlerr(n)`. For x ≥ 10 the series, below it the
 * recurrence δ(x) = δ(x + 1) + (x + ½)·ln(1 + 1/x) − 1: each step adds a small number, so
 * δ keeps about 1e-15 absolute precision instead of the 4e-15 of ln Γ(x) − Stirling(x).
 */
export function stirlingError(x: number): number {
  let correction = 0;
  let shifted = x;
  while (shifted < SERIES_FROM) {
    correction += (shifted + 0.5) * Math.log1p(1 / shifted) - 1;
    shifted += 1;
  }
  return stirlingSeries(shifted) + correction;
}

function stirlingSeries(x: number): number {
  const inverseSquare = 1 / (x * x);
  let sum = 0;
  for (let k = STIRLING_COEFFICIENTS.length - 1; k >= 0; k -= 1) {
    sum = sum * inverseSquare + STIRLING_COEFFICIENTS[k]!;
  }
  return sum / x;
}

/**
 * Loader's deviance term bd0(x, m) = x ln(x/m) + m − x ≥ 0, accurate when x ≈ m, where the
 * direct formula would lose every digit to cancellation. x ≥ 0, m > 0.
 */
export function deviance(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    // x ln(x/m) + m − x = (x − m)·v + 2x·Σ v^(2j+1)/(2j + 1), with v = (x − m)/(x + m).
    const v = (x - m) / (x + m);
    const vSquared = v * v;
    let sum = (x - m) * v;
    let power = 2 * x * v;
    for (let j = 1; j < 1000; j += 1) {
      power *= vSquared;
      const next = sum + power / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x === 0 ? m : x * Math.log(x / m) + m - x;
}

/**
 * ln[x^a (1 − x)^b / B(a, b)] for a, b > 0 and 0 < x < 1: the front factor of the
 * incomplete beta function and (up to n/(k(n − k))) the binomial probability. y is 1 − x,
 * for callers that have it without the rounding of 1 − x near x = 1.
 *
 * Written with Stirling errors and deviances (Loader 2000, "Fast and accurate computation
 * of binomial probabilities") rather than three ln Γ values: at a, b ≈ 1e6 those are about
 * 1e7 each, and their rounding alone would cost eight digits.
 */
export function logBetaPowerTerm(a: number, b: number, x: number, y = 1 - x): number {
  const total = a + b;
  return (
    -deviance(a, total * x) -
    deviance(b, total * y) +
    stirlingError(total) -
    stirlingError(a) -
    stirlingError(b) +
    0.5 * Math.log((a / total) * b) -
    LN_SQRT_2PI
  );
}
