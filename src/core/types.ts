/**
 * The ledger's records. Field names are the ledger's own vocabulary, the same in the
 * results files, the database columns and every JSON output (snake_case), so a record
 * crosses the layers without renaming.
 */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type TransactionId = Brand<string, "TransactionId">;
export type SnapshotVersion = number;

/** A configuration: what a snapshot history is kept for. */
export interface ConfigKey {
  model_version: string;
  dataset_version: string;
  prompt_version: string;
  environment: string;
}

/** A metric is a number, or an object of metrics (distribution or confidence statistics). */
export type MetricValue = number | { [name: string]: MetricValue };
export type Metrics = { [name: string]: MetricValue };
/** Which way is better for a metric, as a run declares it. */
export type MetricDirection = "higher" | "lower";

/** One example's outcome inside a run, for per-example comparison. */
export interface ExampleResult {
  id: string;
  correct?: boolean;
  label?: string;
  prediction?: string;
  score?: number;
  latency_ms?: number;
  cost?: number;
}

/** A result as a file gives it, validated; context fields may still be missing. */
export interface BenchmarkResult {
  model_version: string;
  dataset_version: string;
  model_provider?: string;
  prompt_version?: string;
  environment?: string;
  commit_sha?: string;
  branch_name?: string;
  metrics: Metrics;
  /** metric path -> the unit a tool measured it in ("ns/iter"). */
  units?: Record<string, string>;
  /** metric path -> which way is better, when the tool says. */
  directions?: Record<string, MetricDirection>;
  duration_seconds?: number;
  tags: string[];
  run_key?: string;
  created_at?: Date;
  /** The pull request the run belongs to; the CI's or --pr otherwise. */
  pull_request?: number;
  examples?: ExampleResult[];
}

/** A result ready to record: its config is complete and its context resolved. */
export interface RunToRecord extends ConfigKey {
  model_provider: string | null;
  commit_sha: string | null;
  branch_name: string | null;
  metrics: Metrics;
  units: Record<string, string> | null;
  directions: Record<string, MetricDirection> | null;
  duration_seconds: number | null;
  tags: string[];
  run_key: string | null;
  created_at: Date | null;
  examples: ExampleResult[] | null;
  /** A run of the tracked line: it moves the config's snapshots. Pull-request runs do not. */
  tracked: boolean;
  pull_request: number | null;
  run_url: string | null;
  repository: string | null;
}

export interface PushOutcome {
  transaction_id: TransactionId;
  /** The config's new version; null for a run that is not tracked (a pull request's). */
  snapshot_version: SnapshotVersion | null;
  duplicate: boolean;
  run_key: string;
  tracked: boolean;
  config: ConfigKey;
}

/** One version of a config's snapshot. */
export interface SnapshotVersionRow extends ConfigKey {
  snapshot_version: SnapshotVersion;
  transaction_id: TransactionId;
  source: "push" | "checkout";
  restored_from_version: SnapshotVersion | null;
  model_provider: string | null;
  metrics: Metrics;
  is_current: boolean;
  is_baseline: boolean;
  is_active: boolean;
  created_at: Date;
  run_created_at: Date;
  commit_sha: string | null;
  branch_name: string | null;
}

/** A row of the leaderboard: the current snapshot of an active config. */
export interface LatestRow extends ConfigKey {
  snapshot_version: SnapshotVersion;
  transaction_id: TransactionId;
  model_provider: string | null;
  metrics: Metrics;
  is_baseline: boolean;
  run_created_at: Date;
  commit_sha: string | null;
  branch_name: string | null;
  tags: string[];
}

/** One run in a config's history (raw time series). */
export interface HistoryPoint extends ConfigKey {
  transaction_id: TransactionId;
  created_at: Date;
  commit_sha: string | null;
  branch_name: string | null;
  /** Every metric of the run; null when the history was asked for one metric (see value). */
  metrics: Metrics | null;
  value: number | null;
}

/** One time bucket of a metric's history. */
export interface HistoryBucket extends ConfigKey {
  bucket: Date;
  avg: number;
  min: number;
  max: number;
  count: number;
}

/** A difference between the stored snapshot layer and the one the log implies. */
export interface SnapshotDrift extends ConfigKey {
  snapshot_version: SnapshotVersion;
  problem: string;
}

export function configLabel(config: ConfigKey): string {
  return `${config.model_version} / ${config.dataset_version} / ${config.prompt_version} / ${config.environment}`;
}
