import { describe, expect, it } from "vitest";
import { averageRanks, spearman } from "./spearman.js";

describe("spearman", () => {
  // stats.spearmanr(a, b).statistic, scipy 1.17.1
  it.each<[string, number[], number[], number]>([
    ["ties in b", [1, 2, 3, 4, 5], [5, 6, 7, 8, 7], 0.8207826816681233],
    ["ties on both sides", [10, 20, 20, 30, 40, 40, 40], [3, 1, 2, 5, 4, 4, 6], 0.6986107936456589],
    ["f1 against latency", [0.81, 0.84, 0.79, 0.88, 0.86, 0.83], [120, 110, 130, 95, 105, 125], -0.942857142857143],
    ["reversed", [1, 2, 3], [3, 2, 1], -1],
    ["uncorrelated with ties", [1, 1, 2, 2], [1, 2, 1, 2], 0],
  ])("%s", (_name, a, b, expected) => {
    expect(Math.abs(spearman(a, b) - expected)).toBeLessThanOrEqual(1e-15);
  });

  it("is 1 for any increasing relation, not just linear", () => {
    expect(spearman([1, 2, 3, 4, 5], [1, 8, 27, 64, 125])).toBe(1);
  });

  it.each<[string, number[], number[]]>([
    ["a constant", [2, 2, 2], [1, 2, 3]],
    ["b constant", [1, 2, 3], [7, 7, 7]],
    ["one pair", [1], [2]],
    ["empty", [], []],
    ["a NaN", [1, NaN, 3], [1, 2, 3]],
  ])("%s gives NaN", (_name, a, b) => {
    expect(spearman(a, b)).toBeNaN();
  });

  it("throws when the lengths differ", () => {
    expect(() => spearman([1, 2, 3], [1, 2])).toThrow(RangeError);
  });

  it("gives tied values their average rank (scipy.stats.rankdata)", () => {
    // stats.rankdata([10, 20, 20, 30, 40, 40, 40]) -> [1, 2.5, 2.5, 4, 6, 6, 6]
    expect([...averageRanks([10, 20, 20, 30, 40, 40, 40])]).toEqual([1, 2.5, 2.5, 4, 6, 6, 6]);
    expect([...averageRanks([3, 1, 2])]).toEqual([3, 1, 2]);
  });
});
