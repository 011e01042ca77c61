import { describe, expect, it } from "vitest";
import { benjaminiHochberg } from "./benjamini-hochberg.js";

// statsmodels is not installed. q-values from numpy, the same steps as
// multipletests(p, method='fdr_bh'):
//   p = np.array(P); m = len(p); o = np.argsort(p, kind='stable'); s = p[o]
//   adj = np.minimum.accumulate((m * s / np.arange(1, m + 1))[::-1])[::-1]
//   q = np.empty(m); q[o] = np.minimum(adj, 1)
// and rejected = p-values among the k smallest, k = max{i : s[i-1] <= i/m * alpha}.
// Worked by hand for the first row: sorted 0.005, 0.01, 0.03, 0.04, 0.2 against
// i·0.05/5 = 0.01, 0.02, 0.03, 0.04, 0.05: 0.04 ≤ 0.04 is the last, so k = 4.
describe("benjaminiHochberg", () => {
  it.each<[string, number[], number, number[], boolean[]]>([
    ["the worked example", [0.01, 0.04, 0.03, 0.005, 0.2], 0.05, [0.025, 0.05, 0.049999999999999996, 0.025, 0.2], [true, true, true, true, false]],
    ["the same at q = 0.02", [0.01, 0.04, 0.03, 0.005, 0.2], 0.02, [0.025, 0.05, 0.049999999999999996, 0.025, 0.2], [false, false, false, false, false]],
    ["step-up: a large p rescues smaller ones", [0.04, 0.045, 0.049], 0.05, [0.04900000000000001, 0.04900000000000001, 0.04900000000000001], [true, true, true]],
    ["ties", [0.02, 0.02, 0.02, 0.5], 0.05, [0.02666666666666667, 0.02666666666666667, 0.02666666666666667, 0.5], [true, true, true, false]],
    ["capped at 1", [0.9, 0.95, 0.8], 0.05, [0.9499999999999998, 0.9499999999999998, 0.9499999999999998], [false, false, false]],
    ["one test", [0.03], 0.05, [0.03], [true]],
    ["p = 0 and p = 1", [0, 1], 0.05, [0, 1], [true, false]],
  ])("%s", (_name, pValues, q, expectedQ, expectedRejected) => {
    const result = benjaminiHochberg(pValues, q);
    expect(result.rejected).toEqual(expectedRejected);
    expect(result.q_values).toEqual(expectedQ); // same operations as numpy, so bit-equal
  });

  it("rejects exactly the hypotheses with q ≤ q-level", () => {
    const p = [0.001, 0.012, 0.019, 0.021, 0.3, 0.04, 0.6, 0.0105];
    const { rejected, q_values } = benjaminiHochberg(p, 0.05);
    expect(rejected).toEqual(q_values.map((value) => value <= 0.05));
  });

  it("leaves NaN p-values out of m: NaN q, never rejected", () => {
    const withNaN = benjaminiHochberg([0.01, NaN, 0.04], 0.05);
    const without = benjaminiHochberg([0.01, 0.04], 0.05);
    expect(withNaN.q_values[1]).toBeNaN();
    expect(withNaN.rejected[1]).toBe(false);
    expect([withNaN.q_values[0], withNaN.q_values[2]]).toEqual(without.q_values);
  });

  it("reads a p-value a few ulps above 1 as 1", () => {
    expect(benjaminiHochberg([1.0000000000000002, 0.01]).q_values).toEqual([1, 0.02]);
  });

  it("gives empty arrays for no p-values", () => {
    expect(benjaminiHochberg([])).toEqual({ rejected: [], q_values: [] });
  });

  it.each<[number[], number]>([
    [[0.1, -0.01], 0.05],
    [[0.1, 1.5], 0.05],
    [[0.1], 0],
    [[0.1], 1.2],
  ])("throws for p-values %j at q = %s", (p, q) => {
    expect(() => benjaminiHochberg(p, q)).toThrow(RangeError);
  });
});
