import { defaultPolicy } from "./metric-policy.js";
import type { Metrics } from "./types.js";

/** Which way is better for a metric. */
export type MetricDirection = "higher" | "lower";

/**
 * Which way is better for a metric, from its name (see defaultPolicy): lower for latency,
 * duration, cost, loss, error and perplexity-like names; higher otherwise, including
 * names of unknown direction.
 */
export function defaultDirection(metric: string): MetricDirection {
  return defaultPolicy(metric).direction === "lower" ? "lower" : "higher";
}

/** Flattens nested metrics into dot paths: {"dist": {"p50": 1}} gives "dist.p50" -> 1. */
export function flattenMetrics(metrics: Metrics, prefix = ""): Map<string, number> {
  const flat = new Map<string, number>();
  for (const [key, value] of Object.entries(metrics)) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (typeof value === "number") flat.set(path, value);
    else for (const [inner, number] of flattenMetrics(value, path)) flat.set(inner, number);
  }
  return flat;
}

/** The value at a dot path ("dist.p50"), or null when absent or not a number. */
export function metricAt(metrics: Metrics, path: string): number | null {
  return flattenMetrics(metrics).get(path) ?? null;
}

export interface MetricDelta {
  metric: string;
  a: number | null;
  b: number | null;
  /** b - a; null when either side lacks the metric. */
  delta: number | null;
  /** (b - a) / |a| * 100; null when a is 0 or absent. */
  delta_pct: number | null;
  direction: MetricDirection;
  /** Whether b is better, worse or the same as a, by the metric's direction. */
  change: "better" | "worse" | "same" | "added" | "removed";
}

/** Every metric of two snapshots side by side, sorted by name. */
export function compareMetrics(a: Metrics, b: Metrics): MetricDelta[] {
  const flatA = flattenMetrics(a);
  const flatB = flattenMetrics(b);
  const names = [...new Set([...flatA.keys(), ...flatB.keys()])].sort();
  return names.map((metric) => {
    const valueA = flatA.get(metric) ?? null;
    const valueB = flatB.get(metric) ?? null;
    const direction = defaultDirection(metric);
    const delta = valueA !== null && valueB !== null ? valueB - valueA : null;
    const deltaPct = delta !== null && valueA !== null && valueA !== 0 ? (delta / Math.abs(valueA)) * 100 : null;
    return { metric, a: valueA, b: valueB, delta, delta_pct: deltaPct, direction, change: classify(delta, valueA, valueB, direction) };
  });
}

function classify(
  delta: number | null,
  a: number | null,
  b: number | null,
  direction: MetricDirection,
): MetricDelta["change"] {
  if (a === null) return "added";
  if (b === null) return "removed";
  if (delta === null || delta === 0) return "same";
  return (delta > 0) === (direction === "higher") ? "better" : "worse";
}

/** Sorts rows best-first by a metric, rows without it last. */
export function sortByMetric<T>(rows: T[], metricOf: (row: T) => number | null, direction: MetricDirection): T[] {
  const sign = direction === "higher" ? -1 : 1;
  return [...rows].sort((x, y) => {
    const a = metricOf(x);
    const b = metricOf(y);
    if (a === null) return b === null ? 0 : 1;
    if (b === null) return -1;
    return sign * (a - b);
  });
}
