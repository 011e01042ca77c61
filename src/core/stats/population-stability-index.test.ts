import { describe, expect, it } from "vitest";
import { seededRandom } from "../random.js";
import { populationStabilityIndex } from "./population-stability-index.js";

/** mu + sigma·(u₁ + u₂ + u₃ + u₄ − 2): only + and ×, so Python reproduces it bit for bit. */
function sample(seed: number, n: number, mu: number, sigma: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => mu + sigma * (random() + random() + random() + random() - 2));
}

const BASE = sample(1, 200, 600, 30);

// numpy 2.4.6, with the mulberry32 port of random.test.ts generating the same samples:
//   cuts = np.quantile(e, np.arange(1, bins) / bins)
//   ei = np.searchsorted(cuts, e, side='left'); ai = np.searchsorted(cuts, a, side='left')
//   ep = np.maximum(np.bincount(ei, minlength=bins) / len(e), 1e-4)   (ap likewise)
//   float(np.sum((ap - ep) * np.log(ap / ep)))
describe("populationStabilityIndex", () => {
  it.each<[string, number[], number[], number, number]>([
    ["same distribution", BASE, sample(2, 150, 600, 30), 10, 0.14897318833374495],
    ["shifted by one σ", BASE, sample(3, 150, 630, 30), 10, 3.3966689128145195],
    ["shifted, 5 bins", BASE, sample(3, 150, 630, 30), 5, 3.1907407117410456],
    ["shifted, 20 bins", BASE, sample(3, 150, 630, 30), 20, 4.054456333012684],
    ["twice as wide", BASE, sample(4, 150, 600, 60), 10, 0.8040689374849288],
    ["ties in expected (repeated cuts, empty bins)", [1, 1, 1, 1, 2, 2, 3, 3, 3, 9], [1, 2, 2, 2, 3, 9, 9, 9], 10, 0.9465628731275482],
    ["actual entirely outside expected (floored shares)", [1, 2, 3, 4], [100, 200], 4, 6.9054080651788805],
    ["constant expected", [5, 5, 5, 5], [5, 6, 4], 3, 2.8382532243304146],
  ])("%s", (_name, expected, actual, bins, psi) => {
    expect(Math.abs(populationStabilityIndex(expected, actual, bins) - psi)).toBeLessThanOrEqual(1e-14 * psi);
  });

  it("is 0 for a sample against itself, and with one bin", () => {
    expect(populationStabilityIndex(BASE, BASE)).toBe(0);
    expect(populationStabilityIndex([3], [1, 3, 5], 1)).toBe(0);
  });

  it("puts a value equal to a cut in the bin below it (bins are closed on the right)", () => {
    // expected [1, 2, 2, 3] in 2 bins: one cut at the median, 2. Closed on the right,
    // expected's shares are (¾, ¼) and actual [2, 3]'s are (½, ½); closed on the left
    // they would be (¼, ¾) and (floor, 1), a PSI of 2.03 instead of 0.27.
    const psi = (0.5 - 0.75) * Math.log(0.5 / 0.75) + (0.5 - 0.25) * Math.log(0.5 / 0.25);
    expect(populationStabilityIndex([1, 2, 2, 3], [2, 3], 2)).toBeCloseTo(psi, 14);
  });

  it.each<[string, number[], number[]]>([
    ["empty expected", [], [1]],
    ["empty actual", [1], []],
    ["NaN in actual", [1, 2], [NaN]],
  ])("%s gives NaN", (_name, expected, actual) => {
    expect(populationStabilityIndex(expected, actual)).toBeNaN();
  });

  it.each([0, 2.5, -3])("throws for %s bins", (bins) => {
    expect(() => populationStabilityIndex([1, 2], [1, 2], bins)).toThrow(RangeError);
  });
});
