import { describe, expect, it } from "vitest";
import { seededRandom } from "../random.js";
import type { ExampleResult } from "../types.js";
import { comparePairedExamples } from "./paired-examples.js";

const OPTIONS = { iterations: 1000, seed: 1 };
const Z_975 = 1.959963984540054; // scipy.stats.norm.ppf(0.975)

/** Baseline and candidate examples with ids e0, e1, ... from [baseline correct, candidate correct] counts. */
function mcnemarRuns(counts: { tf: number; ft: number; tt: number; ff: number }): { baseline: ExampleResult[]; candidate: ExampleResult[]; regressed: string[] } {
  const patterns: [boolean, boolean][] = [
    ...Array<[boolean, boolean]>(counts.tf).fill([true, false]),
    ...Array<[boolean, boolean]>(counts.ft).fill([false, true]),
    ...Array<[boolean, boolean]>(counts.tt).fill([true, true]),
    ...Array<[boolean, boolean]>(counts.ff).fill([false, false]),
  ];
  return {
    baseline: patterns.map(([base], i) => ({ id: `e${i}`, correct: base })),
    candidate: patterns.map(([, cand], i) => ({ id: `e${i}`, correct: cand })),
    regressed: patterns.flatMap(([base, cand], i) => (base && !cand ? [`e${i}`] : [])),
  };
}

/** DETECTION.md section 5: delta = (c − b)/N, SE = √((b + c) − (b − c)²/N)/N, 95% normal interval. */
function mcnemarInterval(b: number, c: number, n: number): [number, number] {
  const delta = (c - b) / n;
  const se = Math.sqrt(b + c - (b - c) ** 2 / n) / n;
  return [delta - Z_975 * se, delta + Z_975 * se];
}

