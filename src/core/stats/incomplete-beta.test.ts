import { describe, expect, it } from "vitest";
import { regularizedIncompleteBeta } from "./incomplete-beta.js";

function expectClose(actual: number, expected: number, tolerance: number): void {
  const error = Math.abs(actual - expected);
  expect(error, `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe("regularizedIncompleteBeta(x, a, b)", () => {
  // scipy.special.betainc(a, b, x), scipy 1.17.1 (note scipy's argument order).
  it.each<[number, number, number, number]>([
    [0.5, 2, 3, 0.6875],
    [0.1, 0.5, 0.5, 0.20483276469913345],
    [0.999, 5, 0.5, 0.9222819921009667],
    [0.3, 10, 20, 0.3640040810719437],
    [1e-5, 0.5, 10, 0.011143345724288566],
    [0.9, 0.01, 0.01, 0.5107974708262046],
    [0.2, 1, 1, 0.2],
    [0.7, 3.5, 0.5, 0.12687036692367099],
    [1e-8, 2, 3, 5.999999919999999e-16],
    [0.35, 150, 300, 0.7747990506541231],
    [0.999999, 2, 2.5, 0.9999999999999964],
    [0.01, 0.02, 500, 0.9999765060326817],
  ])("I_%s(%s, %s) = %s", (x, a, b, expected) => {
    expectClose(regularizedIncompleteBeta(x, a, b), expected, 1e-14);
  });

  // Both parameters large and x near the mean: the continued fraction needs O(√a) steps
  // and its rounding grows with them (documented). scipy 1.17.1 betainc; at a = b = 1e4,
  // x = ½ the exact value is ½ by symmetry (scipy itself gives 0.4999999999999989).
  it.each<[number, number, number, number, number]>([
    [0.5, 1e4, 1e4, 0.5, 2e-14],
    [0.499, 1e6, 1e6, 0.002338849406931976, 5e-13],
    [0.5001, 1e6, 1e6, 0.6113512821376899, 1e-13],
  ])("I_%s(%s, %s) = %s for large a and b (tolerance %s)", (x, a, b, expected, tolerance) => {
    expectClose(regularizedIncompleteBeta(x, a, b), expected, tolerance);
  });

  // Where scipy is the less precise: mpmath (mp.dps = 60) by the hypergeometric series
  // x**a*(1-x)**b/(a*mp.beta(a,b))*mp.hyp2f1(a+b, 1, a+1, x), or mp.betainc(a, b, 0, x,
  // regularized=True). scipy.special.betainc gives 3.2023e-267 (1% off) for the first and
  // 0.000959076316244358 for the second. The second also needs the continued fraction to
  // stop only when both of its half-steps have settled (2.2e-13 off otherwise).
  it.each<[number, number, number, number, number]>([
    [0.6605528809595853, 1785.8841841937751, 34.07511274160641, 3.238104509630291e-267, 5e-13],
    [0.9943344159983099, 159.63179916606194, 0.0036998276019305216, 0.00095907631624435735, 1.5e-13],
  ])("I_%s(%s, %s) = %s (mpmath)", (x, a, b, expected, tolerance) => {
    expectClose(regularizedIncompleteBeta(x, a, b), expected, tolerance);
  });

  it("satisfies I_x(a, b) = 1 − I_{1−x}(b, a)", () => {
    for (const [x, a, b] of [[0.3, 2.5, 7], [0.8, 0.5, 40], [0.5, 3, 3]] as const) {
      expectClose(regularizedIncompleteBeta(x, a, b), 1 - regularizedIncompleteBeta(1 - x, b, a), 1e-14);
    }
  });

  it.each<[string, number, number, number, number]>([
    ["x = 0", 0, 2, 3, 0],
    ["x = 1", 1, 2, 3, 1],
    ["x < 0", -0.1, 2, 3, NaN],
    ["x > 1", 1.1, 2, 3, NaN],
    ["a = 0", 0.5, 0, 3, NaN],
    ["b < 0", 0.5, 2, -1, NaN],
    ["NaN x", NaN, 2, 3, NaN],
  ])("%s", (_name, x, a, b, expected) => {
    expect(regularizedIncompleteBeta(x, a, b)).toBe(expected);
  });
});
