import { describe, expect, it } from "vitest";
import { deviance, logBetaPowerTerm, logGamma, stirlingError } from "./log-gamma.js";

function expectClose(actual: number, expected: number, tolerance: number): void {
  const error = Math.abs(actual - expected);
  expect(error, `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe("logGamma", () => {
  // scipy.special.gammaln(x), scipy 1.17.1. Tolerance 1.5e-15·max(1, |ln Γ|): relative
  // where the value is large, absolute near the zeros at 1 and 2, where ln Γ is a sum of
  // terms of order 1 that cancel.
  it.each<[number, number]>([
    [1e-10, 23.025850929882733],
    [0.001, 6.907178885383853],
    [0.1, 2.252712651734206],
    [0.5, 0.5723649429247],
    [0.9, 0.06637623973474327],
    [1, 0.0],
    [1.0001, -5.771334222049889e-5],
    [1.5, -0.12078223763524526],
    [1.9999, -4.227520877198021e-5],
    [2, 0.0],
    [2.5, 0.2846828704729192],
    [3, 0.6931471805599453],
    [7.5, 7.534364236758734],
    [9.99, 12.779315214350195],
    [10, 12.801827480081469],
    [10.5, 13.940625219403763],
    [50, 144.56574394634487],
    [171.3, 708.1149470389971],
    [1000, 5905.220423209181],
    [1e6, 12815504.569147611],
    [1e10, 220258509288.81058],
  ])("gammaln(%s) = %s", (x, expected) => {
    expect(Math.abs(logGamma(x) - expected)).toBeLessThanOrEqual(1.5e-15 * Math.max(1, Math.abs(expected)));
  });

  it.each<[number, number]>([
    [0, Infinity],
    [Infinity, Infinity],
    [-1, NaN],
    [-0.5, NaN],
    [NaN, NaN],
  ])("logGamma(%s) = %s", (x, expected) => {
    expect(logGamma(x)).toBe(expected);
  });

  it("satisfies ln Γ(x + 1) = ln Γ(x) + ln x across the switch at 10", () => {
    for (const x of [0.3, 4.2, 9.5, 9.999, 10.01, 37.7]) {
      expectClose(logGamma(x + 1), logGamma(x) + Math.log(x), 5e-15);
    }
  });
});

describe("stirlingError, deviance, logBetaPowerTerm (mpmath, 50 digits)", () => {
  // mp.loggamma(x) - ((x - 0.5)*mp.log(x) - x + mp.log(mp.sqrt(2*mp.pi)))
  it.each<[number, number]>([
    [0.5, 0.15342640972002736],
    [1, 0.08106146679532726],
    [3.7, 0.022468770580143144],
    [9.99, 0.00833889679773433],
    [10, 0.00833056343336287],
    [15, 0.005554733551962801],
    [100, 0.0008333305556349147],
    [1e6, 8.333333333333056e-8],
  ])("stirlingError(%s)", (x, expected) => {
    // Below 10 a recurrence adds up to ten terms of order 0.01–1: 1e-15 absolute.
    expect(Math.abs(stirlingError(x) - expected)).toBeLessThanOrEqual(x < 10 ? 1e-15 : 1e-15 * expected);
  });

  // x*mp.log(x/m) + m - x (m when x = 0): the series keeps every digit when x ≈ m, where
  // the direct formula would return rounding noise.
  it.each<[number, number, number]>([
    [5, 5.0001, 9.999866668620025e-10],
    [1e6, 1e6 + 3, 4.49999100002025e-6],
    [100, 50, 19.314718055994533],
    [0, 2.5, 2.5],
    [3, 0.001, 21.02010270295074],
    [2.5e6, 2499999.9999, 1.9999932051296e-15],
  ])("deviance(%s, %s)", (x, m, expected) => {
    expectClose(deviance(x, m), expected, 1e-9);
  });

  // a*mp.log(x) + b*mp.log(1-x) - mp.log(mp.beta(a, b)). At a = b = 1e6 three ln Γ of 1.3e7
  // would leave 1e-9 absolute; the Stirling-error form is 1e-13 here.
  it.each<[number, number, number, number]>([
    [2, 3, 0.5, -0.9808292530117262],
    [0.5, 0.5, 0.1, -2.3487026901753363],
    [1e6, 1e6, 0.4999, 5.6022430296975],
    [5e6, 0.5, 0.9999, -497.4900625854503],
    [3, 7, 1e-6, -35.917109586384896],
  ])("logBetaPowerTerm(%s, %s, %s)", (a, b, x, expected) => {
    expectClose(logBetaPowerTerm(a, b, x), expected, 2e-14);
  });
});
