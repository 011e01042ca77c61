import { compareMetrics, defaultDirection, flattenMetrics, metricAt, sortByMetric, type MetricDelta } from "../core/metrics.js";
import { configMatches, defaultPolicy } from "../core/metric-policy.js";
import { paretoFront } from "../core/pareto.js";
import type { ProjectConfig } from "../core/project-config.js";
import type { ConfigKey, Metrics } from "../core/types.js";
import { SEVERITY, type Verdict } from "../core/check/finding.js";
import { exceedsThreshold } from "../core/check/judge-metric.js";
import type { Threshold } from "../core/metric-policy.js";
import { selectFacets, selectLeaderboard, selectNewestFindings, type Facets, type FindingRow, type LeaderboardFilter, type LeaderboardRow } from "../store/dashboard-store.js";
import { selectSeries } from "../store/history-store.js";
import { selectConfigs } from "../store/snapshots-store.js";
import type { Deps } from "./deps.js";

export interface LeaderboardEntry extends Omit<LeaderboardRow, "baseline_metrics" | "baseline_version"> {
  baseline: { snapshot_version: number; metrics: Metrics } | null;
  /** Each metric against the baseline version, by the metric's direction. */
  deltas: Record<string, Pick<MetricDelta, "delta" | "delta_pct" | "direction" | "change">>;
}

/** The current snapshots, filtered and sorted best first, with deltas against each baseline and the filters' values. */
export async function getLeaderboard(
  deps: Deps,
  options: LeaderboardFilter & { sort?: string },
): Promise<{ rows: LeaderboardEntry[]; metrics: string[]; facets: Facets; sort: string }> {
  const [rows, facets] = await Promise.all([selectLeaderboard(deps.db, options), selectFacets(deps.db)]);
  const sort = options.sort ?? "f1";
  const sorted = sort === "f1" ? rows : sortByMetric(rows, (r) => metricAt(r.metrics, sort), defaultDirection(sort));
  const metrics = [...new Set(rows.flatMap((r) => [...flattenMetrics(r.metrics).keys()]))].sort();
  return {
    rows: sorted.map(({ baseline_metrics, baseline_version, ...row }) => ({
      ...row,
      baseline: baseline_metrics && baseline_version !== null ? { snapshot_version: baseline_version, metrics: baseline_metrics } : null,
      deltas: baseline_metrics && !row.is_baseline
        ? Object.fromEntries(compareMetrics(baseline_metrics, row.metrics).map((d) => [d.metric, { delta: d.delta, delta_pct: d.delta_pct, direction: d.direction, change: d.change }]))
        : {},
    })),
    metrics,
    facets,
    sort,
  };
}

export interface OpenFinding extends FindingRow {
  /** The metric in the config's current snapshot. */
  current_now: number | null;
}

/**
 * The open findings, worst first: for every config and metric the newest regression, SLA
 * breach, tradeoff or inconclusive verdict, unless it was acknowledged or the metric has
 * since come back within the threshold of the baseline that finding was measured against.
 */
export async function listOpenFindings(deps: Deps, options: { limit?: number }): Promise<{ findings: OpenFinding[] }> {
  const candidates = await selectNewestFindings(deps.db);
  const open = candidates.flatMap(({ current_metrics, ...f }) => {
    const now = current_metrics ? metricAt(current_metrics, f.metric) : null;
    if (f.acknowledged || now === null || !isStillOff(f, now)) return [];
    return [{ ...f, current_now: now }];
  });
  open.sort((a, b) => SEVERITY[b.verdict as Verdict] - SEVERITY[a.verdict as Verdict] || relativeSize(b) - relativeSize(a));
  return { findings: open.slice(0, options.limit ?? 200) };
}

function isStillOff(f: FindingRow, now: number): boolean {
  if (f.verdict === "sla") {
    const limits = (f.ci_low ?? -Infinity) <= now && now <= (f.ci_high ?? Infinity);
    return !limits;
  }
  if (f.baseline_value === null) return true;
  const direction = (f.details.direction as string | undefined) ?? defaultDirection(f.metric);
  const delta = now - f.baseline_value;
  const worse = direction === "lower" ? delta > 0 : delta < 0;
  return worse && exceedsThreshold(delta, f.baseline_value, (f.details.threshold as Threshold | undefined) ?? {});
}

function relativeSize(f: FindingRow): number {
  return f.delta !== null && f.baseline_value ? Math.abs(f.delta / f.baseline_value) : 0;
}

/** Quality against cost (or latency) for the current snapshots, with the Pareto front marked. */
export async function getEfficiency(deps: Deps, options: { quality?: string; cost?: string; environment?: string }) {
  const quality = options.quality ?? "f1";
  const rows = await selectLeaderboard(deps.db, { environment: options.environment });
  const metrics = [...new Set(rows.flatMap((r) => [...flattenMetrics(r.metrics).keys()]))].sort();
  const cost = options.cost ?? metrics.find((m) => defaultPolicy(m).kind === "cost") ?? metrics.find((m) => defaultPolicy(m).kind === "time") ?? "latency_ms";
  const points = rows.flatMap((r) => {
    const q = metricAt(r.metrics, quality);
    const c = metricAt(r.metrics, cost);
    return q === null || c === null ? [] : [{ ...configOf(r), model_provider: r.model_provider, quality: q, cost: c }];
  });
  const directions = { quality: defaultDirection(quality), cost: defaultDirection(cost) };
  const front = paretoFront(points, directions);
  return { quality, cost, directions, metrics, points: points.map((p, i) => ({ ...p, on_front: front[i]! })) };
}

/** The SLA limits of the project config, and each matching config's values over time with breaches marked. */
export async function getSlaSeries(deps: Deps, project: ProjectConfig, options: { days?: number; limit?: number }) {
  const rows = await selectLeaderboard(deps.db, {});
  const wanted = project.sla.flatMap((rule) => rows.filter((r) => configMatches(r, rule.match))
    .flatMap((row) => Object.entries(rule.limits).map(([metric, limit]) => ({ config: configOf(row), metric, limit }))));
  const series = await Promise.all(wanted.map(async ({ config, metric, limit }) => {
    const columns = await selectSeries(deps.db, { ...config, metricPath: metric.split("."), days: options.days ?? 30 }, options.limit ?? 1000);
    const points = columns.value.map((value, i) => ({
      created_at: new Date(columns.time_ms[i]!), commit_sha: columns.commit_sha[i] ?? null, value,
      breached: (limit.max !== undefined && value > limit.max) || (limit.min !== undefined && value < limit.min),
    }));
    return { ...config, metric, min: limit.min ?? null, max: limit.max ?? null, points, breaches: points.filter((p) => p.breached).length };
  }));
  return { rules: project.sla, series };
}

function configOf(row: ConfigKey): ConfigKey {
  return { model_version: row.model_version, dataset_version: row.dataset_version, prompt_version: row.prompt_version, environment: row.environment };
}

/** Every config the ledger has, active or not. */
export async function listConfigs(deps: Deps): Promise<ConfigKey[]> {
  return selectConfigs(deps.db, {});
}
