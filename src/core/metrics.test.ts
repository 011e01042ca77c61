import { describe, expect, it } from "vitest";
import { compareMetrics, defaultDirection, flattenMetrics, metricAt, sortByMetric, type MetricDelta } from "./metrics.js";
import type { Metrics } from "./types.js";

describe("flattenMetrics", () => {
  it.each<[string, Metrics, [string, number][]]>([
    ["flat metrics", { f1: 0.9, accuracy: 0.8 }, [["f1", 0.9], ["accuracy", 0.8]]],
    ["one level of nesting", { f1: 0.9, latency: { p50: 120, p95: 400 } }, [["f1", 0.9], ["latency.p50", 120], ["latency.p95", 400]]],
    ["deep nesting", { ci: { f1: { low: 0.88, high: 0.93 } } }, [["ci.f1.low", 0.88], ["ci.f1.high", 0.93]]],
    ["zero and negative values", { zero: 0, neg: -2.5 }, [["zero", 0], ["neg", -2.5]]],
    ["an empty nested object (no leaves)", { f1: 1, dist: {} }, [["f1", 1]]],
    ["nothing", {}, []],
  ])("%s", (_name, metrics, expected) => {
    expect([...flattenMetrics(metrics)]).toEqual(expected);
  });

  it("puts a prefix in front of every path", () => {
    expect([...flattenMetrics({ p50: 1, tail: { p99: 2 } }, "latency")]).toEqual([
      ["latency.p50", 1],
      ["latency.tail.p99", 2],
    ]);
  });
});

describe("metricAt", () => {
  const metrics: Metrics = { f1: 0.91, zero: 0, latency: { p50: 120, tail: { p99: 800 } } };
  it.each<[string, number | null]>([
    ["f1", 0.91],
    ["zero", 0],
    ["latency.p50", 120],
    ["latency.tail.p99", 800],
    ["latency", null], // an object, not a number
    ["latency.tail", null],
    ["recall", null],
    ["latency.p95", null],
    ["", null],
  ])("%s -> %s", (path, expected) => {
    expect(metricAt(metrics, path)).toBe(expected);
  });
});

describe("defaultDirection", () => {
  it.each([
    ["latency_ms", "lower"],
    ["latency", "lower"],
    ["loss", "lower"],
    ["val_loss", "lower"],
    ["error_rate", "lower"],
    ["cost_usd", "lower"],
    ["duration_seconds", "lower"],
    ["time_to_first_token", "lower"],
    ["ttft_ms", "lower"],
    ["perplexity", "lower"],
    ["Perplexity", "lower"],
    ["wer", "lower"],
    ["rmse", "lower"],
    ["f1", "higher"],
    ["accuracy", "higher"],
    ["exact_match", "higher"],
    ["precision", "higher"],
    ["recall", "higher"],
    ["bleu", "higher"],
    ["rouge_l", "higher"],
    ["pass_at_1", "higher"],
  ] as const)("%s is %s-is-better", (metric, direction) => {
    expect(defaultDirection(metric)).toBe(direction);
  });

  // Whole words only: "wer" (word error rate) must not match inside "answer", nor
  // "time" inside "sentiment" (RAGAS answer_relevancy is higher-is-better).
  it.each(["answer_relevancy", "answer_correctness", "sentiment_accuracy"])(
    "%s is higher-is-better",
    (metric) => {
      expect(defaultDirection(metric)).toBe("higher");
    },
  );
});

