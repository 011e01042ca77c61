import { describe, expect, it } from "vitest";
import { welchTTest, type SampleSummary } from "./welch-t-test.js";

function expectClose(actual: number, expected: number, tolerance: number): void {
  const error = Math.abs(actual - expected);
  expect(error, `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

const summary = (mean: number, stddev: number, n: number): SampleSummary => ({ n, mean, stddev });

describe("welchTTest", () => {
  // t and p: stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=False), scipy
  // 1.17.1. df (scipy does not return it): v = s²/n per side,
  // (v1 + v2)**2 / (v1**2/(n1 - 1) + v2**2/(n2 - 1)).
  it.each<[string, SampleSummary, SampleSummary, number, number, number]>([
    ["f1 runs", summary(0.85, 0.012, 10), summary(0.84, 0.011, 12), 2.020992618506359, 18.56805685817293, 0.057939075230258846],
    ["latency", summary(612, 25, 5), summary(598, 40, 8), 0.7765802747153208, 10.979118329466358, 0.4538123306556395],
    ["unequal sizes and spreads", summary(1, 0.5, 3), summary(1.2, 0.1, 40), -0.6917834249812318, 2.0120170713767362, 0.5602174885107145],
    ["identical summaries", summary(100, 2, 30), summary(100, 2, 30), 0, 58, 1],
    ["one side constant", summary(5, 0, 4), summary(4, 1, 6), 2.449489742783178, 5, 0.05797277355753995],
    ["two runs each", summary(0.3, 0.2, 2), summary(0.9, 0.3, 2), -2.3533936216582085, 1.7422680412371134, 0.16120072761880727],
    ["large samples", summary(10, 1, 1000), summary(10.1, 1.5, 800), -1.6195526603578263, 1333.3695115507433, 0.10556487921592231],
  ])("%s", (_name, a, b, t, df, p) => {
    const result = welchTTest(a, b);
    if (t === 0) expect(result.t).toBe(0);
    else expectClose(result.t, t, 1e-14);
    expectClose(result.df, df, 1e-14);
    expectClose(result.p_value, p, 1e-13);
  });

  it.each<[string, SampleSummary, SampleSummary, { t: number; df: number; p_value: number }]>([
    ["both constant, means differ (up)", summary(5, 0, 3), summary(4, 0, 3), { t: Infinity, df: NaN, p_value: 0 }],
    ["both constant, means differ (down)", summary(4, 0, 3), summary(5, 0, 3), { t: -Infinity, df: NaN, p_value: 0 }],
    ["both constant, means equal", summary(5, 0, 3), summary(5, 0, 7), { t: 0, df: NaN, p_value: 1 }],
    ["one run on a side", summary(5, 0, 1), summary(4, 1, 3), { t: NaN, df: NaN, p_value: NaN }],
    ["NaN standard deviation", summary(5, NaN, 4), summary(4, 1, 3), { t: NaN, df: NaN, p_value: NaN }],
  ])("%s", (_name, a, b, expected) => {
    expect(welchTTest(a, b)).toEqual(expected);
  });

  it("swapping the samples flips t and keeps p", () => {
    const forward = welchTTest(summary(612, 25, 5), summary(598, 40, 8));
    const backward = welchTTest(summary(598, 40, 8), summary(612, 25, 5));
    expect(backward.t).toBe(-forward.t);
    expect(backward.p_value).toBe(forward.p_value);
  });
});
