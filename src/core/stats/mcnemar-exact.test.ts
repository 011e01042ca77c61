import { describe, expect, it } from "vitest";
import { mcnemarExact } from "./mcnemar-exact.js";

describe("mcnemarExact(b, c)", () => {
  // stats.binomtest(min(b, c), b + c, 0.5).pvalue, scipy 1.17.1: for p = ½ its two-sided
  // rule (sum the outcomes no likelier than the observed one) is min(1, 2·cdf).
  it.each<[number, number, number]>([
    [12, 3, 0.03515625],
    [3, 12, 0.03515625],
    [0, 5, 0.0625],
    [1, 1, 1.0],
    [7, 7, 1.0],
    [10, 11, 1.0],
    [40, 25, 0.08168153394154003],
    [0, 1, 1.0],
    [1, 0, 1.0],
    [100, 60, 0.001953728034064355],
    [2500, 2380, 0.08846792399051952],
  ])("b = %s, c = %s: p = %s", (b, c, expected) => {
    const result = mcnemarExact(b, c);
    expect(result.b).toBe(b);
    expect(result.c).toBe(c);
    expect(Math.abs(result.p_value - expected)).toBeLessThanOrEqual(1e-13 * expected);
  });

  it("gives p = 1 with no discordant pairs", () => {
    expect(mcnemarExact(0, 0)).toEqual({ b: 0, c: 0, p_value: 1 });
  });

  it("is exactly 1 when b = c, even for large counts (2·cdf > 1 is capped)", () => {
    expect(mcnemarExact(50_000, 50_000).p_value).toBe(1);
  });

  it.each<[number, number]>([
    [-1, 3],
    [2.5, 3],
    [3, NaN],
  ])("throws for b = %s, c = %s", (b, c) => {
    expect(() => mcnemarExact(b, c)).toThrow(RangeError);
  });
});
