import { describe, expect, it } from "vitest";
import type { Finding, Verdict } from "../check/finding.js";
import { confirmRegression, hasRecovered, isWorseBeyond, type PriorRun } from "./incident-rules.js";

function finding(verdict: Verdict, current: number | null, baseline: number | null, extra: Partial<Finding> = {}): Finding {
  return {
    model_version: "m", dataset_version: "d", prompt_version: "p", environment: "ci", transaction_id: "t" as Finding["transaction_id"], commit_sha: "c",
    metric: "f1", direction: "higher", kind: "quality", gating: true, current, baseline,
    delta: current !== null && baseline !== null ? current - baseline : null, delta_pct: null,
    threshold: { absolute: 0.02 }, method: "threshold", p_value: null, q_value: null, ci_low: null, ci_high: null, n: 2,
    samples: { current: 1, baseline: 1, history: 0, examples: null }, baseline_source: "previous", baseline_transaction_id: null,
    verdict, acknowledged: false, reason: "", ...extra,
  };
}

const prior = (verdicts: Verdict[], current: number | null, baseline: number | null, acknowledged = false): PriorRun => ({ verdicts, current, baseline, acknowledged });

describe("isWorseBeyond", () => {
  it("follows the direction and the threshold", () => {
    const higher = { direction: "higher" as const, threshold: { absolute: 0.02 } };
    expect(isWorseBeyond(0.85, 0.9, higher)).toBe(true);
    expect(isWorseBeyond(0.89, 0.9, higher)).toBe(false);
    expect(isWorseBeyond(0.95, 0.9, higher)).toBe(false);
    expect(isWorseBeyond(130, 100, { direction: "lower", threshold: { relative: 0.1 } })).toBe(true);
    expect(isWorseBeyond(105, 100, { direction: "lower", threshold: { relative: 0.1 } })).toBe(false);
    expect(isWorseBeyond(0.5, 0.9, { direction: "either", threshold: {} })).toBe(false);
    expect(isWorseBeyond(null, 0.9, higher)).toBe(false);
  });
});

describe("confirmRegression", () => {
  it("with one run needed, a regression confirms itself", () => {
    expect(confirmRegression(finding("regression", 0.7, 0.9), [], 1, false)).toEqual({ runs: 1, baseline: 0.9, verdict: "regression" });
    expect(confirmRegression(finding("ok", 0.9, 0.9), [], 1, false)).toBeNull();
  });

  it("counts a later run that stays below the first run's baseline, though it is ok against the run before it", () => {
    const later = finding("ok", 0.7, 0.7);
    expect(confirmRegression(later, [prior(["regression"], 0.7, 0.9)], 2, false)).toEqual({ runs: 2, baseline: 0.9, verdict: "regression" });
  });

  it("does not confirm a dip that came back", () => {
    expect(confirmRegression(finding("ok", 0.9, 0.7), [prior(["regression"], 0.7, 0.9)], 2, false)).toBeNull();
    // The dip itself, seen once: a streak of one, short of two.
    expect(confirmRegression(finding("regression", 0.7, 0.9), [prior(["ok"], 0.9, 0.9)], 2, false)).toEqual({ runs: 1, baseline: 0.9, verdict: "regression" });
  });

  it("needs the whole streak: a run in between that was fine breaks it", () => {
    const priors = [prior(["ok"], 0.9, 0.7), prior(["regression"], 0.7, 0.9)];
    expect(confirmRegression(finding("regression", 0.7, 0.9), priors, 3, false)).toEqual({ runs: 1, baseline: 0.9, verdict: "regression" });
    const held = [prior(["ok"], 0.71, 0.7), prior(["regression"], 0.7, 0.9)];
    expect(confirmRegression(finding("ok", 0.7, 0.71), held, 3, false)).toEqual({ runs: 3, baseline: 0.9, verdict: "regression" });
  });

  it("ignores acknowledged runs and unchecked ones", () => {
    expect(confirmRegression(finding("ok", 0.7, 0.7), [prior(["regression"], 0.7, 0.9, true)], 2, false)).toBeNull();
    expect(confirmRegression(finding("ok", 0.7, 0.7), [prior([], null, null)], 2, false)).toBeNull();
    expect(confirmRegression(finding("regression", 0.7, 0.9, { acknowledged: true }), [], 1, false)).toBeNull();
  });

  it("confirms an SLA breach only by breaches", () => {
    const sla = finding("sla", 900, null, { metric: "latency_ms", direction: "lower", method: "static", threshold: {} });
    expect(confirmRegression(sla, [prior(["ok", "sla"], 950, 900)], 2, false)).toEqual({ runs: 2, baseline: null, verdict: "sla" });
    expect(confirmRegression(sla, [prior(["ok"], 950, 900)], 2, false)).toEqual({ runs: 1, baseline: null, verdict: "sla" });
  });

  it("counts inconclusive findings only when they alert", () => {
    expect(confirmRegression(finding("inconclusive", 0.7, 0.9), [], 1, false)).toBeNull();
    expect(confirmRegression(finding("inconclusive", 0.7, 0.9), [], 1, true)).toEqual({ runs: 1, baseline: 0.9, verdict: "inconclusive" });
  });
});

describe("hasRecovered", () => {
  it("a run back within the threshold of the alert's baseline ends a regression", () => {
    expect(hasRecovered([finding("improvement", 0.89, 0.7)], { verdict: "regression", baseline: 0.9 }, false)).toBe(true);
  });

  it("a run ok against the previous, still-low run does not", () => {
    expect(hasRecovered([finding("ok", 0.7, 0.7)], { verdict: "regression", baseline: 0.9 }, false)).toBe(false);
  });

  it("a run that alarms again does not", () => {
    expect(hasRecovered([finding("regression", 0.95, 0.99)], { verdict: "regression", baseline: 0.9 }, false)).toBe(false);
  });

  it("an SLA breach ends when the SLA is met again, whatever the comparison says", () => {
    const met = finding("ok", 400, null, { metric: "latency_ms", direction: "lower", method: "static", threshold: {} });
    const compared = finding("ok", 400, 380, { metric: "latency_ms", direction: "lower" });
    expect(hasRecovered([compared, met], { verdict: "sla", baseline: null }, false)).toBe(true);
    expect(hasRecovered([compared], { verdict: "sla", baseline: null }, false)).toBe(false);
  });
});

describe("confirmRegression: a rerun judged by its own value", () => {
  it("a good rerun at the commit cancels the streak though the mean of the repeats still looks bad", () => {
    const pooled = finding("regression", 0.8, 0.9); // mean of 0.7 and the rerun's 0.9
    expect(confirmRegression(pooled, [prior(["regression"], 0.7, 0.9)], 2, false, 0.9)).toEqual({ runs: 1, baseline: 0.9, verdict: "regression" });
    expect(confirmRegression(pooled, [prior(["regression"], 0.7, 0.9)], 2, false, 0.7)).toEqual({ runs: 2, baseline: 0.9, verdict: "regression" });
  });
});
