import { describe, expect, it } from "vitest";
import { normalQuantile } from "./normal.js";
import { wilsonInterval } from "./wilson-interval.js";

describe("wilsonInterval", () => {
  // statsmodels is not installed; the formula of proportion_confint(method='wilson') in
  // numpy/scipy: z = norm.ppf(1 - (1 - conf)/2); p = x/n;
  // c = (p + z*z/(2*n)) / (1 + z*z/n); h = z/(1 + z*z/n) * sqrt(p*(1-p)/n + z*z/(4*n*n));
  // [max(0, c - h), min(1, c + h)]
  it.each<[number, number, number, number, number]>([
    [85, 100, 0.95, 0.7671644040916763, 0.9069401471634337],
    [425, 500, 0.95, 0.8160389193683016, 0.8786240423086119],
    [0, 20, 0.95, 0, 0.16112515805281938],
    [20, 20, 0.95, 0.8388748419471806, 1],
    [1, 2, 0.9, 0.12086631942227366, 0.8791336805777263],
    [1700, 2000, 0.99, 0.8282778259983143, 0.869407638543052],
    [3, 1000, 0.95, 0.0010207838811386186, 0.008783014053503173],
  ])("%s of %s at %s", (successes, n, confidence, low, high) => {
    const interval = wilsonInterval(successes, n, confidence);
    expect(Math.abs(interval.low - low)).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(interval.high - high)).toBeLessThanOrEqual(1e-15);
  });

  // Independent of the closed form: each finite end p solves the score equation
  // (p̂ − p)² = z²·p(1 − p)/n.
  it.each<[number, number, number]>([
    [85, 100, 0.95],
    [1, 7, 0.8],
    [999, 1000, 0.999],
  ])("ends solve the score equation: %s of %s at %s", (successes, n, confidence) => {
    const z = normalQuantile(1 - (1 - confidence) / 2);
    const share = successes / n;
    const { low, high } = wilsonInterval(successes, n, confidence);
    for (const p of [low, high]) expect(Math.abs((share - p) ** 2 - (z * z * p * (1 - p)) / n)).toBeLessThan(1e-15);
  });

  it("is [0, 1] with no data", () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it("narrows as n grows at the same share", () => {
    const widths = [100, 500, 2000].map((n) => {
      const { low, high } = wilsonInterval(0.85 * n, n);
      return high - low;
    });
    expect(widths[0]).toBeGreaterThan(widths[1]!);
    expect(widths[1]).toBeGreaterThan(widths[2]!);
  });

  it.each<[number, number, number]>([
    [5, 4, 0.95],
    [-1, 4, 0.95],
    [1, -1, 0.95],
    [1, 4, 1],
    [1, 4, 0],
    [NaN, 4, 0.95],
  ])("throws for %s of %s at %s", (successes, n, confidence) => {
    expect(() => wilsonInterval(successes, n, confidence)).toThrow(RangeError);
  });
});