describe("compareMetrics", () => {
  const byName = (rows: MetricDelta[]) => new Map(rows.map((row) => [row.metric, row]));

  it("gives the change of every metric of either side, sorted by name", () => {
    const a: Metrics = { f1: 0.8, latency_ms: 500, zeta: 1, latency: { p50: 100 }, dropped: 3 };
    const b: Metrics = { f1: 0.9, latency_ms: 400, zeta: 1, latency: { p50: 100 }, accuracy: 0.7 };
    const rows = compareMetrics(a, b);
    expect(rows.map((r) => r.metric)).toEqual(["accuracy", "dropped", "f1", "latency.p50", "latency_ms", "zeta"]);
    expect(rows).toEqual([
      { metric: "accuracy", a: null, b: 0.7, delta: null, delta_pct: null, direction: "higher", change: "added" },
      { metric: "dropped", a: 3, b: null, delta: null, delta_pct: null, direction: "higher", change: "removed" },
      { metric: "f1", a: 0.8, b: 0.9, delta: expect.closeTo(0.1, 10), delta_pct: expect.closeTo(12.5, 10), direction: "higher", change: "better" },
      { metric: "latency.p50", a: 100, b: 100, delta: 0, delta_pct: 0, direction: "lower", change: "same" },
      { metric: "latency_ms", a: 500, b: 400, delta: -100, delta_pct: -20, direction: "lower", change: "better" },
      { metric: "zeta", a: 1, b: 1, delta: 0, delta_pct: 0, direction: "higher", change: "same" },
    ]);
  });

  it.each<[string, number, number, number, number | null, MetricDelta["change"]]>([
    // metric, a, b, delta, delta_pct, change
    ["f1", 0.5, 0.4, -0.1, -20, "worse"],
    ["accuracy", 0.5, 0.75, 0.25, 50, "better"],
    ["latency_ms", 200, 300, 100, 50, "worse"],
    ["loss", 2, 1, -1, -50, "better"],
    ["error_rate", 0, 0.1, 0.1, null, "worse"], // a = 0: no percentage
    ["accuracy", 0, 0.5, 0.5, null, "better"],
    ["accuracy", 0, 0, 0, null, "same"],
    ["delta", -4, -2, 2, 50, "better"], // the percentage is of |a|
    ["cost_usd", -4, -2, 2, 50, "worse"],
  ])("%s: %s -> %s gives delta %s, delta_pct %s, %s", (metric, a, b, delta, deltaPct, change) => {
    const [row] = compareMetrics({ [metric]: a }, { [metric]: b });
    expect(row?.a).toBe(a);
    expect(row?.b).toBe(b);
    expect(row?.delta).toBeCloseTo(delta, 12);
    if (deltaPct === null) expect(row?.delta_pct).toBeNull();
    else expect(row?.delta_pct).toBeCloseTo(deltaPct, 10);
    expect(row?.change).toBe(change);
  });

  it("is delta b - a, not a - b", () => {
    const rows = byName(compareMetrics({ f1: 0.6 }, { f1: 0.9 }));
    expect(rows.get("f1")?.delta).toBeCloseTo(0.3, 12);
  });

  it("compares nested metrics by dot path and direction of the path", () => {
    const rows = byName(compareMetrics({ latency: { p95: 400 }, quality: { f1: 0.7 } }, { latency: { p95: 500 }, quality: { f1: 0.72 } }));
    expect(rows.get("latency.p95")).toMatchObject({ direction: "lower", delta: 100, delta_pct: 25, change: "worse" });
    expect(rows.get("quality.f1")).toMatchObject({ direction: "higher", change: "better" });
  });

  it("gives nothing for two empty sides", () => {
    expect(compareMetrics({}, {})).toEqual([]);
  });
});

describe("sortByMetric", () => {
  interface Row {
    name: string;
    value: number | null;
  }
  const rows: Row[] = [
    { name: "a", value: 0.5 },
    { name: "b", value: null },
    { name: "c", value: 0.9 },
    { name: "d", value: 0.5 },
    { name: "e", value: 0.1 },
    { name: "f", value: null },
    { name: "g", value: -1 },
  ];
  const snapshot = rows.map((r) => ({ ...r }));

  it.each([
    ["higher", ["c", "a", "d", "e", "g", "b", "f"]],
    ["lower", ["g", "e", "a", "d", "c", "b", "f"]],
  ] as const)("%s-is-better puts the best first, ties in input order, nulls last", (direction, order) => {
    const sorted = sortByMetric(rows, (r) => r.value, direction);
    expect(sorted.map((r) => r.name)).toEqual(order);
  });

  it("returns a new array and leaves the input as it was", () => {
    const sorted = sortByMetric(rows, (r) => r.value, "higher");
    expect(sorted).not.toBe(rows);
    expect(rows).toEqual(snapshot);
    expect(sorted[0]).toBe(rows[2]); // the same row objects
  });

  it("keeps rows that all lack the metric in input order", () => {
    const none = [{ id: 3 }, { id: 1 }, { id: 2 }];
    expect(sortByMetric(none, () => null, "lower").map((r) => r.id)).toEqual([3, 1, 2]);
  });

  it("sorts zero as a value, not as missing", () => {
    const sorted = sortByMetric([{ v: null }, { v: 0 }, { v: 2 }], (r) => r.v, "lower");
    expect(sorted.map((r) => r.v)).toEqual([0, 2, null]);
  });
});
