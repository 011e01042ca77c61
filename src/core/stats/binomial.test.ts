import { describe, expect, it } from "vitest";
import { binomialCdf } from "./binomial.js";

function expectClose(actual: number, expected: number, tolerance: number): void {
  const error = Math.abs(actual - expected);
  expect(error, `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe("binomialCdf(k, n, p)", () => {
  // Exact sums in 40-digit mpmath (mp.dps = 40): Σ exp(loggamma(n+1) − loggamma(j+1) −
  // loggamma(n−j+1) + j·log(p) + (n−j)·log(1−p)) over the shorter tail until the terms fall
  // below 1e-30 of the sum (one minus the upper tail above np). scipy.stats.binom.cdf agrees
  // to 1e-15 for small n but is off by up to 1.6e-13 at n = 1e6 (499000: 0.0228041499326948).
  it.each<[number, number, number, number]>([
    [3, 10, 0.5, 0.171875],
    [0, 10, 0.3, 0.028247524900000005],
    [7, 20, 0.35, 0.6010266046031639],
    [30, 40, 0.9, 0.005063053657834387],
    [5, 100, 0.01, 0.999465465536007],
    [12, 15, 0.5, 0.996307373046875],
    [250, 1000, 0.3, 0.00025980303652893143],
    [499000, 1e6, 0.5, 0.02280414993269104],
    [500000, 1e6, 0.5, 0.5003989421806658],
    [498500, 1e6, 0.5, 0.0013543276530298784],
    [501500, 1e6, 0.5, 0.9986545360216347],
    [50, 1e6, 1e-4, 2.3985360747521685e-8],
    [100, 1e6, 1e-4, 0.5265621985632191],
    [150, 1e6, 1e-4, 0.9999987685324835],
    [0, 1e6, 1e-6, 0.3678792572316451],
    [999990, 1e6, 0.99999, 0.5420709110761774],
  ])("P[X ≤ %s], X ~ Bin(%s, %s), is %s", (k, n, p, expected) => {
    // Thousands of neighbour ratios are multiplied near the mode at n = 1e6: 1e-13.
    expectClose(binomialCdf(k, n, p), expected, n >= 1e5 ? 1e-13 : 1e-14);
  });

  it("sums far tails without underflow or overflow at n = 1e6", () => {
    // P[Bin(1e6, ½) ≤ 0] = 2^-1e6 underflows to 0; ≤ 495000 is about 1.3e-23.
    expect(binomialCdf(0, 1e6, 0.5)).toBe(0);
    const tail = binomialCdf(495000, 1e6, 0.5);
    expect(tail).toBeGreaterThan(0);
    expect(tail).toBeLessThan(1e-20);
    expect(binomialCdf(505000, 1e6, 0.5)).toBe(1);
  });

  it("floors k: P[X ≤ 3.7] = P[X ≤ 3]", () => {
    expect(binomialCdf(3.7, 10, 0.5)).toBe(binomialCdf(3, 10, 0.5));
  });

  it.each<[string, number, number, number, number]>([
    ["k < 0", -1, 10, 0.5, 0],
    ["k = n", 10, 10, 0.5, 1],
    ["k > n", 11, 10, 0.5, 1],
    ["p = 0", 0, 10, 0, 1],
    ["p = 1, k < n", 9, 10, 1, 0],
    ["n = 0", 0, 0, 0.3, 1],
    ["n not an integer", 2, 10.5, 0.5, NaN],
    ["n negative", 0, -1, 0.5, NaN],
    ["p > 1", 2, 10, 1.5, NaN],
    ["NaN k", NaN, 10, 0.5, NaN],
  ])("%s", (_name, k, n, p, expected) => {
    expect(binomialCdf(k, n, p)).toBe(expected);
  });
});
