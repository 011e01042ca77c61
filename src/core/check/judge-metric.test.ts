import { describe, expect, it } from "vitest";
import { defaultPolicy, type Threshold } from "../metric-policy.js";
import { DEFAULT_CHECK_SETTINGS, type CheckSettings } from "../project-config.js";
import { exceedsThreshold, testMetric, type MetricEvidence } from "./judge-metric.js";
import type { PairedOutcome } from "./paired-examples.js";

/** |actual − expected| ≤ rel·|expected|. */
function expectRelative(actual: number | null, expected: number, rel = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe("exceedsThreshold", () => {
  it.each<[string, number, number, Threshold, boolean]>([
    // absolute only
    ["absolute: a drop beyond", -0.02, 0.9, { absolute: 0.01 }, true],
    ["absolute: a rise beyond", 0.02, 0.9, { absolute: 0.01 }, true],
    ["absolute: within", -0.005, 0.9, { absolute: 0.01 }, false],
    ["absolute: exactly at the threshold", 0.01, 0.9, { absolute: 0.01 }, true],
    ["absolute: the baseline does not matter", 2, 1e6, { absolute: 1 }, true],
    // relative only
    ["relative: 5% of 100", 5, 100, { relative: 0.05 }, true],
    ["relative: 4.9% of 100", -4.9, 100, { relative: 0.05 }, false],
    ["relative: of |baseline| when it is negative", 5, -100, { relative: 0.05 }, true],
    ["relative: 10 ms on 1000 ms is 1%", 10, 1000, { relative: 0.05 }, false],
    // both: every threshold given must be reached
    ["both: absolute reached, relative not (0.02/0.9 = 2.2%)", -0.02, 0.9, { absolute: 0.01, relative: 0.05 }, false],
    ["both: relative reached (0.005/0.2 = 2.5%), absolute not", -0.005, 0.2, { absolute: 0.01, relative: 0.02 }, false],
    ["both reached (0.05/0.9 = 5.6%)", -0.05, 0.9, { absolute: 0.01, relative: 0.05 }, true],
    // none: any change counts, no change never does
    ["none: a tiny change counts", 1e-9, 1, {}, true],
    ["none: no change", 0, 1, {}, false],
    ["absolute 0: any change", -1e-9, 1, { absolute: 0 }, true],
    ["no change never exceeds, even with a zero threshold", 0, 1, { absolute: 0, relative: 0 }, false],
    // a zero baseline
    ["zero baseline, absolute only", 0.3, 0, { absolute: 0.01 }, true],
    ["zero baseline, no change", 0, 0, { relative: 0.02 }, false],
    // floating point: 0.9 − 0.89 = 0.010000000000000009 and 0.57 − 0.56 = 0.009999999999999898
    ["0.9 − 0.89 with absolute 0.01", 0.9 - 0.89, 0.89, { absolute: 0.01 }, true],
    ["0.89 − 0.9 with absolute 0.01", 0.89 - 0.9, 0.9, { absolute: 0.01 }, true],
    ["0.57 − 0.56 (just under 0.01 in floating point) with absolute 0.01", 0.57 - 0.56, 0.56, { absolute: 0.01 }, true],
    ["0.56 − 0.57 with absolute 0.01", 0.56 - 0.57, 0.57, { absolute: 0.01 }, true],
    // (0.84 − 0.8)/0.8 = 0.049999999999999906 in floating point
    ["0.8 -> 0.84 with relative 5%", 0.84 - 0.8, 0.8, { relative: 0.05 }, true],
    // a real shortfall is not rounded away
    ["0.0099 with absolute 0.01", 0.0099, 0.5, { absolute: 0.01 }, false],
    ["0.00999999 with absolute 0.01", 0.00999999, 0.5, { absolute: 0.01 }, false],
  ])("%s", (_name, delta, baseline, threshold, expected) => {
    expect(exceedsThreshold(delta, baseline, threshold)).toBe(expected);
  });

  // Regression test (fixed): a relative threshold can never be reached from a zero baseline, so error_rate
  // 0 -> 0.3 (default threshold: 2% relative) is "within the threshold". A change from 0 is
  // an infinite relative change.
  it("zero baseline, relative only: error_rate 0 -> 0.3 exceeds 2%", () => {
    expect(exceedsThreshold(0.3, 0, { relative: 0.02 })).toBe(true);
  });
});

const SETTINGS: CheckSettings = { ...DEFAULT_CHECK_SETTINGS, min_samples: 5, model: "t_test" };

function evidence(overrides: Partial<MetricEvidence>): MetricEvidence {
  return { policy: defaultPolicy("f1"), current: [], baseline: [], history: [], paired: null, baselineIsMarked: false, ...overrides };
}

const PAIRED: PairedOutcome = { method: "mcnemar", delta: -0.1, p_value: 0.5, ci_low: -0.23, ci_high: 0.03, examples: 20, flips: { b: 2, c: 0, regressed_ids: ["a", "b"] } };
const HISTORY = [0.9, 0.91, 0.89, 0.92, 0.88, 0.9]; // mean 0.9, s = 0.014142135623730963

describe("testMetric: which test decides", () => {
  it.each<[string, Partial<MetricEvidence>, Partial<CheckSettings>, string]>([
    ["paired examples beat everything", { paired: PAIRED, current: [0.8, 0.81], baseline: [0.9, 0.91], history: HISTORY }, {}, "mcnemar"],
    ["a paired bootstrap", { paired: { ...PAIRED, method: "paired-bootstrap", flips: undefined }, current: [0.8], baseline: [0.9] }, {}, "paired-bootstrap"],
    ["two runs on both sides: Welch, before history", { current: [0.8, 0.81], baseline: [0.9, 0.91], history: HISTORY }, {}, "welch-t"],
    ["Welch without history", { current: [0.8, 0.81, 0.79], baseline: [0.9, 0.91] }, {}, "welch-t"],
    ["one current run: history", { current: [0.8], baseline: [0.9, 0.91, 0.9], history: HISTORY }, {}, "history-t_test"],
    ["one baseline run: history", { current: [0.8, 0.81, 0.8], baseline: [0.9], history: HISTORY }, {}, "history-t_test"],
    ["history of exactly min_samples", { current: [0.8], baseline: [0.9], history: HISTORY.slice(0, 5) }, {}, "history-t_test"],
    ["history below min_samples: the threshold", { current: [0.8], baseline: [0.9], history: HISTORY.slice(0, 4) }, {}, "threshold"],
    ["min_samples 3 with three runs", { current: [0.8], baseline: [0.9], history: HISTORY.slice(0, 3) }, { min_samples: 3 }, "history-t_test"],
    ["one run of history", { current: [0.8], baseline: [0.9], history: [0.9] }, { min_samples: 2 }, "threshold"],
    ["two runs of history with min_samples 2", { current: [0.8], baseline: [0.9], history: [0.9, 0.91] }, { min_samples: 2 }, "history-t_test"],
    ["nothing but one run each: the threshold", { current: [0.8], baseline: [0.9] }, {}, "threshold"],
    ["the z_score model", { current: [0.8], baseline: [0.9], history: HISTORY }, { model: "z_score" }, "history-z_score"],
    ["the percentage model", { current: [0.8], baseline: [0.9], history: HISTORY }, { model: "percentage" }, "history-percentage"],
    ["the iqr model", { current: [0.8], baseline: [0.9], history: HISTORY }, { model: "iqr" }, "history-iqr"],
    ["the iqr model needs four runs", { current: [0.8], baseline: [0.9], history: HISTORY.slice(0, 3) }, { model: "iqr", min_samples: 2 }, "threshold"],
  ])("%s -> %s", (_name, overrides, settings, method) => {
    expect(testMetric(evidence(overrides), { ...SETTINGS, ...settings }).method).toBe(method);
  });

  it("passes a paired outcome through", () => {
    expect(testMetric(evidence({ paired: PAIRED, current: [0.8], baseline: [0.9] }), SETTINGS)).toEqual({
      method: "mcnemar", p_value: 0.5, outside_limits: null, ci_low: -0.23, ci_high: 0.03, examples: 20,
    });
  });

  it("has no p-value, interval or limits with only the threshold", () => {
    expect(testMetric(evidence({ current: [0.8], baseline: [0.9] }), SETTINGS)).toMatchObject({
      method: "threshold", p_value: null, outside_limits: null, ci_low: null, ci_high: null, examples: null,
    });
  });
});

describe("testMetric: Welch's t on repeated runs", () => {
  // scipy 1.17.1:
  //   r = stats.ttest_ind(current, baseline, equal_var=False); r.pvalue, r.confidence_interval(0.95)
  it.each<[number[], number[], number, number, number]>([
    [[0.8, 0.82, 0.81], [0.85, 0.86, 0.84, 0.85], 0.005365069030640572, -0.059922547967027937, -0.020077452032971912],
    [[130, 131, 129], [100, 101, 99], 3.2759863859536512e-06, 27.73304206447248, 32.26695793552752],
    [[10, 10.1], [1, 1.1], 6.172268005755311e-05, 8.695756507770335, 9.304243492229665],
    // zero variance on one side: df = n − 1 of the other
    [[0.8, 0.8, 0.8], [0.85, 0.86, 0.84], 0.013072457560346631, -0.07484137711750315, -0.025158622882496498],
  ])("current %j vs baseline %j: p = %s", (current, baseline, p, low, high) => {
    const out = testMetric(evidence({ current, baseline }), SETTINGS);
    expect(out.method).toBe("welch-t");
    expectRelative(out.p_value, p, 1e-8);
    expectRelative(out.ci_low, low, 1e-8);
    expectRelative(out.ci_high, high, 1e-8);
    expect(out.examples).toBeNull();
  });

  it("zero variance on both sides: p 1 for equal means, 0 for different ones", () => {
    expect(testMetric(evidence({ current: [0.8, 0.8], baseline: [0.8, 0.8] }), SETTINGS)).toMatchObject({ p_value: 1, ci_low: 0, ci_high: 0 });
    const out = testMetric(evidence({ current: [0.7, 0.7], baseline: [0.8, 0.8] }), SETTINGS);
    expect(out.p_value).toBe(0);
    expect(out.ci_low).toBeCloseTo(-0.1, 12);
    expect(out.ci_high).toBeCloseTo(-0.1, 12);
  });
});

describe("testMetric: history models", () => {
  // t = (x̄ − mean(h))/(s·√(1/m + 1/n)), one-sided in the observed direction, df n − 1:
  //   h = np.array([0.90, 0.91, 0.89, 0.92, 0.88, 0.90]); s = h.std(ddof=1); n = 6
  //   se = s*np.sqrt(1/m + 1/n); t = (x - h.mean())/se; stats.t.cdf(-abs(t), n - 1)
  //   interval: (x - h.mean()) ± stats.t.ppf(0.975, n - 1)*se
  it.each<[number[], number, number, number]>([
    [[0.86], 0.023588277465794866, -0.07926628613960655, -0.0007337138603935173],
    [[0.86, 0.87], 0.014522608864008104, -0.06468252229557182, -0.0053174777044282355],
    // a rise: the p-value is one-sided in the direction observed
    [[0.905], 0.37834039716869716, -0.034266286139606514, 0.04426628613960652],
  ])("t_test, current %j: p = %s", (current, p, low, high) => {
    const out = testMetric(evidence({ current, baseline: [0.9], history: HISTORY }), SETTINGS);
    expect(out.method).toBe("history-t_test");
    expectRelative(out.p_value, p);
    expectRelative(out.ci_low, low);
    expectRelative(out.ci_high, high);
    expect(out.reference).toBeCloseTo(0.9, 14);
  });

  // With a marked baseline of one run (0.91) the reference is that run:
  //   se = s*np.sqrt(1/1 + 1/1); t = (0.86 - 0.91)/se = -2.5; stats.t.cdf(-2.5, 5)
  it("t_test against a marked baseline", () => {
    const out = testMetric(evidence({ current: [0.86], baseline: [0.91], history: HISTORY, baselineIsMarked: true }), SETTINGS);
    expect(out.reference).toBe(0.91);
    expectRelative(out.p_value, 0.02724504967118813);
    expectRelative(out.ci_low, -0.10141163671272635);
    expectRelative(out.ci_high, 0.0014116367127263371);
  });

  it("t_test with an unmarked (previous) baseline uses the history's level, not the previous run", () => {
    const out = testMetric(evidence({ current: [0.86], baseline: [0.91], history: HISTORY, baselineIsMarked: false }), SETTINGS);
    expect(out.reference).toBeCloseTo(0.9, 14);
    expectRelative(out.p_value, 0.023588277465794866);
  });

  // z_score: p = stats.norm.cdf(-abs(0.86 - 0.9)/s); interval (0.86 − 0.9) ± 1.959964·s
  it("z_score", () => {
    const out = testMetric(evidence({ current: [0.86], baseline: [0.9], history: HISTORY }), { ...SETTINGS, model: "z_score" });
    expectRelative(out.p_value, 0.0023388674905236288);
    expectRelative(out.ci_low, -0.06771807648699361);
    expectRelative(out.ci_high, -0.012281923513006453);
  });

  // iqr: np.percentile(h, [25, 50, 75]) = 0.8925, 0.9, 0.9075; fences 0.9 ± 1.5·0.015 = [0.8775, 0.9225].
  it.each<[number, boolean]>([[0.87, true], [0.93, true], [0.88, false], [0.92, false], [0.9, false]])("iqr: %s outside the fences: %s", (x, outside) => {
    const out = testMetric(evidence({ current: [x], baseline: [0.9], history: HISTORY }), { ...SETTINGS, model: "iqr" });
    expect(out.p_value).toBeNull();
    expect(out.outside_limits).toBe(outside);
    expect(out.reference).toBeCloseTo(0.9, 14);
    expect(out.ci_low).toBeCloseTo(-0.0225, 12);
    expect(out.ci_high).toBeCloseTo(0.0225, 12);
  });

  it.each<[number, boolean]>([[0.8, true], [1.0, true], [0.9, false]])("percentage: %s outside: %s", (x, outside) => {
    const out = testMetric(evidence({ current: [x], baseline: [0.9], history: HISTORY }), { ...SETTINGS, model: "percentage" });
    expect(out.p_value).toBeNull();
    expect(out.outside_limits).toBe(outside);
    expect(out.reference).toBeCloseTo(0.9, 14);
  });

  it("a limits model uses the marked baseline as the reference", () => {
    const out = testMetric(evidence({ current: [0.8], baseline: [0.95], history: HISTORY, baselineIsMarked: true }), { ...SETTINGS, model: "iqr" });
    expect(out.reference).toBe(0.95);
  });

  describe("zero-variance history", () => {
    const flat = [0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
    it.each(["t_test", "z_score"] as const)("%s: the same value gives p = 1, interval [0, 0]", (model) => {
      const out = testMetric(evidence({ current: [0.9], baseline: [0.9], history: flat }), { ...SETTINGS, model });
      expect(out.p_value).toBe(1);
      expect(out.ci_low).toBe(0);
      expect(out.ci_high).toBe(0);
    });
    it.each(["t_test", "z_score"] as const)("%s: any change gives p = 0", (model) => {
      const out = testMetric(evidence({ current: [0.88], baseline: [0.9], history: flat }), { ...SETTINGS, model });
      expect(out.p_value).toBe(0);
      expect(out.ci_low).toBeCloseTo(-0.02, 12);
      expect(out.ci_high).toBeCloseTo(-0.02, 12);
    });
    it("iqr: any change is outside the fences", () => {
      expect(testMetric(evidence({ current: [0.88], baseline: [0.9], history: flat }), { ...SETTINGS, model: "iqr" }).outside_limits).toBe(true);
      expect(testMetric(evidence({ current: [0.9], baseline: [0.9], history: flat }), { ...SETTINGS, model: "iqr" }).outside_limits).toBe(false);
    });
  });
});