describe("comparePairedExamples: McNemar on `correct`", () => {
  // p: scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue (scipy 1.17.1), e.g.
  //   python3 -c "from scipy import stats; print(stats.binomtest(50, 300, 0.5).pvalue)"
  it.each<[string, { tf: number; ft: number; tt: number; ff: number }, number, number]>([
    // b = 3, c = 1, N = 10: binomtest(1, 4) = 0.625
    ["b = 3, c = 1 of 10", { tf: 3, ft: 1, tt: 4, ff: 2 }, -0.2, 0.625],
    // The 20 examples, accuracy 0.80 -> 0.70: b = 2, c = 0: binomtest(0, 2) = 0.5
    ["0.80 -> 0.70 on 20 examples (b = 2, c = 0)", { tf: 2, ft: 0, tt: 14, ff: 4 }, -0.1, 0.5],
    // The same drop on 2,000 examples, with churn: b = 250, c = 50: binomtest(50, 300)
    ["0.80 -> 0.70 on 2,000 examples (b = 250, c = 50)", { tf: 250, ft: 50, tt: 1350, ff: 350 }, -0.1, 3.8108306980860234e-33],
    // An improvement: b = 0, c = 10 of 100: binomtest(0, 10) = 0.001953125
    ["an improvement (b = 0, c = 10 of 100)", { tf: 0, ft: 10, tt: 70, ff: 20 }, 0.1, 0.001953125],
    // b = 6, c = 0: binomtest(0, 6) = 0.03125
    ["b = 6, c = 0 of 100", { tf: 6, ft: 0, tt: 74, ff: 20 }, -0.06, 0.03125],
  ])("%s", (_name, counts, delta, p) => {
    const { baseline, candidate, regressed } = mcnemarRuns(counts);
    const n = counts.tf + counts.ft + counts.tt + counts.ff;
    const out = comparePairedExamples("accuracy", baseline, candidate, OPTIONS);
    expect(out).not.toBeNull();
    expect(out!.method).toBe("mcnemar");
    expect(out!.examples).toBe(n);
    expect(out!.flips?.b).toBe(counts.tf);
    expect(out!.flips?.c).toBe(counts.ft);
    expect(out!.delta).toBeCloseTo(delta, 14);
    expect(Math.abs(out!.p_value - p)).toBeLessThanOrEqual(1e-12 * p);
    const [low, high] = mcnemarInterval(counts.tf, counts.ft, n);
    expect(out!.ci_low).toBeCloseTo(low, 12);
    expect(out!.ci_high).toBeCloseTo(high, 12);
    // Every regressed id is one the baseline got right and the candidate wrong.
    for (const id of out!.flips!.regressed_ids) expect(regressed).toContain(id);
  });

  it("lists exactly the regressed ids when there are few", () => {
    const { baseline, candidate, regressed } = mcnemarRuns({ tf: 3, ft: 1, tt: 4, ff: 2 });
    expect([...comparePairedExamples("accuracy", baseline, candidate, OPTIONS)!.flips!.regressed_ids].sort()).toEqual([...regressed].sort());
  });

  // The 20-example interval by hand: SE = √(2 − 4/20)/20 = √1.8/20 = 0.0670820; ±1.96·SE = ±0.1314784.
  it("gives the 20-example case its interval by hand", () => {
    const { baseline, candidate } = mcnemarRuns({ tf: 2, ft: 0, tt: 14, ff: 4 });
    const out = comparePairedExamples("accuracy", baseline, candidate, OPTIONS)!;
    expect(out.ci_low).toBeCloseTo(-0.2314784, 6);
    expect(out.ci_high).toBeCloseTo(0.0314784, 6);
  });

  it.each(["accuracy", "acc", "exact_match", "em", "correct", "pass_rate", "pass@1", "eval.accuracy"])("uses McNemar for %s", (metric) => {
    const { baseline, candidate } = mcnemarRuns({ tf: 3, ft: 1, tt: 4, ff: 2 });
    expect(comparePairedExamples(metric, baseline, candidate, OPTIONS)?.method).toBe("mcnemar");
  });

  it("pairs examples only by shared ids, in any order", () => {
    const { baseline, candidate } = mcnemarRuns({ tf: 3, ft: 1, tt: 4, ff: 2 });
    // Extra examples on each side that would change b and c if they were paired.
    const base = [...baseline, ...["x1", "x2", "x3"].map((id) => ({ id, correct: true }))];
    const cand = [...["y1", "y2", "y3"].map((id) => ({ id, correct: false })), ...[...candidate].reverse()];
    const out = comparePairedExamples("accuracy", base, cand, OPTIONS)!;
    expect(out.examples).toBe(10);
    expect(out.flips).toMatchObject({ b: 3, c: 1 });
    expect(out.delta).toBeCloseTo(-0.2, 14);
    expect(out.p_value).toBeCloseTo(0.625, 12);
  });

  it("pairs by id, not by position", () => {
    // Same outcomes per id; shifted positions would make every pair discordant.
    const baseline = [{ id: "a", correct: true }, { id: "b", correct: false }, { id: "c", correct: true }, { id: "d", correct: false }];
    const candidate = [{ id: "b", correct: false }, { id: "c", correct: true }, { id: "d", correct: false }, { id: "a", correct: true }];
    const out = comparePairedExamples("accuracy", baseline, candidate, OPTIONS)!;
    expect(out.flips).toMatchObject({ b: 0, c: 0 });
    expect(out.p_value).toBe(1);
  });
});

// Ten examples, positive class "1". By hand (tp, fp, fn):
//   baseline  (4, 1, 1): P = 4/5, R = 4/5, F1 = 0.8
//   candidate (3, 0, 2): P = 1,   R = 3/5, F1 = 2·0.6/1.6 = 0.75
const TRUTH = ["1", "1", "1", "1", "0", "0", "0", "0", "1", "0"];
const BASE_PRED = ["1", "1", "1", "0", "0", "0", "1", "0", "1", "0"];
const CAND_PRED = ["1", "1", "0", "0", "0", "0", "0", "0", "1", "0"];

function classificationRuns(truth: string[], base: string[], cand: string[]): { baseline: ExampleResult[]; candidate: ExampleResult[] } {
  return {
    baseline: truth.map((label, i) => ({ id: `e${i}`, label, prediction: base[i]! })),
    // The candidate need not repeat the label: the truth is the baseline's.
    candidate: truth.map((_, i) => ({ id: `e${i}`, prediction: cand[i]! })),
  };
}

