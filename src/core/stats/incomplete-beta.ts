import { logBetaPowerTerm } from "./log-gamma.js";

const TINY = 1e-300;
const TOLERANCE = 1e-15;

/**
 * The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b) (scipy
 * `betainc(a, b, x)`; note the argument order here, x first). a, b > 0; x in [0, 1].
 * NaN for parameters out of range.
 *
 * Numerical Recipes' method: the front factor x^a (1 − x)^b / B(a, b), times Lentz's
 * continued fraction on whichever of I_x(a, b) and 1 − I_{1−x}(b, a) converges fast. The
 * front factor comes from {@link logBetaPowerTerm}, so it keeps its digits however large
 * a and b are. Relative error: median 1e-15 and below 1e-12 in a 3000-point random check
 * against scipy with a, b in [0.007, 8000] (worst with x near 1 and b ≪ a, or values near
 * 1e-250). When a and b are both large and x is near the mean, the fraction's rounding
 * grows with them: 3e-13 at a = b = 1e6, 4e-11 at 5e9. It takes O(√max(a, b)) steps.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  return incompleteBetaWithComplement(x, 1 - x, a, b);
}

/**
 * {@link regularizedIncompleteBeta} given both x and y = 1 − x, for callers that can
 * compute the one near 1 without rounding (Student's t: df/(df + t²) and t²/(df + t²)).
 */
export function incompleteBetaWithComplement(x: number, y: number, a: number, b: number): number {
  if (!(a > 0 && b > 0 && x >= 0 && x <= 1)) return NaN;
  if (x === 0 || y === 0) return x === 0 ? 0 : 1;
  if (a === Infinity || b === Infinity) return NaN;
  const front = Math.exp(logBetaPowerTerm(a, b, x, y));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, y, a, b)) / a;
  return 1 - (front * betaContinuedFraction(y, x, b, a)) / b;
}

/** The continued fraction for I_x(a, b), evaluated by the modified Lentz method. */
function betaContinuedFraction(x: number, y: number, a: number, b: number): number {
  const maxSteps = 1000 + Math.ceil(20 * Math.sqrt(Math.max(a, b)));
  let c = 1;
  // 1 − (a + b)x/(a + 1); near x = 1 the form with y = 1 − x keeps the digits.
  let d = 1 / nonZero(x > 0.5 ? (1 - b + (a + b) * y) / (a + 1) : 1 - ((a + b) * x) / (a + 1));
  let fraction = d;
  for (let m = 1; m <= maxSteps; m += 1) {
    const evenTerm = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / nonZero(1 + evenTerm * d);
    c = nonZero(1 + evenTerm / c);
    const evenStep = d * c;
    const oddTerm = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / nonZero(1 + oddTerm * d);
    c = nonZero(1 + oddTerm / c);
    const oddStep = d * c;
    fraction *= evenStep * oddStep;
    // Both half-steps: the odd one alone can sit at 1 while the even one still moves.
    if (Math.abs(evenStep - 1) <= TOLERANCE && Math.abs(oddStep - 1) <= TOLERANCE) return fraction;
  }
  return fraction; // a safety cap: convergence takes O(√max(a, b)) steps, far fewer
}

function nonZero(value: number): number {
  return Math.abs(value) < TINY ? TINY : value;
}
