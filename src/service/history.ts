import { InvalidInputError } from "../core/errors.js";
import type { HistoryBucket, HistoryPoint } from "../core/types.js";
import { selectHistory, selectHistoryBuckets, selectMetricNames, selectSeries, type HistoryFilter, type MetricSeries } from "../store/history-store.js";
import { selectConfig, type ConfigSelector } from "./select-config.js";
import type { ConfigKey } from "../core/types.js";
import type { Deps } from "./deps.js";

export type Bucket = "none" | "day" | "week";

export interface HistoryOptions {
  model: string;
  dataset?: string;
  prompt?: string;
  env?: string;
  /** A metric name or dot path into nested metrics ("dist.p50"). */
  metric?: string;
  days?: number;
  bucket?: Bucket;
  /** Raw mode: at most this many runs (the newest). */
  limit?: number;
}

export type HistoryResult =
  | { bucket: "none"; metric: string | null; points: HistoryPoint[]; truncated: boolean }
  | { bucket: "day" | "week"; metric: string; buckets: HistoryBucket[] };

export const DEFAULT_HISTORY_LIMIT = 10_000;
/** A century: beyond it a date computation overflows, and no ledger is older. */
export const MAX_DAYS = 36_500;

/** The runs of a config (or of every config of a model) over time, raw or bucketed. */
export async function getHistory(deps: Deps, options: HistoryOptions): Promise<HistoryResult> {
  if (!options.model) {
    throw new InvalidInputError("MODEL_REQUIRED", "--model is required.", "For example: benchledger history --model gpt-4o --metric f1");
  }
  if (options.days !== undefined && (!Number.isInteger(options.days) || options.days < 1 || options.days > MAX_DAYS)) {
    throw new InvalidInputError("BAD_DAYS", `--days must be a whole number of days from 1 to ${MAX_DAYS}, got ${options.days}.`,
      "For example --days 30.");
  }
  const limit = options.limit ?? DEFAULT_HISTORY_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidInputError("BAD_LIMIT", `--limit must be a whole number (1 or more), got ${limit}.`, "For example --limit 500.");
  }
  const filter: HistoryFilter = {
    model_version: options.model,
    ...(options.dataset !== undefined ? { dataset_version: options.dataset } : {}),
    ...(options.prompt !== undefined ? { prompt_version: options.prompt } : {}),
    ...(options.env !== undefined ? { environment: options.env } : {}),
    ...(options.days !== undefined ? { days: options.days } : {}),
    metricPath: options.metric ? options.metric.split(".") : null,
  };
  const bucket = options.bucket ?? "none";
  if (bucket === "none") {
    const points = await selectHistory(deps.db, filter, limit + 1);
    const truncated = points.length > limit;
    return { bucket, metric: options.metric ?? null, points: truncated ? points.slice(1) : points, truncated };
  }
  if (!options.metric || !filter.metricPath) {
    const names = await selectMetricNames(deps.db, filter);
    throw new InvalidInputError("METRIC_REQUIRED", `--bucket ${bucket} aggregates one metric: name it with --metric.`,
      names.length > 0 ? `Metrics of these runs: ${names.join(", ")}.` : "No runs match the filter yet.");
  }
  const buckets = await selectHistoryBuckets(deps.db, { ...filter, metricPath: filter.metricPath }, bucket);
  return { bucket, metric: options.metric, buckets };
}

/**
 * One metric of one config over time as columns (time in ms, value, commit, branch), the
 * newest `limit` runs (default 100,000): what the Trends chart draws, without repeating
 * the config in every point.
 */
export async function getSeries(
  deps: Deps,
  options: ConfigSelector & { metric: string; days?: number; limit?: number },
): Promise<{ config: ConfigKey; metric: string; count: number; truncated: boolean } & MetricSeries> {
  if (!options.metric) throw new InvalidInputError("METRIC_REQUIRED", "metric is required.", "For example metric=f1.");
  if (options.days !== undefined && options.days > MAX_DAYS) {
    throw new InvalidInputError("BAD_DAYS", `days must be from 1 to ${MAX_DAYS}, got ${options.days}.`, "For example days=90.");
  }
  const config = await selectConfig(deps, options);
  const limit = options.limit ?? 100_000;
  // One more than asked for tells whether older runs were left out.
  const series = await selectSeries(deps.db, { ...config, metricPath: options.metric.split("."), ...(options.days !== undefined ? { days: options.days } : {}) },
    limit + 1);
  const truncated = series.value.length > limit;
  const columns = truncated ? dropOldest(series) : series;
  return { config, metric: options.metric, count: columns.value.length, truncated, ...columns };
}

function dropOldest(series: MetricSeries): MetricSeries {
  return {
    time_ms: series.time_ms.slice(1),
    value: series.value.slice(1),
    commit_sha: series.commit_sha.slice(1),
    branch_name: series.branch_name.slice(1),
    transaction_id: series.transaction_id.slice(1),
  };
}