const relabel = (values: string[], map: Record<string, string>) => values.map((v) => map[v]!);

describe("comparePairedExamples: f1, precision, recall from label and prediction", () => {
  it.each<[string, Record<string, string>, string, number]>([
    ["1/0", { 1: "1", 0: "0" }, "f1", 0.75 - 0.8],
    ["1/0", { 1: "1", 0: "0" }, "precision", 1 - 0.8],
    ["1/0", { 1: "1", 0: "0" }, "recall", 0.6 - 0.8],
    ["yes/no", { 1: "yes", 0: "no" }, "f1", 0.75 - 0.8],
    ["True/False", { 1: "True", 0: "False" }, "eval_f1", 0.75 - 0.8],
    ["positive/negative", { 1: "positive", 0: "negative" }, "recall", 0.6 - 0.8],
    // No recognisable positive label: macro average over both classes. Class "ham" (the
    // 0s) by hand: baseline (4, 1, 1) F1 0.8; candidate (5, 2, 0): P = 5/7, R = 1, F1 = 5/6.
    // Macro: baseline 0.8, candidate (3/4 + 5/6)/2 = 19/24; delta = 19/24 − 4/5 = −1/120.
    ["spam/ham (macro)", { 1: "spam", 0: "ham" }, "f1", -1 / 120],
  ])("binary, labels %s: %s delta by hand", (_labels, map, metric, delta) => {
    const { baseline, candidate } = classificationRuns(relabel(TRUTH, map), relabel(BASE_PRED, map), relabel(CAND_PRED, map));
    const out = comparePairedExamples(metric, baseline, candidate, OPTIONS);
    expect(out).not.toBeNull();
    expect(out!.method).toBe("paired-bootstrap");
    expect(out!.examples).toBe(10);
    expect(out!.delta).toBeCloseTo(delta, 12);
    expect(out!.ci_low).toBeLessThanOrEqual(out!.ci_high);
  });

  // Nine examples of three classes; the baseline is perfect (every score 1). Candidate by
  // class (tp, fp, fn): cat (2, 2, 1): P 1/2, R 2/3, F1 4/7; dog (2, 1, 1): P 2/3, R 2/3,
  // F1 2/3; bird (2, 0, 1): P 1, R 2/3, F1 4/5. Macro F1 = (4/7 + 2/3 + 4/5)/3 = 214/315,
  // macro P = (1/2 + 2/3 + 1)/3 = 13/18, macro R = 2/3.
  const MULTI_TRUTH = ["cat", "cat", "cat", "dog", "dog", "dog", "bird", "bird", "bird"];
  const MULTI_CAND = ["cat", "cat", "dog", "dog", "dog", "cat", "bird", "cat", "bird"];
  it.each<[string, number]>([
    ["f1", 214 / 315 - 1],
    ["precision", 13 / 18 - 1],
    ["recall", 2 / 3 - 1],
    ["macro_f1", 214 / 315 - 1],
  ])("multi-class, macro average: %s delta by hand", (metric, delta) => {
    const { baseline, candidate } = classificationRuns(MULTI_TRUTH, MULTI_TRUTH, MULTI_CAND);
    const out = comparePairedExamples(metric, baseline, candidate, OPTIONS)!;
    expect(out.method).toBe("paired-bootstrap");
    expect(out.delta).toBeCloseTo(delta, 12);
  });

  it("swapping the two runs negates the delta", () => {
    const { baseline, candidate } = classificationRuns(TRUTH, BASE_PRED, CAND_PRED);
    const swapped = classificationRuns(TRUTH, CAND_PRED, BASE_PRED);
    expect(comparePairedExamples("f1", swapped.baseline, swapped.candidate, OPTIONS)!.delta).toBeCloseTo(0.05, 12);
    expect(comparePairedExamples("f1", baseline, candidate, OPTIONS)!.delta).toBeCloseTo(-0.05, 12);
  });

  // A second implementation of the paired bootstrap (Koehn 2004) on the same seeded
  // generator: resample n indices with replacement B times, recompute F1 of both systems,
  // read the 2.5/97.5 percentiles (numpy's linear rule) and the two-sided p
  // min(1, 2·(min(#δ* ≤ 0, #δ* ≥ 0) + 1)/(B + 1)).
  it("matches a second implementation of the paired bootstrap for binary F1", () => {
    const { baseline, candidate } = classificationRuns(TRUTH, BASE_PRED, CAND_PRED);
    const f1 = (pred: string[], idx: number[]) => {
      let tp = 0, fp = 0, fn = 0;
      for (const i of idx) {
        if (TRUTH[i] === "1" && pred[i] === "1") tp += 1;
        else if (pred[i] === "1") fp += 1;
        else if (TRUTH[i] === "1") fn += 1;
      }
      const p = tp + fp === 0 ? 0 : tp / (tp + fp);
      const r = tp + fn === 0 ? 0 : tp / (tp + fn);
      return p + r === 0 ? 0 : (2 * p * r) / (p + r);
    };
    const reference = referenceBootstrap(10, (idx) => f1(CAND_PRED, idx) - f1(BASE_PRED, idx), 1000, 42);
    const out = comparePairedExamples("f1", baseline, candidate, { iterations: 1000, seed: 42 })!;
    expect(out.ci_low).toBeCloseTo(reference.ci_low, 12);
    expect(out.ci_high).toBeCloseTo(reference.ci_high, 12);
    expect(out.p_value).toBeCloseTo(reference.p_value, 12);
  });
});

