import { detectChangePoints } from "../core/changepoints/detect-change-points.js";
import { compareSamples, compareSummaries, type DistributionDrift } from "../core/drift/distribution-drift.js";
import { compareFeatureWeights, type FeatureDrift } from "../core/drift/feature-drift.js";
import { NotFoundError } from "../core/errors.js";
import { metricAt } from "../core/metrics.js";
import type { ConfigKey, ExampleResult, Metrics, MetricValue, SnapshotVersionRow, TransactionId } from "../core/types.js";
import { configLabel } from "../core/types.js";
import { selectExamples } from "../store/check-store.js";
import { selectHistory } from "../store/history-store.js";
import { selectVersions } from "../store/snapshots-store.js";
import type { Deps } from "./deps.js";
import { selectConfig, type ConfigSelector } from "./select-config.js";

export interface ConfidenceDrift {
  metric: string;
  baseline: number | null;
  current: number | null;
  runs: number;
  change_points: { index: number; commit_sha: string | null; before_mean: number; after_mean: number; p_value: number }[];
}

export interface DriftReport {
  config: ConfigKey;
  current_version: number;
  baseline_version: number;
  baseline_source: "baseline" | "previous";
  current_transaction_id: TransactionId;
  baseline_transaction_id: TransactionId;
  distributions: DistributionDrift[];
  confidence: ConfidenceDrift[];
  features: FeatureDrift[];
}

const FEATURE_KEY = /^feature_?importances?$/i;
const CONFIDENCE_KEY = /confidence/i;
const EXAMPLE_FIELDS = ["score", "latency_ms", "cost"] as const;

/**
 * How the current version of a config differs in distribution from its baseline (marked,
 * else the previous version): per-example scores and latencies (PSI and KS), metrics that
 * carry distribution statistics ({"mean", "std"}), confidence over time (change points),
 * and feature importances (rank correlation and the largest movers).
 */
export async function measureDrift(deps: Deps, selector: ConfigSelector): Promise<DriftReport> {
  const config = await selectConfig(deps, selector);
  const versions = await selectVersions(deps.db, config);
  const current = versions.find((v) => v.is_current)!;
  const marked = versions.find((v) => v.is_baseline && !v.is_current);
  const baseline = marked ?? versions.filter((v) => v.snapshot_version < current.snapshot_version && v.transaction_id !== current.transaction_id).at(-1);
  if (!baseline) {
    throw new NotFoundError("NO_BASELINE", `${configLabel(config)} has a single run: nothing to measure drift against.`,
      "Push another run, or mark a baseline with `benchledger baseline set`.");
  }
  const [examplesNow, examplesBefore] = await Promise.all([
    selectExamples(deps.db, current.transaction_id), selectExamples(deps.db, baseline.transaction_id)]);
  return {
    config,
    current_version: current.snapshot_version,
    baseline_version: baseline.snapshot_version,
    baseline_source: marked ? "baseline" : "previous",
    current_transaction_id: current.transaction_id,
    baseline_transaction_id: baseline.transaction_id,
    distributions: [...exampleDrift(examplesBefore, examplesNow), ...summaryDrift(baseline.metrics, current.metrics)],
    confidence: await confidenceDrift(deps, config, baseline, current),
    features: objectsAt(current.metrics).filter(([path]) => FEATURE_KEY.test(lastKey(path))).flatMap(([path, weights]) => {
      const before = objectAtPath(baseline.metrics, path);
      return before ? [compareFeatureWeights(path, numbersOf(before), numbersOf(weights))] : [];
    }),
  };
}

function exampleDrift(before: ExampleResult[] | null, now: ExampleResult[] | null): DistributionDrift[] {
  if (!before || !now) return [];
  return EXAMPLE_FIELDS.flatMap((field) => {
    const values = (list: ExampleResult[]) => list.map((e) => e[field]).filter((v): v is number => typeof v === "number");
    const drift = compareSamples(`examples.${field}`, values(before), values(now));
    return drift ? [drift] : [];
  });
}

function summaryDrift(before: Metrics, now: Metrics): DistributionDrift[] {
  return objectsAt(now).flatMap(([path, stats]) => {
    const current = summaryOf(stats);
    const previous = summaryOf(objectAtPath(before, path));
    if (!current || !previous) return [];
    const drift = compareSummaries(path, previous, current);
    return drift ? [drift] : [];
  });
}

async function confidenceDrift(deps: Deps, config: ConfigKey, baseline: SnapshotVersionRow, current: SnapshotVersionRow): Promise<ConfidenceDrift[]> {
  const paths = confidencePaths(current.metrics);
  const reports: ConfidenceDrift[] = [];
  for (const metric of paths) {
    const history = (await selectHistory(deps.db, { ...config, metricPath: metric.split(".") }, 500)).filter((p) => p.value !== null);
    const found = detectChangePoints(history.map((p) => p.value!));
    reports.push({
      metric,
      baseline: metricAt(baseline.metrics, metric),
      current: metricAt(current.metrics, metric),
      runs: history.length,
      change_points: found.map((cp) => ({ index: cp.index, commit_sha: history[cp.index]?.commit_sha ?? null,
        before_mean: cp.before_mean, after_mean: cp.after_mean, p_value: cp.p_value })),
    });
  }
  return reports;
}

/** Metric paths that measure confidence: a number under a confidence key, or its mean. */
function confidencePaths(metrics: Metrics): string[] {
  return Object.entries(metrics).flatMap(([key, value]) => {
    if (!CONFIDENCE_KEY.test(key)) return [];
    if (typeof value === "number") return [key];
    return typeof value.mean === "number" ? [`${key}.mean`] : [];
  });
}

/** Every nested object of metrics with its dot path. */
function objectsAt(metrics: Metrics, prefix = ""): [string, { [k: string]: MetricValue }][] {
  return Object.entries(metrics).flatMap(([key, value]) => {
    if (typeof value === "number") return [];
    const path = prefix ? `${prefix}.${key}` : key;
    return [[path, value] as [string, { [k: string]: MetricValue }], ...objectsAt(value, path)];
  });
}

function objectAtPath(metrics: Metrics, path: string): { [k: string]: MetricValue } | null {
  let node: MetricValue | undefined = metrics;
  for (const key of path.split(".")) {
    if (node === undefined || typeof node === "number") return null;
    node = node[key];
  }
  return node !== undefined && typeof node !== "number" ? node : null;
}

function summaryOf(stats: { [k: string]: MetricValue } | null): { mean: number; std: number } | null {
  if (!stats) return null;
  const mean = stats.mean;
  const std = stats.std ?? stats.stddev ?? stats.sd;
  return typeof mean === "number" && typeof std === "number" ? { mean, std } : null;
}

function numbersOf(object: { [k: string]: MetricValue }): Record<string, number> {
  return Object.fromEntries(Object.entries(object).filter((e): e is [string, number] => typeof e[1] === "number"));
}

function lastKey(path: string): string {
  return path.split(".").at(-1)!;
}
