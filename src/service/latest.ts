import { compareMetrics, defaultDirection, metricAt, sortByMetric, type MetricDelta } from "../core/metrics.js";
import type { ConfigKey, LatestRow } from "../core/types.js";
import { selectChangesSince, selectLatest } from "../store/snapshots-store.js";
import type { Deps } from "./deps.js";

export interface LatestOptions {
  environment?: string;
  /** Sort best-first by this metric (dot path); default f1. */
  sortMetric?: string;
}

/** The leaderboard: the current snapshot of every active config, best first. */
export async function listLatest(deps: Deps, options: LatestOptions = {}): Promise<LatestRow[]> {
  const rows = await selectLatest(deps.db, options.environment ?? null);
  const metric = options.sortMetric ?? "f1";
  if (metric === "f1") return rows; // the database already orders by the denormalised f1
  return sortByMetric(rows, (row) => metricAt(row.metrics, metric), defaultDirection(metric));
}

export interface ConfigChange extends ConfigKey {
  snapshot_version: number;
  earlier_version: number | null;
  commit_sha: string | null;
  run_created_at: Date;
  deltas: MetricDelta[];
}

/**
 * What moved: each active config's current snapshot against the one current `days` ago,
 * configs whose watched metric got worse first.
 */
export async function listChangesSince(
  deps: Deps,
  options: { days: number; environment?: string; metric?: string },
): Promise<ConfigChange[]> {
  const metric = options.metric ?? "f1";
  const rows = await selectChangesSince(deps.db, options.days, options.environment ?? null);
  const changes = rows
    .filter((row) => row.earlier_metrics !== null)
    .map(({ metrics, earlier_metrics, ...row }) => ({ ...row, deltas: compareMetrics(earlier_metrics ?? {}, metrics) }));
  const direction = defaultDirection(metric);
  const signedImprovement = (change: ConfigChange) => {
    const delta = change.deltas.find((d) => d.metric === metric)?.delta ?? null;
    return delta === null ? null : direction === "higher" ? delta : -delta;
  };
  // Worst first: ascending improvement.
  return sortByMetric(changes, signedImprovement, "lower");
}
