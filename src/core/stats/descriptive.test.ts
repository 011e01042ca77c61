import { describe, expect, it } from "vitest";
import { iqr, mad, mean, median, quantile, stddev, summarize, variance } from "./descriptive.js";

/** |actual − expected| ≤ tolerance·|expected| (exact match when expected is 0). */
function expectClose(actual: number, expected: number, tolerance: number): void {
  const error = Math.abs(actual - expected);
  expect(error, `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

const SAMPLES: Record<string, number[]> = {
  five: [2.5, 1.0, 4.0, 3.5, 9.0],
  ties: [3, 1, 3, 3, 2, 7, 3],
  even: [10, 4, 8, 6],
  negatives: [-1.5, 2.25, -7.0, 0.0, 3.125, -0.5],
  offset: [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16],
  latency: [612.3, 598.1, 640.7, 605.2, 1210.9, 601.4, 599.8, 615.0, 607.7, 603.3, 622.6],
};

// numpy 2.4.6 / scipy 1.17.1, for a = np.array(xs):
//   [np.mean(a), np.var(a, ddof=1), np.std(a, ddof=1), np.median(a),
//    stats.median_abs_deviation(a, scale=1.0), stats.iqr(a)]
// Tolerance 1e-14: numpy sums pairwise, we sum with compensation; both are within an ulp
// or two of the exact value. "offset" checks the variance survives a 1e9 offset.
describe("mean, variance, stddev, median, mad, iqr against numpy/scipy", () => {
  it.each<[string, number, number, number, number, number, number]>([
    ["five", 4.0, 9.125, 3.020761493398643, 3.5, 1.0, 1.5],
    ["ties", 3.142857142857143, 3.4761904761904763, 1.864454471471609, 3.0, 0.0, 0.5],
    ["even", 7.0, 6.666666666666667, 2.581988897471611, 7.0, 2.0, 3.0],
    ["negatives", -0.6041666666666666, 12.827604166666665, 3.581564485900912, -0.25, 1.875, 2.9375],
    ["offset", 1000000010.0, 30.0, 5.477225575051661, 1000000010.0, 4.5, 7.5],
    ["latency", 665.1818181818182, 32910.98163636364, 181.41384080704438, 607.7, 7.2999999999999545, 16.450000000000045],
  ])("%s", (name, m, v, s, med, madValue, iqrValue) => {
    const xs = SAMPLES[name]!;
    expectClose(mean(xs), m, 1e-14);
    expectClose(variance(xs), v, 1e-14);
    expectClose(stddev(xs), s, 1e-14);
    expectClose(median(xs), med, 1e-15);
    expectClose(mad(xs), madValue, 1e-14);
    expectClose(iqr(xs), iqrValue, 1e-14);
  });
});

// [np.quantile(a, q, method='linear') for q in [0, 0.1, 0.25, 0.333, 0.5, 0.9, 0.975, 1]]
// We interpolate exactly as numpy's _lerp does, so 2 ulps is generous.
describe("quantile against np.quantile(method='linear')", () => {
  const QS = [0, 0.1, 0.25, 0.333, 0.5, 0.9, 0.975, 1];
  it.each<[string, number[]]>([
    ["five", [1.0, 1.6, 2.5, 2.832, 3.5, 7.0, 8.5, 9.0]],
    ["ties", [1.0, 1.6, 2.5, 2.998, 3.0, 4.600000000000001, 6.399999999999999, 7.0]],
    ["even", [4.0, 4.6, 5.5, 5.998, 7.0, 9.4, 9.85, 10.0]],
    ["negatives", [-7.0, -4.25, -1.25, -0.835, -0.25, 2.6875, 3.015625, 3.125]],
    ["offset", [1000000004.0, 1000000004.9, 1000000006.25, 1000000006.997, 1000000010.0, 1000000015.1, 1000000015.775, 1000000016.0]],
    ["latency", [598.1, 599.8, 602.3499999999999, 603.927, 607.7, 640.7, 1068.3500000000001, 1210.9]],
  ])("%s", (name, expected) => {
    QS.forEach((q, i) => expectClose(quantile(SAMPLES[name]!, q), expected[i]!, 5e-16));
  });

  it("gives the exact minimum and maximum at q = 0 and 1", () => {
    const xs = [0.1, 0.7, 0.3];
    expect(quantile(xs, 0)).toBe(0.1);
    expect(quantile(xs, 1)).toBe(0.7);
  });

  it.each([-0.01, 1.01, NaN])("throws for q = %s", (q) => {
    expect(() => quantile([1, 2, 3], q)).toThrow(RangeError);
  });

  it("does not reorder its input", () => {
    const xs = [3, 1, 2];
    quantile(xs, 0.5);
    iqr(xs);
    mad(xs);
    expect(xs).toEqual([3, 1, 2]);
  });

  it("sorts numerically, not as strings (10 after 9)", () => {
    expect(quantile([10, 9, 100, 1], 1 / 3)).toBe(9);
  });
});

describe("edge cases", () => {
  it.each<[string, number[], { mean: number; variance: number; median: number; mad: number; iqr: number }]>([
    ["empty", [], { mean: NaN, variance: NaN, median: NaN, mad: NaN, iqr: NaN }],
    ["one value", [4.2], { mean: 4.2, variance: NaN, median: 4.2, mad: 0, iqr: 0 }],
    ["two values", [1, 3], { mean: 2, variance: 2, median: 2, mad: 1, iqr: 1 }],
    ["constant", [5, 5, 5, 5], { mean: 5, variance: 0, median: 5, mad: 0, iqr: 0 }],
    ["a NaN", [1, NaN, 3], { mean: NaN, variance: NaN, median: NaN, mad: NaN, iqr: NaN }],
  ])("%s", (_name, xs, expected) => {
    expect({ mean: mean(xs), variance: variance(xs), median: median(xs), mad: mad(xs), iqr: iqr(xs) }).toEqual(expected);
  });

  it("keeps the variance of a constant sample at exactly 0 despite rounding", () => {
    expect(variance([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])).toBe(0);
  });

  it("quantile of one value is that value for every q", () => {
    for (const q of [0, 0.3, 1]) expect(quantile([7], q)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe("summarize", () => {
  it.each<[string, number[], ReturnType<typeof summarize>]>([
    ["five values", [2.5, 1.0, 4.0, 3.5, 9.0], { n: 5, mean: 4, stddev: 3.020761493398643, median: 3.5, min: 1, max: 9 }],
    ["empty", [], { n: 0, mean: NaN, stddev: NaN, median: NaN, min: NaN, max: NaN }],
    ["one value", [-2], { n: 1, mean: -2, stddev: NaN, median: -2, min: -2, max: -2 }],
  ])("%s", (_name, xs, expected) => {
    const summary = summarize(xs);
    expect({ ...summary, stddev: 0 }).toEqual({ ...expected, stddev: 0 });
    if (Number.isNaN(expected.stddev)) expect(summary.stddev).toBeNaN();
    else expectClose(summary.stddev, expected.stddev, 1e-14);
  });

  it("handles 200000 values (no spread into Math.min)", () => {
    const xs = Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 200_000);
    const summary = summarize(xs);
    expect([summary.min, summary.max, summary.median]).toEqual([0, 199_999, 99_999.5]);
  });
});
