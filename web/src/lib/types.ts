// The JSON the dashboard reads from /api (GET /api/openapi.json describes the parameters).

export type Metrics = { [name: string]: number | Metrics };
export type Change = "better" | "worse" | "same" | "added" | "removed";
export type Direction = "higher" | "lower" | "either";

export interface ConfigKey {
  model_version: string;
  dataset_version: string;
  prompt_version: string;
  environment: string;
}

export interface RunInfo {
  transaction_id: string;
  commit_sha: string | null;
  branch_name: string | null;
  run_created_at: string;
}

export interface LeaderboardRow extends ConfigKey, RunInfo {
  model_provider: string | null;
  snapshot_version: number;
  metrics: Metrics;
  is_baseline: boolean;
  tags: string[];
  baseline: { snapshot_version: number; metrics: Metrics } | null;
  deltas: Record<string, { delta: number | null; delta_pct: number | null; direction: Direction; change: Change }>;
}

export interface Facets {
  environments: string[];
  models: string[];
  providers: string[];
  datasets: string[];
  prompts: string[];
  tags: string[];
}

export interface Leaderboard {
  rows: LeaderboardRow[];
  metrics: string[];
  facets: Facets;
  sort: string;
}

export interface HistoryPoint extends ConfigKey {
  transaction_id: string;
  created_at: string;
  commit_sha: string | null;
  branch_name: string | null;
  /** Null when the history was asked for one metric (see value). */
  metrics: Metrics | null;
  value: number | null;
}

export interface HistoryBucket extends ConfigKey {
  bucket: string;
  avg: number;
  min: number;
  max: number;
  count: number;
}

export type History =
  | { bucket: "none"; metric: string | null; points: HistoryPoint[]; truncated: boolean }
  | { bucket: "day" | "week"; metric: string; buckets: HistoryBucket[] };

/** One metric of one config as columns (GET /api/series): what the trend chart draws. */
export interface Series {
  config: ConfigKey;
  metric: string;
  count: number;
  time_ms: number[];
  value: number[];
  commit_sha: (string | null)[];
  branch_name: (string | null)[];
  transaction_id: string[];
}

export interface ChangePoint {
  index: number;
  transaction_id: string;
  commit_sha: string | null;
  previous_commit_sha: string | null;
  created_at: string;
  before_mean: number;
  after_mean: number;
  p_value: number;
  direction: "regression" | "improvement" | "change";
}

export interface ChangePoints {
  config: ConfigKey;
  metric: string;
  runs: number;
  change_points: ChangePoint[];
}

export interface SnapshotVersion extends ConfigKey, RunInfo {
  snapshot_version: number;
  source: string;
  restored_from_version: number | null;
  model_provider: string | null;
  metrics: Metrics;
  is_current: boolean;
  is_baseline: boolean;
  created_at: string;
}

export interface Versions {
  config: ConfigKey;
  /** The newest `limit` versions (default 200), oldest first. */
  versions: SnapshotVersion[];
  /** How many versions the config has in all. */
  total: number;
}

export interface ExampleResult {
  id: string;
  correct?: boolean;
  label?: string;
  prediction?: string;
  score?: number;
  latency_ms?: number;
  cost?: number;
}

export interface Comparison {
  config: ConfigKey;
  a: SnapshotVersion;
  b: SnapshotVersion;
  deltas: { metric: string; a: number | null; b: number | null; delta: number | null; delta_pct: number | null; direction: Direction; change: Change }[];
  examples: { shared: number; only_a: number; only_b: number; changed: { id: string; a: ExampleResult; b: ExampleResult }[]; changed_total: number } | null;
}

export type Verdict = "regression" | "sla" | "tradeoff" | "inconclusive" | "improvement" | "ok";

export interface Finding extends ConfigKey {
  id: string;
  created_at: string;
  transaction_id: string;
  commit_sha: string | null;
  metric: string;
  verdict: Verdict;
  method: string | null;
  current_value: number | null;
  baseline_value: number | null;
  delta: number | null;
  p_value: number | null;
  q_value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  details: { reason?: string; threshold?: unknown; direction?: Direction; baseline_source?: string; [key: string]: unknown };
  acknowledged: boolean;
  current_now: number | null;
}

export interface EfficiencyPoint extends ConfigKey {
  model_provider: string | null;
  quality: number;
  cost: number;
  on_front: boolean;
}

export interface Efficiency {
  quality: string;
  cost: string;
  directions: { quality: Direction; cost: Direction };
  metrics: string[];
  points: EfficiencyPoint[];
}

export interface SlaSeries extends ConfigKey {
  metric: string;
  min: number | null;
  max: number | null;
  points: { created_at: string; commit_sha: string | null; value: number; breached: boolean }[];
  breaches: number;
}

export interface Sla {
  rules: { match: Record<string, string>; limits: Record<string, { min?: number; max?: number }> }[];
  series: SlaSeries[];
}

export interface Health {
  status: string;
  version: string;
  engine: string;
  database: string;
}