describe("comparePairedExamples: means of latency, cost and score", () => {
  const BASE = [100, 110, 120, 130];
  const CAND = [110, 115, 140, 150];
  // Mean difference by hand: (10 + 5 + 20 + 20)/4 = 13.75.
  it.each<[string, keyof ExampleResult, number]>([
    ["latency_ms", "latency_ms", 13.75],
    ["avg_latency", "latency_ms", 13.75],
    ["cost", "cost", 13.75],
    ["cost_usd", "cost", 13.75],
    ["score", "score", 13.75],
    ["mean_score", "score", 13.75],
  ])("%s: the mean difference of `%s`", (metric, field, delta) => {
    const baseline = BASE.map((v, i) => ({ id: `e${i}`, [field]: v }) as ExampleResult);
    const candidate = CAND.map((v, i) => ({ id: `e${i}`, [field]: v }) as ExampleResult);
    const out = comparePairedExamples(metric, baseline, candidate, OPTIONS)!;
    expect(out.method).toBe("paired-bootstrap");
    expect(out.examples).toBe(4);
    expect(out.delta).toBeCloseTo(delta, 12);
  });

  it("matches a second implementation of the paired bootstrap for mean latency", () => {
    const base = [210, 180, 340, 95, 400, 260, 150, 310, 220, 175, 330, 90];
    const cand = [230, 170, 360, 120, 390, 300, 160, 350, 215, 200, 345, 85];
    const mean = (xs: number[], idx: number[]) => idx.reduce((s, i) => s + xs[i]!, 0) / idx.length;
    const reference = referenceBootstrap(12, (idx) => mean(cand, idx) - mean(base, idx), 2000, 9);
    const out = comparePairedExamples("latency_ms",
      base.map((latency_ms, i) => ({ id: `e${i}`, latency_ms })), cand.map((latency_ms, i) => ({ id: `e${i}`, latency_ms })),
      { iterations: 2000, seed: 9 })!;
    // (20 − 10 + 20 + 25 − 10 + 40 + 10 + 40 − 5 + 25 + 15 − 5)/12 = 165/12
    expect(out.delta).toBeCloseTo(165 / 12, 12);
    expect(out.ci_low).toBeCloseTo(reference.ci_low, 10);
    expect(out.ci_high).toBeCloseTo(reference.ci_high, 10);
    expect(out.p_value).toBeCloseTo(reference.p_value, 12);
  });

  // Every candidate latency 10 ms above the baseline: every resampled delta is exactly 10
  // (n = 8, so the means are exact), so the interval is [10, 10] and no resample is ≤ 0:
  // p = 2·(0 + 1)/(B + 1).
  it("a constant shift: interval [shift, shift], p = 2/(B + 1)", () => {
    const base = [100, 120, 90, 150, 110, 130, 95, 105];
    const out = comparePairedExamples("latency_ms",
      base.map((latency_ms, i) => ({ id: `e${i}`, latency_ms })), base.map((v, i) => ({ id: `e${i}`, latency_ms: v + 10 })),
      { iterations: 999, seed: 3 })!;
    expect(out.delta).toBe(10);
    expect(out.ci_low).toBe(10);
    expect(out.ci_high).toBe(10);
    expect(out.p_value).toBe(2 / 1000);
  });
});

