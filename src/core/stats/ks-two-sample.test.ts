import { describe, expect, it } from "vitest";
import { ksTwoSample } from "./ks-two-sample.js";

function expectClose(actual: number, expected: number, tolerance: number): void {
  const error = Math.abs(actual - expected);
  expect(error, `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

// rng = np.random.default_rng(7)
// np.round(rng.normal(100, 5, 40), 1), then np.round(rng.normal(103, 8, 25), 1)
const BEFORE = [100.0, 101.5, 98.6, 95.5, 97.7, 95.0, 100.3, 106.7, 97.5, 96.9, 102.4, 101.8, 100.5, 95.3, 99.9, 103.5, 93.3, 97.7, 90.5, 93.6, 90.8, 98.8, 93.7, 101.4, 100.8, 99.1, 87.4, 97.3, 99.8, 100.6, 92.3, 97.6, 95.1, 96.0, 105.3, 96.0, 99.8, 104.4, 97.1, 99.4];
const AFTER = [103.9, 103.5, 93.2, 103.6, 113.9, 90.6, 109.9, 104.0, 97.9, 119.0, 109.1, 93.4, 103.6, 107.6, 101.5, 108.5, 102.5, 108.3, 114.5, 97.6, 104.6, 99.3, 104.0, 93.5, 98.4];

describe("ksTwoSample", () => {
  // d: stats.ks_2samp(a, b).statistic. p: the Stephens-corrected formula as in
  // kolmogorov.test.ts, stats.kstwobign.sf((s + 0.12 + 0.11/s) * d).
  it.each<[string, number[], number[], number, number]>([
    ["normal samples, shifted", BEFORE, AFTER, 0.54, 0.00012726407619711934],
    ["ties within and across", [1, 2, 2, 3, 3, 3, 4, 5], [2, 3, 3, 4, 4, 4, 6], 0.32142857142857145, 0.7475921721322796],
    ["disjoint", [1, 2, 3], [4, 5, 6, 7], 1, 0.020503981704794276],
    ["identical", [1.5, 2.5, 2.5], [2.5, 1.5, 2.5], 0, 1],
  ])("%s", (_name, a, b, d, p) => {
    const result = ksTwoSample(a, b);
    expectClose(result.d, d, 1e-15);
    expectClose(result.p_value, p, 1e-13);
  });

  it("is symmetric in its samples", () => {
    expect(ksTwoSample(AFTER, BEFORE)).toEqual(ksTwoSample(BEFORE, AFTER));
  });

  it("does not reorder its inputs", () => {
    const a = [3, 1, 2];
    ksTwoSample(a, [5, 4]);
    expect(a).toEqual([3, 1, 2]);
  });

  it.each<[string, number[], number[]]>([
    ["empty a", [], [1, 2]],
    ["empty b", [1, 2], []],
    ["a NaN", [1, NaN], [1, 2]],
  ])("%s gives NaN", (_name, a, b) => {
    const result = ksTwoSample(a, b);
    expect(result.d).toBeNaN();
    expect(result.p_value).toBeNaN();
  });
});
