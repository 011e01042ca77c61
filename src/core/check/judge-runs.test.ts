import { describe, expect, it } from "vitest";
import { EMPTY_PROJECT_CONFIG, parseProjectConfig, type ProjectConfig } from "../project-config.js";
import type { ConfigKey, ExampleResult, Metrics, TransactionId } from "../types.js";
import { isFailing, overallVerdict, type FailOn, type Finding, type Verdict } from "./finding.js";
import { judgeRuns, type RunEvidence } from "./judge-runs.js";

const CONFIG: ConfigKey = { model_version: "gpt-4o", dataset_version: "qa-v1", prompt_version: "p1", environment: "ci" };
const PROJECT: ProjectConfig = EMPTY_PROJECT_CONFIG; // alpha 0.05, t_test, min_samples 5

function run(id: string, overrides: Partial<RunEvidence> = {}): RunEvidence {
  return {
    transaction_id: id as TransactionId,
    config: CONFIG,
    commit_sha: "c0ffee",
    samples: [],
    baseline: null,
    history: [],
    examples: { current: null, baseline: null },
    acknowledged: new Set(),
    ...overrides,
  };
}

const baseline = (...samples: Metrics[]) => ({ source: "baseline" as const, transaction_id: "base" as TransactionId, samples });

/** Paired `correct` outcomes: b baseline-right/candidate-wrong, c the reverse, n in all. */
function flips(b: number, c: number, n: number, bothRight: number): RunEvidence["examples"] {
  const rows: [boolean, boolean][] = [
    ...Array<[boolean, boolean]>(b).fill([true, false]),
    ...Array<[boolean, boolean]>(c).fill([false, true]),
    ...Array<[boolean, boolean]>(bothRight).fill([true, true]),
    ...Array<[boolean, boolean]>(n - b - c - bothRight).fill([false, false]),
  ];
  const side = (k: 0 | 1): ExampleResult[] => rows.map((row, i) => ({ id: `q${i}`, correct: row[k] }));
  return { baseline: side(0), current: side(1) };
}

/** An accuracy run judged by McNemar on its examples. */
function accuracyRun(id: string, from: number, to: number, examples: RunEvidence["examples"]): RunEvidence {
  return run(id, { samples: [{ accuracy: to }], baseline: baseline({ accuracy: from }), examples });
}

function only(findings: Finding[], metric: string, transaction = "r1"): Finding {
  const matching = findings.filter((f) => f.metric === metric && f.transaction_id === transaction && f.method !== "static");
  expect(matching).toHaveLength(1);
  return matching[0]!;
}

