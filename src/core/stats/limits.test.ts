import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { computeLimits, MIN_HISTORY, type Limits, type LimitModel, type LimitOptions } from "./limits.js";

function expectLimits(actual: ReturnType<typeof computeLimits>, expected: Limits): void {
  if ("status" in actual) throw new Error(`expected limits, got ${JSON.stringify(actual)}`);
  expect(actual.n).toBe(expected.n);
  for (const key of ["center", "lower", "upper", "spread"] as const) {
    const error = Math.abs(actual[key] - expected[key]);
    expect(error, `${key}: ${actual[key]} vs ${expected[key]}`).toBeLessThanOrEqual(1e-14 * Math.abs(expected[key]));
  }
}

const HISTORY = [101.0, 99.0, 100.5, 102.0, 98.0, 100.0, 99.5, 103.0];

// numpy 2.4.6 / scipy 1.17.1 with a = np.array(history), n = len(a), m = a.mean(),
// s = a.std(ddof=1):
//   percentage: m*(1 - b), m*(1 + b)
//   z_score:    m ∓ stats.norm.ppf(b)*s
//   t_test:     m ∓ stats.t.ppf(b, n - 1)*s*np.sqrt(1 + 1/n)
//   iqr:        np.median(a) ∓ k*stats.iqr(a)
describe("computeLimits", () => {
  it.each<[LimitModel, readonly number[], LimitOptions, Limits]>([
    ["percentage", HISTORY, { boundary: 0.05 }, { center: 100.375, lower: 95.35624999999999, upper: 105.39375000000001, n: 8, spread: 0 }],
    ["z_score", HISTORY, { boundary: 0.99 }, { center: 100.375, lower: 96.60588566351223, upper: 104.14411433648777, n: 8, spread: 1.620185174601965 }],
    ["t_test", HISTORY, { boundary: 0.99 }, { center: 100.375, lower: 95.22312250563007, upper: 105.52687749436993, n: 8, spread: 1.620185174601965 }],
    ["iqr", HISTORY, { boundary: 1.5 }, { center: 100.25, lower: 97.4375, upper: 103.0625, n: 8, spread: 1.875 }],
    ["static", HISTORY, { boundary: 0, lower: 95, upper: 110 }, { center: 100.375, lower: 95, upper: 110, n: 8, spread: 0 }],
    // The fewest runs each model takes.
    ["percentage", [0.84], { boundary: 0.02 }, { center: 0.84, lower: 0.8232, upper: 0.8568, n: 1, spread: 0 }],
    ["z_score", [0.84, 0.86], { boundary: 0.95 }, { center: 0.85, lower: 0.8267382569264665, upper: 0.8732617430735334, n: 2, spread: 0.014142135623730963 }],
    ["t_test", [0.84, 0.86], { boundary: 0.95 }, { center: 0.85, lower: 0.7406426159021787, upper: 0.9593573840978212, n: 2, spread: 0.014142135623730963 }],
    ["iqr", [1, 2, 3, 10], { boundary: 1.5 }, { center: 2.5, lower: -2, upper: 7, n: 4, spread: 3 }],
    // A negative mean keeps lower ≤ upper: np.mean(neg)*(1 + b), np.mean(neg)*(1 - b).
    ["percentage", [-10, -12, -11], { boundary: 0.1 }, { center: -11, lower: -12.100000000000001, upper: -9.9, n: 3, spread: 0 }],
  ])("%s on %j with %j", (model, history, options, expected) => {
    expectLimits(computeLimits(model, history, options), expected);
  });

  it("t_test is wider than z_score: it counts the uncertainty of the mean and of s", () => {
    const z = computeLimits("z_score", HISTORY, { boundary: 0.99 });
    const t = computeLimits("t_test", HISTORY, { boundary: 0.99 });
    if ("status" in z || "status" in t) throw new Error("expected limits");
    expect(t.upper - t.lower).toBeGreaterThan(z.upper - z.lower);
  });

  it("collapses to the mean for a constant history (s = 0)", () => {
    expect(computeLimits("t_test", [5, 5, 5], { boundary: 0.99 })).toEqual({ center: 5, lower: 5, upper: 5, n: 3, spread: 0 });
  });

  it("static with no history and one bound: the other is infinite, center NaN", () => {
    expect(computeLimits("static", [], { boundary: 0, lower: 0.8 })).toEqual({ center: NaN, lower: 0.8, upper: Infinity, n: 0, spread: 0 });
  });

  it.each<[LimitModel, number[], number]>([
    ["percentage", [], 1],
    ["z_score", [0.8], 2],
    ["t_test", [], 2],
    ["t_test", [0.8], 2],
    ["iqr", [1, 2, 3], 4],
  ])("%s with %j: insufficient data", (model, history, need) => {
    expect(computeLimits(model, history, { boundary: model === "iqr" ? 1.5 : 0.99 })).toEqual({ status: "insufficient-data", have: history.length, need });
    expect(MIN_HISTORY[model]).toBe(need);
  });

  it.each<[LimitModel, LimitOptions, string]>([
    ["z_score", { boundary: 0.4 }, "LIMIT_BOUNDARY_OUT_OF_RANGE"],
    ["t_test", { boundary: 1 }, "LIMIT_BOUNDARY_OUT_OF_RANGE"],
    ["t_test", { boundary: 99 }, "LIMIT_BOUNDARY_OUT_OF_RANGE"],
    ["percentage", { boundary: -0.05 }, "LIMIT_BOUNDARY_OUT_OF_RANGE"],
    ["iqr", { boundary: NaN }, "LIMIT_BOUNDARY_OUT_OF_RANGE"],
    ["static", { boundary: 0, lower: 2, upper: 1 }, "LIMIT_BOUNDS_REVERSED"],
  ])("%s with %j throws %s", (model, options, code) => {
    // Checked before the history: a bad setting is reported even with no data yet.
    expect(() => computeLimits(model, [], options)).toThrow(InvalidInputError);
    expect(() => computeLimits(model, [], options)).toThrow(expect.objectContaining({ code }));
  });
});