describe("comparePairedExamples: when there is nothing to compare", () => {
  const corr = (id: string, correct: boolean): ExampleResult => ({ id, correct });
  it.each<[string, string, ExampleResult[], ExampleResult[]]>([
    ["no shared example", "accuracy", [corr("a", true), corr("b", true)], [corr("c", false), corr("d", false)]],
    ["one shared example", "accuracy", [corr("a", true), corr("b", true)], [corr("a", false), corr("d", false)]],
    ["empty runs", "accuracy", [], []],
    ["a metric the examples cannot recompute", "perplexity", [corr("a", true), corr("b", true)], [corr("a", false), corr("b", false)]],
    ["an unknown metric", "widgets", [corr("a", true), corr("b", true)], [corr("a", false), corr("b", false)]],
    ["accuracy with `correct` missing on one example", "accuracy", [corr("a", true), corr("b", true)], [corr("a", false), { id: "b" }]],
    ["f1 without labels", "f1", [corr("a", true), corr("b", true)], [corr("a", false), corr("b", false)]],
    ["f1 with a prediction missing", "f1",
      [{ id: "a", label: "1", prediction: "1" }, { id: "b", label: "0", prediction: "0" }],
      [{ id: "a", prediction: "0" }, { id: "b" }]],
    ["latency with one value missing", "latency_ms", [{ id: "a", latency_ms: 1 }, { id: "b" }], [{ id: "a", latency_ms: 2 }, { id: "b", latency_ms: 3 }]],
    ["cost without costs", "cost", [{ id: "a", latency_ms: 1 }, { id: "b", latency_ms: 1 }], [{ id: "a", latency_ms: 2 }, { id: "b", latency_ms: 3 }]],
  ])("%s -> null", (_name, metric, baseline, candidate) => {
    expect(comparePairedExamples(metric, baseline, candidate, OPTIONS)).toBeNull();
  });

  it("needs only two shared examples", () => {
    expect(comparePairedExamples("accuracy", [corr("a", true), corr("b", true)], [corr("a", false), corr("b", true)], OPTIONS))
      .toMatchObject({ method: "mcnemar", examples: 2, flips: { b: 1, c: 0 }, p_value: 1 });
  });

  // Regression test (fixed): "latency_p95" is recomputed as the mean latency of the examples, so the delta (and
  // the p-value the check uses) is that of the mean, not of the 95th percentile. Here the
  // mean moves by 90 ms and the p95 (numpy's linear rule) by 595 − 100 = 495 ms.
  it("does not pass a mean off as a p95: latency_p95 is null or its delta is the p95's", () => {
    const base = Array.from({ length: 10 }, (_, i) => ({ id: `e${i}`, latency_ms: 100 }));
    const cand = base.map((e, i) => ({ id: e.id, latency_ms: i === 9 ? 1000 : 100 }));
    const out = comparePairedExamples("latency_p95", base, cand, OPTIONS);
    expect(out === null || Math.abs(out.delta - 495) < 1e-6).toBe(true);
  });

  // Regression test (fixed): "f1_micro" is recomputed as the macro F1. For single-label multi-class data the
  // micro F1 is the accuracy: 9/9 -> 6/9 here, delta −1/3; the macro delta is −101/315.
  it("does not pass a macro F1 off as a micro F1: f1_micro is null or its delta is the micro F1's", () => {
    const truth = ["cat", "cat", "cat", "dog", "dog", "dog", "bird", "bird", "bird"];
    const cand = ["cat", "cat", "dog", "dog", "dog", "cat", "bird", "cat", "bird"];
    const { baseline, candidate } = classificationRuns(truth, truth, cand);
    const out = comparePairedExamples("f1_micro", baseline, candidate, OPTIONS);
    expect(out === null || Math.abs(out.delta - -1 / 3) < 1e-9).toBe(true);
  });
});

