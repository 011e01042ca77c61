import { describe, expect, it } from "vitest";
import { normalCdf, normalPdf, normalQuantile } from "./normal.js";

function expectClose(actual: number, expected: number, tolerance: number): void {
  const error = Math.abs(actual - expected);
  expect(error, `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe("normalCdf", () => {
  // scipy.stats.norm.cdf(z), scipy 1.17.1
  it.each<[number, number]>([
    [-8, 6.22096057427174e-16],
    [-5, 2.866515718791933e-7],
    [-3, 0.0013498980316300933],
    [-1.96, 0.024997895148220435],
    [-1.5, 0.06680720126885807],
    [-1, 0.15865525393145707],
    [-0.5, 0.3085375387259869],
    [-1e-5, 0.49999601057719606],
    [0, 0.5],
    [0.3, 0.6179114221889526],
    [1, 0.8413447460685429],
    [1.4999, 0.9331798460001663], // the series' last point
    [1.5, 0.9331927987311419], // the continued fraction's first
    [2.5, 0.9937903346742238],
    [5, 0.9999997133484281],
  ])("Φ(%s) = %s", (z, expected) => {
    expectClose(normalCdf(z), expected, 1e-14);
  });

  // The far lower tail from mpmath (mp.dps = 40; float(mp.ncdf(z))): scipy's ndtr is off by
  // 8e-14 at z = -37 and returns 0 at -38. Tolerance 2e-14: e^(-z²/2) is split so its
  // rounding does not grow with z². -38 is subnormal (2.9e-316): only 8 digits exist.
  it.each<[number, number, number]>([
    [-10, 7.619853024160525e-24, 2e-14],
    [-20, 2.7536241186062337e-89, 2e-14],
    [-30, 4.906713927148187e-198, 2e-14],
    [-37, 5.725571222524577e-300, 2e-14],
    [-38, 2.88542835e-316, 1e-8],
  ])("Φ(%s) = %s (mpmath)", (z, expected, tolerance) => {
    expectClose(normalCdf(z), expected, tolerance);
  });

  it.each<[number, number]>([
    [-Infinity, 0],
    [Infinity, 1],
    [-40, 0], // below the smallest double
    [9, 1], // 1 − 1.1e-19 rounds to 1
  ])("Φ(%s) = %s", (z, expected) => {
    expect(normalCdf(z)).toBe(expected);
  });

  it("is NaN for NaN", () => {
    expect(normalCdf(NaN)).toBeNaN();
  });

  it("is symmetric: Φ(−z) + Φ(z) = 1", () => {
    for (const z of [0.1, 0.9, 1.49, 1.51, 2.2, 4]) expectClose(normalCdf(-z) + normalCdf(z), 1, 2e-16);
  });

  // scipy.stats.norm.pdf(z)
  it.each<[number, number]>([
    [0, 0.3989422804014327],
    [1.3, 0.17136859204780736],
    [-7.77, 3.098142594051716e-14],
  ])("φ(%s) = %s", (z, expected) => {
    expectClose(normalPdf(z), expected, 2e-15);
  });
});

describe("normalQuantile", () => {
  // scipy.stats.norm.ppf(p). Acklam's 1.15e-9 alone would fail these; the Halley step on
  // normalCdf brings it to rounding (3e-15 allows the ppf's own conditioning near p = ½).
  it.each<[number, number]>([
    [1e-300, -37.0470962993612],
    [1e-100, -21.273453560965322],
    [1e-20, -9.262340089798409],
    [1e-12, -7.034483825301131],
    [1e-9, -5.9978070150076865],
    [0.001, -3.090232306167813],
    [0.02, -2.053748910631823],
    [0.02425, -1.972961051311885], // where Acklam switches regions
    [0.03, -1.880793608151251],
    [0.1, -1.2815515655446004],
    [0.3, -0.5244005127080409],
    [0.7, 0.5244005127080407],
    [0.975, 1.959963984540054],
    [0.99, 2.3263478740408408],
    [1 - 1e-12, 7.0344869100478356], // 1 − p rounds: this is the quantile of the double
  ])("Φ⁻¹(%s) = %s", (p, expected) => {
    expectClose(normalQuantile(p), expected, 3e-15);
  });

  it.each<[number, number]>([
    [0, -Infinity],
    [1, Infinity],
    [0.5, 0],
    [-0.1, NaN],
    [1.1, NaN],
    [NaN, NaN],
  ])("Φ⁻¹(%s) = %s", (p, expected) => {
    expect(normalQuantile(p)).toBe(expected);
  });

  it("inverts normalCdf on a grid of z from −35 to 6", () => {
    for (let z = -35; z <= 6; z += 0.37) {
      // Above 0, Φ(z) is stored to 1.1e-16 absolute, which moves the quantile by
      // 1.1e-16/φ(z): the round trip can be no better than that.
      const conditioning = z > 0 ? 1.1e-16 / (normalPdf(z) * z) : 0;
      expectClose(normalQuantile(normalCdf(z)), z, 1e-13 + 2 * conditioning);
    }
  });
});
