import { describe, expect, it } from "vitest";
import { kolmogorovSmirnovPValue, kolmogorovSurvival } from "./kolmogorov.js";

function expectClose(actual: number, expected: number, tolerance: number): void {
  const error = Math.abs(actual - expected);
  expect(error, `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe("kolmogorovSurvival", () => {
  // scipy.stats.kstwobign.sf(lam), scipy 1.17.1; both series sides of the switch at 1.
  it.each<[number, number]>([
    [0.2, 0.999999999999495],
    [0.5, 0.9639452436648751],
    [0.9, 0.3927307079406543],
    [0.99999, 0.27001039131729154],
    [1.0, 0.26999967167735456],
    [1.18, 0.1234538094297657],
    [1.5, 0.022217962616525127],
    [2, 0.0006709252557796953],
    [3, 3.045995948942526e-8],
    [5, 3.8574996959278356e-22],
    [6, 1.0760372320042276e-31],
  ])("Q_KS(%s) = %s", (lambda, expected) => {
    // 1e-14 but for the exp(−2λ²) rounding in the far tail (λ = 6: exp(−72)): 5e-14.
    expectClose(kolmogorovSurvival(lambda), expected, lambda >= 3 ? 5e-14 : 1e-14);
  });

  it.each<[number, number]>([
    [0, 1],
    [-1, 1],
    [0.05, 1],
    [40, 0],
  ])("Q_KS(%s) = %s", (lambda, expected) => {
    expect(kolmogorovSurvival(lambda)).toBe(expected);
  });
});

describe("kolmogorovSmirnovPValue(d, n1, n2)", () => {
  // en = n1*n2/(n1+n2); s = np.sqrt(en); stats.kstwobign.sf((s + 0.12 + 0.11/s) * d)
  it.each<[number, number, number, number]>([
    [0.2, 50, 50, 0.24079199341891797],
    [0.1, 100, 100, 0.676620149700246],
    [0.08, 500, 300, 0.17332339892597953],
    [0.05, 1000, 1000, 0.15955408974378785],
    [0.1, 1000, 1000, 8.117557315738262e-5],
    [0.5, 10, 15, 0.06558396391880224],
    [0.9, 64, 1, 0.17707883301099656],
    [0.02, 5000, 5000, 0.26738904394377666],
    [0.3, 7, 3, 0.96794278431079],
  ])("d = %s, n = %s + %s: %s", (d, n1, n2, expected) => {
    expectClose(kolmogorovSmirnovPValue(d, n1, n2), expected, 2e-14);
  });

  it("is symmetric in n1 and n2", () => {
    expect(kolmogorovSmirnovPValue(0.08, 300, 500)).toBe(kolmogorovSmirnovPValue(0.08, 500, 300));
  });

  // How far this (Stephens' corrected limit) is from scipy 1.17's ks_2samp(method='asymp'),
  // i.e. stats.kstwo.sf(d, np.round(en)) with the larger size first: within 3% here.
  it.each<[number, number, number, number]>([
    [0.2, 50, 50, 0.23632065644537592],
    [0.2, 100, 100, 0.03143877776953241],
    [0.08, 500, 300, 0.17070111343087635],
    [0.05, 1000, 1000, 0.15866260223815387],
    [0.1, 1000, 1000, 8.342293067263533e-5],
  ])("d = %s, n = %s + %s is within 3%% of scipy's asymp %s", (d, n1, n2, scipyAsymp) => {
    expectClose(kolmogorovSmirnovPValue(d, n1, n2), scipyAsymp, 0.03);
  });

  it.each<[string, number, number, number, number]>([
    ["d = 0", 0, 10, 10, 1],
    ["n1 = 0", 0.5, 0, 10, NaN],
    ["NaN d", NaN, 10, 10, NaN],
  ])("%s", (_name, d, n1, n2, expected) => {
    expect(kolmogorovSmirnovPValue(d, n1, n2)).toBe(expected);
  });
});