function expectRelative(actual: number | null, expected: number, rel = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe("judgeRuns: verdicts (issue 3, 'Verdicts')", () => {
  // McNemar p: scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue
  it("accuracy 0.80 -> 0.70 on 2,000 examples (b = 250, c = 50) is a regression", () => {
    const f = only(judgeRuns([accuracyRun("r1", 0.8, 0.7, flips(250, 50, 2000, 1350))], PROJECT), "accuracy");
    expect(f).toMatchObject({
      ...CONFIG,
      transaction_id: "r1", commit_sha: "c0ffee", metric: "accuracy", direction: "higher", kind: "quality", gating: true,
      current: 0.7, baseline: 0.8, method: "mcnemar", n: 2000,
      samples: { current: 1, baseline: 1, history: 0, examples: 2000 },
      baseline_source: "baseline", baseline_transaction_id: "base", verdict: "regression", acknowledged: false,
    });
    expect(f.delta).toBeCloseTo(-0.1, 12);
    expect(f.delta_pct).toBeCloseTo(-12.5, 10);
    expectRelative(f.p_value, 3.8108306980860234e-33, 1e-10); // binomtest(50, 300)
    expect(f.q_value).toBe(f.p_value); // one test: BH changes nothing
    expect(f.threshold).toEqual({ absolute: 0.01 });
    // The paired interval: −0.1 ± 1.96·√(300 − 200²/2000)/2000
    const se = Math.sqrt(300 - 200 ** 2 / 2000) / 2000;
    expect(f.ci_low).toBeCloseTo(-0.1 - 1.959963984540054 * se, 12);
    expect(f.ci_high).toBeCloseTo(-0.1 + 1.959963984540054 * se, 12);
    // says why in numbers
    expect(f.reason).toContain("0.8");
    expect(f.reason).toContain("0.7");
  });

  it("the same drop on 20 examples (b = 2, c = 0, p = 0.5) is inconclusive", () => {
    const f = only(judgeRuns([accuracyRun("r1", 0.8, 0.7, flips(2, 0, 20, 14))], PROJECT), "accuracy");
    expect(f).toMatchObject({ verdict: "inconclusive", method: "mcnemar", p_value: 0.5, q_value: 0.5, n: 20 });
  });

  it("0.80 -> 0.90 on 100 examples (b = 0, c = 10, p = 2/1024) is an improvement", () => {
    const f = only(judgeRuns([accuracyRun("r1", 0.8, 0.9, flips(0, 10, 100, 70))], PROJECT), "accuracy");
    expect(f.verdict).toBe("improvement");
    expect(f.p_value).toBeCloseTo(0.001953125, 15);
  });

  it("a rise beyond the threshold but within the noise (b = 0, c = 2 of 20) is ok", () => {
    const f = only(judgeRuns([accuracyRun("r1", 0.7, 0.8, flips(0, 2, 20, 14))], PROJECT), "accuracy");
    expect(f).toMatchObject({ verdict: "ok", p_value: 0.5 });
    expect(f.reason).toContain("noise");
  });

  it("a change within the threshold is ok even when significant", () => {
    // 0.800 -> 0.795 is half a point (threshold one point); b = 10, c = 0 would be significant.
    const f = only(judgeRuns([accuracyRun("r1", 0.8, 0.795, flips(10, 0, 2000, 1590))], PROJECT), "accuracy");
    expect(f.verdict).toBe("ok");
    expect(f.reason).toContain("threshold");
  });

  it.each<[number, number, Verdict]>([
    [0.8, 0.7, "regression"],
    [0.8, 0.9, "improvement"],
    [0.8, 0.795, "ok"],
    [0.8, 0.805, "ok"],
  ])("with no test possible the threshold decides: %s -> %s is %s", (from, to, verdict) => {
    const f = only(judgeRuns([run("r1", { samples: [{ f1: to }], baseline: baseline({ f1: from }) })], PROJECT), "f1");
    expect(f).toMatchObject({ verdict, method: "threshold", p_value: null, q_value: null, n: 2 });
  });

  it("with no baseline there is nothing to compare with: ok", () => {
    const f = only(judgeRuns([run("r1", { samples: [{ f1: 0.5 }] })], PROJECT), "f1");
    expect(f).toMatchObject({ verdict: "ok", method: "none", baseline: null, delta: null, delta_pct: null, baseline_source: "none", baseline_transaction_id: null });
  });

  it("a metric the baseline lacks is ok", () => {
    const f = only(judgeRuns([run("r1", { samples: [{ f1: 0.5, recall: 0.1 }], baseline: baseline({ f1: 0.5 }) })], PROJECT), "recall");
    expect(f).toMatchObject({ verdict: "ok", baseline: null });
  });

  it.each<[string, number[], number[], Verdict]>([
    ["slower", [130, 131, 129], [100, 101, 99], "regression"],
    ["faster", [100, 101, 99], [130, 131, 129], "improvement"],
  ])("lower-is-better latency, %s (Welch), in a run with no quality metric: %s", (_name, current, base, verdict) => {
    const f = only(judgeRuns([run("r1", {
      samples: current.map((latency_ms) => ({ latency_ms })),
      baseline: baseline(...base.map((latency_ms) => ({ latency_ms }))),
    })], PROJECT), "latency_ms");
    expect(f.method).toBe("welch-t");
    expect(f.verdict).toBe(verdict);
    expectRelative(f.p_value, 3.2759863859536512e-06, 1e-8); // stats.ttest_ind(..., equal_var=False)
    expect(f.n).toBe(6);
  });

  // The CLI case: 30 runs of history at f1 0.90 ± 0.01, then one at 0.895 passes and
  // one at 0.80 fails. One run per side, so the history t-test decides:
  //   h = np.array([0.9 + 0.01*((i % 3) - 1) for i in range(30)]); s = h.std(ddof=1)
  //   t = (x - h.mean())/(s*np.sqrt(1 + 1/30)); stats.t.cdf(-abs(t), 29)
  const history30 = Array.from({ length: 30 }, (_, i) => ({ f1: 0.9 + 0.01 * ((i % 3) - 1) }));
  it.each<[number, Verdict, number]>([
    [0.895, "ok", 0.27912358779299784],
    [0.8, "regression", 6.198905046457412e-13],
  ])("30 runs at 0.90 ± 0.01, then %s: %s", (x, verdict, p) => {
    const f = only(judgeRuns([run("r1", {
      samples: [{ f1: x }],
      baseline: { source: "previous", transaction_id: "prev" as TransactionId, samples: [history30[29]!] },
      history: history30,
    })], PROJECT), "f1");
    expect(f.verdict).toBe(verdict);
    expect(f.method).toBe("history-t_test");
    expect(f.baseline_source).toBe("history");
    expect(f.baseline).toBeCloseTo(0.9, 12);
    expect(f.n).toBe(30);
    expect(f.samples).toEqual({ current: 1, baseline: 1, history: 30, examples: null });
    expectRelative(f.p_value, p, 1e-7);
    expect(isFailing(judgeRuns([run("r1", { samples: [{ f1: x }], baseline: { source: "previous", transaction_id: "prev" as TransactionId, samples: [history30[29]!] }, history: history30 })], PROJECT), "regression"))
      .toBe(verdict === "regression");
  });

  describe("direction either is never a regression", () => {
    const widgets = (current: number[], base: number[]) => run("r1", {
      samples: current.map((widgets) => ({ widgets })),
      baseline: baseline(...base.map((widgets) => ({ widgets }))),
    });
    it.each<[string, number[], number[]]>([
      ["a significant fall", [1, 1.1], [10, 10.1]],
      ["a significant rise", [10, 10.1], [1, 1.1]],
    ])("%s of an unknown metric is ok and not gating", (_name, current, base) => {
      const f = only(judgeRuns([widgets(current, base)], PROJECT), "widgets");
      expect(f).toMatchObject({ direction: "either", gating: false, verdict: "ok", method: "welch-t" });
      expectRelative(f.p_value, 6.172268005755311e-05, 1e-8);
    });
    it("but with a direction set in the project config the fall is a regression", () => {
      const project = parseProjectConfig("c.json", '{"metrics": {"widgets": {"direction": "higher"}}}');
      expect(only(judgeRuns([widgets([1, 1.1], [10, 10.1])], project), "widgets")).toMatchObject({ verdict: "regression", gating: true });
    });
    it("a fall of a metric set to either in the config is ok", () => {
      const project = parseProjectConfig("c.json", '{"metrics": {"f1": {"direction": "either"}}}');
      expect(only(judgeRuns([run("r1", { samples: [{ f1: 0.5 }], baseline: baseline({ f1: 0.9 }) })], project), "f1").verdict).toBe("ok");
    });
  });

  // Regression test (fixed): a relative threshold is never reached from a zero baseline (see judge-metric.test.ts),
  // so an error rate that goes from 0 to 30% passes the check.
  it("error_rate 0 -> 0.3 is a regression", () => {
    const f = only(judgeRuns([run("r1", { samples: [{ error_rate: 0.3 }], baseline: baseline({ error_rate: 0 }) })], PROJECT), "error_rate");
    expect(f.verdict).toBe("regression");
  });
});

describe("judgeRuns: tradeoffs", () => {
  // Three runs per side. latency_ms 130/131/129 vs 100/101/99: Welch p = 3.28e-6 (scipy).
  const slower = { current: [130, 131, 129], base: [100, 101, 99] };
  function costlierRun(quality: { current: number[]; base: number[] } | null, metric = "latency_ms"): RunEvidence {
    const side = (latency: number[], accuracy: number[] | undefined): Metrics[] =>
      latency.map((value, i) => ({ [metric]: value, ...(accuracy ? { accuracy: accuracy[i]! } : {}) }));
    return run("r1", {
      samples: side(slower.current, quality?.current),
      baseline: baseline(...side(slower.base, quality?.base)),
    });
  }

  it("slower with quality unchanged is a tradeoff", () => {
    const findings = judgeRuns([costlierRun({ current: [0.8, 0.8, 0.8], base: [0.8, 0.8, 0.8] })], PROJECT);
    expect(only(findings, "accuracy").verdict).toBe("ok");
    expect(only(findings, "latency_ms").verdict).toBe("tradeoff");
    expect(overallVerdict(findings)).toBe("tradeoff");
  });

  it("costlier with quality unchanged is a tradeoff", () => {
    const findings = judgeRuns([costlierRun({ current: [0.8, 0.8, 0.8], base: [0.8, 0.8, 0.8] }, "cost_usd")], PROJECT);
    expect(only(findings, "cost_usd")).toMatchObject({ kind: "cost", verdict: "tradeoff" });
  });

  it("slower with a quality gain within the noise is a tradeoff", () => {
    // accuracy 0.83 vs 0.80 on three runs each: Welch p = 0.219 (scipy), beyond the threshold: ok
    const findings = judgeRuns([costlierRun({ current: [0.86, 0.8, 0.83], base: [0.8, 0.81, 0.79] })], PROJECT);
    expect(only(findings, "accuracy").verdict).toBe("ok");
    expect(only(findings, "latency_ms").verdict).toBe("tradeoff");
  });

  it("slower with a significant quality gain is ok", () => {
    // accuracy 0.90 vs 0.80: Welch p = 2.55e-4 (scipy)
    const findings = judgeRuns([costlierRun({ current: [0.9, 0.91, 0.89], base: [0.8, 0.81, 0.79] })], PROJECT);
    expect(only(findings, "accuracy").verdict).toBe("improvement");
    const latency = only(findings, "latency_ms");
    expect(latency.verdict).toBe("ok");
    expect(latency.reason).toContain("accuracy");
    expect(overallVerdict(findings)).toBe("improvement");
  });

  it("slower and worse is a tradeoff and a regression", () => {
    const findings = judgeRuns([costlierRun({ current: [0.8, 0.81, 0.79], base: [0.9, 0.91, 0.89] })], PROJECT);
    expect(only(findings, "accuracy").verdict).toBe("regression");
    expect(only(findings, "latency_ms").verdict).toBe("tradeoff");
    expect(overallVerdict(findings)).toBe("regression");
  });

  it("a run with no quality metric: slower is a plain regression", () => {
    const findings = judgeRuns([costlierRun(null)], PROJECT);
    expect(only(findings, "latency_ms").verdict).toBe("regression");
  });

  it("a quality gain in another run does not pay for this one", () => {
    const gain = run("r2", { samples: [{ accuracy: 0.9 }, { accuracy: 0.91 }, { accuracy: 0.89 }], baseline: baseline({ accuracy: 0.8 }, { accuracy: 0.81 }, { accuracy: 0.79 }) });
    const findings = judgeRuns([costlierRun({ current: [0.8, 0.8, 0.8], base: [0.8, 0.8, 0.8] }), gain], PROJECT);
    expect(only(findings, "accuracy", "r2").verdict).toBe("improvement");
    expect(only(findings, "latency_ms", "r1").verdict).toBe("tradeoff");
  });
});

describe("judgeRuns: SLA findings", () => {
  const project = parseProjectConfig("benchledger.config.json", JSON.stringify({
    configs: [{ match: { model_version: "gpt-*" }, sla: { latency_ms: { max: 500 }, accuracy: { min: 0.75 }, widgets: { min: 1, max: 5 } } }],
  }));
  const sla = (findings: Finding[], metric: string) => findings.find((f) => f.metric === metric && f.method === "static");

  it("a breach is an sla finding on the mean of the runs at this commit", () => {
    const findings = judgeRuns([run("r1", { samples: [{ accuracy: 0.8, latency_ms: 600 }, { accuracy: 0.8, latency_ms: 640 }] })], project);
    expect(sla(findings, "latency_ms")).toMatchObject({
      ...CONFIG, transaction_id: "r1", verdict: "sla", method: "static", current: 620, baseline: null, delta: null,
      ci_low: null, ci_high: 500, n: 2, gating: true, p_value: null,
    });
    expect(sla(findings, "latency_ms")!.reason).toContain("500");
    expect(sla(findings, "accuracy")).toMatchObject({ verdict: "ok", current: 0.8, ci_low: 0.75, ci_high: null });
    // Beside the SLA findings, the ordinary ones (no baseline here: ok).
    expect(only(findings, "latency_ms").verdict).toBe("ok");
    expect(overallVerdict(findings)).toBe("sla");
    expect(isFailing(findings, "regression")).toBe(true);
  });

  it.each<[number, Verdict]>([[0.74, "sla"], [0.75, "ok"], [0.9, "ok"]])("a minimum: accuracy %s is %s", (value, verdict) => {
    expect(sla(judgeRuns([run("r1", { samples: [{ accuracy: value }] })], project), "accuracy")?.verdict).toBe(verdict);
  });

  it.each<[number, Verdict]>([[500, "ok"], [500.5, "sla"]])("a maximum: latency %s is %s", (value, verdict) => {
    expect(sla(judgeRuns([run("r1", { samples: [{ latency_ms: value }] })], project), "latency_ms")?.verdict).toBe(verdict);
  });

  it("a breach fails the check even for a metric that is not gating", () => {
    const findings = judgeRuns([run("r1", { samples: [{ widgets: 6 }] })], project);
    expect(only(findings, "widgets").gating).toBe(false);
    expect(sla(findings, "widgets")?.verdict).toBe("sla");
    expect(overallVerdict(findings)).toBe("sla");
  });

  it("no SLA finding for a config the rule does not match, or a metric the run lacks", () => {
    const other = judgeRuns([run("r1", { config: { ...CONFIG, model_version: "claude-3" }, samples: [{ latency_ms: 900 }] })], project);
    expect(other.filter((f) => f.method === "static")).toEqual([]);
    const lacking = judgeRuns([run("r1", { samples: [{ f1: 0.9 }] })], project);
    expect(lacking.filter((f) => f.method === "static")).toEqual([]);
  });
});

describe("judgeRuns: acknowledged findings", () => {
  it("an acknowledged regression keeps its verdict but no longer fails the check", () => {
    const r = { ...accuracyRun("r1", 0.8, 0.7, flips(250, 50, 2000, 1350)), acknowledged: new Set(["accuracy"]) };
    const findings = judgeRuns([r], PROJECT);
    expect(only(findings, "accuracy")).toMatchObject({ verdict: "regression", acknowledged: true });
    expect(overallVerdict(findings)).toBe("ok");
    expect(isFailing(findings, "regression")).toBe(false);
  });

  it("an acknowledgement covers only its own metric and run", () => {
    const r1 = run("r1", { samples: [{ f1: 0.7, recall: 0.5 }], baseline: baseline({ f1: 0.8, recall: 0.6 }), acknowledged: new Set(["f1"]) });
    const r2 = run("r2", { samples: [{ f1: 0.7 }], baseline: baseline({ f1: 0.8 }) });
    const findings = judgeRuns([r1, r2], PROJECT);
    expect(only(findings, "f1", "r1").acknowledged).toBe(true);
    expect(only(findings, "recall", "r1").acknowledged).toBe(false);
    expect(only(findings, "f1", "r2").acknowledged).toBe(false);
    expect(overallVerdict(findings)).toBe("regression");
  });
});

describe("judgeRuns: Benjamini-Hochberg across the findings of one call", () => {
  // McNemar p-values (binomtest): b = 6, c = 0 -> 1/32 = 0.03125; b = 1, c = 0 -> 1;
  // b = 10, c = 0 -> 2/1024 = 0.001953125.
  const a = () => accuracyRun("A", 0.8, 0.74, flips(6, 0, 100, 74));
  const b = () => accuracyRun("B", 0.8, 0.79, flips(1, 0, 100, 79));
  const c = () => accuracyRun("C", 0.8, 0.7, flips(10, 0, 100, 70));

  it("alone, p = 0.03125 < 0.05 is a regression", () => {
    const f = only(judgeRuns([a()], PROJECT), "accuracy", "A");
    expect(f.verdict).toBe("regression");
    expect(f.p_value).toBeCloseTo(0.03125, 15);
    expect(f.q_value).toBeCloseTo(0.03125, 15);
  });

  it("with a second test at p = 1, q = min(2·0.03125/1, 2·1/2) = 0.0625 > 0.05: inconclusive", () => {
    const findings = judgeRuns([a(), b()], PROJECT);
    const fa = only(findings, "accuracy", "A");
    expect(fa.p_value).toBeCloseTo(0.03125, 15);
    expect(fa.q_value).toBeCloseTo(0.0625, 15);
    expect(fa.verdict).toBe("inconclusive");
    expect(only(findings, "accuracy", "B").q_value).toBeCloseTo(1, 12);
  });

  it("with a third at p = 0.00195 the step-up keeps it: q = 3·0.03125/2 = 0.046875: regression", () => {
    const findings = judgeRuns([a(), b(), c()], PROJECT);
    expect(only(findings, "accuracy", "A").q_value).toBeCloseTo(0.046875, 15);
    expect(only(findings, "accuracy", "A").verdict).toBe("regression");
    expect(only(findings, "accuracy", "C").q_value).toBeCloseTo(3 * 0.001953125, 15);
    expect(only(findings, "accuracy", "B").q_value).toBeCloseTo(1, 12);
  });

  it("at alpha 0.1 the pair of A and B is significant again", () => {
    const project = parseProjectConfig("c.json", '{"check": {"alpha": 0.1}}');
    expect(only(judgeRuns([a(), b()], project), "accuracy", "A").verdict).toBe("regression");
  });

  it("findings without a p-value do not count as tests", () => {
    const threshold = run("T", { samples: [{ f1: 0.5 }], baseline: baseline({ f1: 0.9 }) });
    const f = only(judgeRuns([a(), threshold], PROJECT), "accuracy", "A");
    expect(f.q_value).toBeCloseTo(0.03125, 15);
    expect(f.verdict).toBe("regression");
  });
});

function finding(verdict: Verdict, overrides: Partial<Finding> = {}): Finding {
  return {
    ...CONFIG, transaction_id: "r1" as TransactionId, commit_sha: "c0ffee", metric: "f1", direction: "higher", kind: "quality",
    gating: true, current: 0.8, baseline: 0.9, delta: -0.1, delta_pct: -11.1, threshold: { absolute: 0.01 }, method: "threshold",
    p_value: null, q_value: null, ci_low: null, ci_high: null, n: 2, samples: { current: 1, baseline: 1, history: 0, examples: null },
    baseline_source: "baseline", baseline_transaction_id: "base" as TransactionId, verdict, acknowledged: false, reason: "",
    ...overrides,
  };
}

describe("overallVerdict and isFailing", () => {
  // [name, findings, overall verdict, fails on regression, on tradeoff, on inconclusive]
  it.each<[string, Finding[], Verdict, boolean, boolean, boolean]>([
    ["no findings", [], "ok", false, false, false],
    ["ok", [finding("ok")], "ok", false, false, false],
    ["improvement", [finding("improvement"), finding("ok")], "improvement", false, false, false],
    ["inconclusive", [finding("ok"), finding("inconclusive"), finding("improvement")], "inconclusive", false, false, true],
    ["tradeoff", [finding("inconclusive"), finding("tradeoff", { kind: "time" }), finding("improvement")], "tradeoff", false, true, true],
    ["regression", [finding("inconclusive"), finding("regression"), finding("tradeoff")], "regression", true, true, true],
    ["sla", [finding("ok"), finding("sla", { method: "static" })], "sla", true, true, true],
    ["a regression of a metric that is not gating", [finding("regression", { gating: false }), finding("inconclusive")], "inconclusive", false, false, true],
    ["an sla breach of a metric that is not gating", [finding("sla", { gating: false })], "sla", true, true, true],
    ["an acknowledged regression", [finding("regression", { acknowledged: true }), finding("ok")], "ok", false, false, false],
    ["an acknowledged sla breach", [finding("sla", { acknowledged: true })], "ok", false, false, false],
    ["an acknowledged regression beside a tradeoff", [finding("regression", { acknowledged: true }), finding("tradeoff")], "tradeoff", false, true, true],
  ])("%s", (_name, findings, verdict, onRegression, onTradeoff, onInconclusive) => {
    expect(overallVerdict(findings)).toBe(verdict);
    const expected: Record<FailOn, boolean> = { regression: onRegression, tradeoff: onTradeoff, inconclusive: onInconclusive };
    for (const failOn of ["regression", "tradeoff", "inconclusive"] as const) expect(isFailing(findings, failOn)).toBe(expected[failOn]);
  });
});

describe("judgeRuns with what a harness reports beside a metric", () => {
  // Two-sided z of the difference against sqrt(se_a^2 + se_b^2), computed here by hand:
  // 0.05 / sqrt(0.01^2 + 0.01^2) = 3.5355, p = 2 * (1 - Phi(3.5355)) = 4.07e-4.
  it("tests one run against one baseline run by their standard errors (lm-eval's acc_stderr), and reports no finding for the stderr itself", () => {
    const findings = judgeRuns([run("r", {
      samples: [{ acc: 0.6, acc_stderr: 0.01 }],
      baseline: baseline({ acc: 0.65, acc_stderr: 0.01 }),
    })], PROJECT);
    expect(findings.map((f) => f.metric)).toEqual(["acc"]);
    const [acc] = findings;
    expect(acc).toMatchObject({ method: "stderr-z", verdict: "regression" });
    expect(acc!.p_value).toBeCloseTo(4.07e-4, 5);
    expect(acc!.ci_low).toBeCloseTo(-0.05 - 1.959964 * Math.SQRT2 * 0.01, 6);
  });

  it("calls a drop within the evaluation set's sampling error inconclusive, with the filter-suffixed names lm-eval uses", () => {
    const [f] = judgeRuns([run("r", {
      samples: [{ "exact_match,strict-match": 0.62, "exact_match_stderr,strict-match": 0.02 }],
      baseline: baseline({ "exact_match,strict-match": 0.65, "exact_match_stderr,strict-match": 0.02 }),
    })], PROJECT);
    // z = 0.03 / 0.028284 = 1.0607, p = 0.2888
    expect(f).toMatchObject({ metric: "exact_match,strict-match", method: "stderr-z", verdict: "inconclusive" });
    expect(f!.p_value).toBeCloseTo(0.2888, 3);
  });

  it("gates a metric whose name says nothing by the direction the tool declared", () => {
    const declared = { directions: { hello_world_16: "lower" as const }, units: { hello_world_16: "ns/iter" } };
    const slower = run("r", { samples: [{ hello_world_16: 80_000 }], baseline: baseline({ hello_world_16: 60_000 }), declared });
    expect(judgeRuns([slower], PROJECT)[0]).toMatchObject({ direction: "lower", gating: true, kind: "time", verdict: "regression" });
    const undeclared = run("r", { samples: [{ hello_world_16: 80_000 }], baseline: baseline({ hello_world_16: 60_000 }) });
    expect(judgeRuns([undeclared], PROJECT)[0]).toMatchObject({ direction: "either", verdict: "ok" });
  });
});