describe("comparePairedExamples: determinism and identical runs", () => {
  const { baseline, candidate } = classificationRuns(TRUTH, BASE_PRED, CAND_PRED);

  it("gives the same result for the same seed", () => {
    const a = comparePairedExamples("f1", baseline, candidate, { iterations: 500, seed: 11 });
    const b = comparePairedExamples("f1", baseline, candidate, { iterations: 500, seed: 11 });
    expect(a).toEqual(b);
  });

  it("resamples differently for another seed (same observed delta)", () => {
    const latency = (xs: number[]) => xs.map((latency_ms, i) => ({ id: `e${i}`, latency_ms }));
    const base = latency([210, 180, 340, 95, 400, 260, 150, 310, 220, 175]);
    const cand = latency([230, 170, 360, 120, 390, 300, 160, 350, 215, 200]);
    const a = comparePairedExamples("latency_ms", base, cand, { iterations: 500, seed: 1 })!;
    const b = comparePairedExamples("latency_ms", base, cand, { iterations: 500, seed: 2 })!;
    expect(a.delta).toBe(b.delta);
    expect([a.ci_low, a.ci_high]).not.toEqual([b.ci_low, b.ci_high]);
  });

  it.each<[string, ExampleResult[]]>([
    ["accuracy", Array.from({ length: 30 }, (_, i) => ({ id: `e${i}`, correct: i % 3 !== 0 }))],
    ["f1", TRUTH.map((label, i) => ({ id: `e${i}`, label, prediction: BASE_PRED[i]! }))],
    ["precision", ["a", "b", "c", "a", "b", "c"].map((label, i) => ({ id: `e${i}`, label, prediction: i % 2 === 0 ? label : "a" }))],
    ["latency_ms", [120, 80, 300, 95, 101].map((latency_ms, i) => ({ id: `e${i}`, latency_ms }))],
    ["score", [0.1, 0.9, 0.4].map((score, i) => ({ id: `e${i}`, score }))],
  ])("identical runs (%s): delta 0, interval [0, 0], p = 1", (metric, examples) => {
    const out = comparePairedExamples(metric, examples, examples.map((e) => ({ ...e })), OPTIONS)!;
    expect(out).not.toBeNull();
    expect(out.delta).toBe(0);
    expect(out.ci_low).toBe(0);
    expect(out.ci_high).toBe(0);
    expect(out.p_value).toBe(1);
  });
});

/** The paired bootstrap written out independently (see the tests that use it). */
function referenceBootstrap(n: number, statistic: (idx: number[]) => number, iterations: number, seed: number) {
  const random = seededRandom(seed);
  const deltas: number[] = [];
  for (let b = 0; b < iterations; b += 1) {
    const idx: number[] = [];
    for (let i = 0; i < n; i += 1) idx.push(Math.floor(random() * n));
    deltas.push(statistic(idx));
  }
  const sorted = [...deltas].sort((x, y) => x - y);
  const percentile = (q: number) => {
    const h = (sorted.length - 1) * q;
    const lo = Math.floor(h);
    return lo + 1 >= sorted.length ? sorted[lo]! : sorted[lo]! + (h - lo) * (sorted[lo + 1]! - sorted[lo]!);
  };
  const below = deltas.filter((d) => d <= 0).length;
  const above = deltas.filter((d) => d >= 0).length;
  return { ci_low: percentile(0.025), ci_high: percentile(0.975), p_value: Math.min(1, (2 * (Math.min(below, above) + 1)) / (iterations + 1)) };
}
