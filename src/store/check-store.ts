import type { Finding } from "../core/check/finding.js";
import type { ConfigKey, ExampleResult, MetricDirection, Metrics, TransactionId } from "../core/types.js";
import type { Queryable } from "./db.js";

/** A run `check` judges: its config, commit and place in the ledger's order. */
export interface RunRow extends ConfigKey {
  transaction_id: TransactionId;
  commit_sha: string | null;
  metrics: Metrics;
  ledger_seq: number;
  /** A run of the tracked line; false for pull-request runs and runs of other branches. */
  tracked: boolean;
  pull_request: number | null;
  /** The CI run that pushed it: runs of one CI run at one commit are repeats of one evaluation. */
  run_url: string | null;
  /** What the run's tool said of its metrics: which way is better, and units. */
  directions: Record<string, MetricDirection> | null;
  units: Record<string, string> | null;
}

const RUN_COLUMNS = `t.id::text as transaction_id, t.model_version, t.dataset_version, t.prompt_version,
  t.environment, t.commit_sha, t.metrics, t.ledger_seq::float8 as ledger_seq, t.tracked, t.pull_request, t.run_url,
  t.directions, t.units`;
const CONFIG_MATCH = `t.model_version = $1 and t.dataset_version = $2 and t.prompt_version = $3 and t.environment = $4`;

/**
 * A run that is not a repeat of the run at $6 (commit) / $7 (CI run URL). Runs of one
 * commit pushed by one CI run (or with no CI run, locally) are repeats of one evaluation,
 * samples of one distribution; a run at the same commit from another CI run (a scheduled
 * canary on an unchanged main line) is a later observation of its own.
 */
const ANOTHER_EVALUATION = `not (t.commit_sha is not distinct from $6 and t.run_url is not distinct from $7)`;

function configParams(config: ConfigKey): string[] {
  return [config.model_version, config.dataset_version, config.prompt_version, config.environment];
}

/** The newest run of each config at a commit. */
export async function selectRunsAtCommit(db: Queryable, commitSha: string): Promise<RunRow[]> {
  return db.query<RunRow>(`
    select distinct on (t.model_version, t.dataset_version, t.prompt_version, t.environment) ${RUN_COLUMNS}
      from benchmark_transactions t
     where t.commit_sha = $1
     order by t.model_version, t.dataset_version, t.prompt_version, t.environment, t.ledger_seq desc`, [commitSha]);
}

/** The run behind the current snapshot of every active config. */
export async function selectCurrentRuns(db: Queryable): Promise<RunRow[]> {
  return db.query<RunRow>(`
    select ${RUN_COLUMNS}
      from benchmark_snapshots s
      join benchmark_transactions t on t.id = s.transaction_id
     where s.is_current and s.is_active
     order by t.model_version, t.dataset_version, t.prompt_version, t.environment`);
}

/**
 * The metrics of every run of a config at a commit, up to a point in the ledger; with
 * trackedOnly, of the tracked line's runs only (a baseline for a pull-request run).
 */
export async function selectSamples(db: Queryable, run: RunRow, options: { trackedOnly?: boolean } = {}): Promise<Metrics[]> {
  if (run.commit_sha === null) return [run.metrics];
  const rows = await db.query<{ metrics: Metrics }>(`
    select t.metrics from benchmark_transactions t
     where ${CONFIG_MATCH} and t.commit_sha = $5 and t.run_url is not distinct from $7 and t.ledger_seq <= $6${options.trackedOnly ? " and t.tracked" : ""}
     order by t.ledger_seq`, [...configParams(run), run.commit_sha, run.ledger_seq, run.run_url]);
  return rows.map((row) => row.metrics);
}

/** The run of the config's marked baseline version. */
export async function selectMarkedBaseline(db: Queryable, config: ConfigKey): Promise<RunRow | null> {
  const [row] = await db.query<RunRow>(`
    select ${RUN_COLUMNS}
      from benchmark_snapshots s
      join benchmark_transactions t on t.id = s.transaction_id
     where s.model_version = $1 and s.dataset_version = $2 and s.prompt_version = $3 and s.environment = $4
       and s.is_baseline`, configParams(config));
  return row ?? null;
}

/** The config's newest run before `run` at another commit: the previous current version. */
export async function selectPreviousRun(db: Queryable, run: RunRow): Promise<RunRow | null> {
  const [row] = await db.query<RunRow>(`
    select ${RUN_COLUMNS} from benchmark_transactions t
     where ${CONFIG_MATCH} and t.ledger_seq < $5 and ${ANOTHER_EVALUATION} and t.tracked
     order by t.ledger_seq desc limit 1`, [...configParams(run), run.ledger_seq, run.commit_sha, run.run_url]);
  return row ?? null;
}

/** The config's newest tracked run at a commit (a pull request's merge base); null when it has none. */
export async function selectTrackedRunAtCommit(db: Queryable, config: ConfigKey, commitSha: string): Promise<RunRow | null> {
  const [row] = await db.query<RunRow>(`
    select ${RUN_COLUMNS} from benchmark_transactions t
     where ${CONFIG_MATCH} and t.commit_sha = $5 and t.tracked
     order by t.ledger_seq desc limit 1`, [...configParams(config), commitSha]);
  return row ?? null;
}

/** The golden baseline for a new config: a baseline marked on another config of the same dataset and environment. */
export async function selectGoldenBaseline(db: Queryable, config: ConfigKey): Promise<RunRow | null> {
  const [row] = await db.query<RunRow>(`
    select ${RUN_COLUMNS}
      from benchmark_snapshots s
      join benchmark_transactions t on t.id = s.transaction_id
     where s.is_baseline and s.dataset_version = $2 and s.environment = $4
       and (s.model_version, s.prompt_version) is distinct from ($1, $3)
     order by s.last_updated_at desc limit 1`, configParams(config));
  return row ?? null;
}

/** The config's newest `window` runs before `run` at other commits, oldest first. */
export async function selectHistoryBefore(db: Queryable, run: RunRow, window: number): Promise<Metrics[]> {
  const rows = await db.query<{ metrics: Metrics }>(`
    select t.metrics from benchmark_transactions t
     where ${CONFIG_MATCH} and t.ledger_seq < $5 and ${ANOTHER_EVALUATION} and t.tracked
     order by t.ledger_seq desc limit $8`, [...configParams(run), run.ledger_seq, run.commit_sha, run.run_url, window]);
  return rows.reverse().map((row) => row.metrics);
}

/**
 * The config's newest `window` tracked runs up to and including `through` (a merge-base
 * run), at commits other than `run`'s, oldest first: the tracked line as it was where a
 * pull request branched off, without the main-line commits that came later.
 */
export async function selectHistoryThrough(db: Queryable, run: RunRow, through: RunRow, window: number): Promise<Metrics[]> {
  const rows = await db.query<{ metrics: Metrics }>(`
    select t.metrics from benchmark_transactions t
     where ${CONFIG_MATCH} and t.ledger_seq <= $5 and t.commit_sha is distinct from $6 and t.tracked
     order by t.ledger_seq desc limit $7`, [...configParams(run), through.ledger_seq, run.commit_sha, window]);
  return rows.reverse().map((row) => row.metrics);
}

interface ExampleRow {
  id: string;
  correct: boolean | null;
  label: string | null;
  prediction: string | null;
  score: number | null;
  latency_ms: number | null;
  cost: number | null;
}

/** The per-example results of a run; null when it has none. */
export async function selectExamples(db: Queryable, transactionId: TransactionId): Promise<ExampleResult[] | null> {
  const rows = await db.query<ExampleRow>(`
    select example_id as id, correct, label, prediction, score, latency_ms, cost
      from benchmark_examples where transaction_id = $1 order by example_id`, [transactionId]);
  if (rows.length === 0) return null;
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)) as unknown as ExampleResult);
}

/** Metrics acknowledged for a config at a commit, of either kind (expected or false-positive). */
export async function selectAcknowledgedMetrics(db: Queryable, config: ConfigKey, commitSha: string | null): Promise<Set<string>> {
  if (commitSha === null) return new Set();
  const rows = await db.query<{ metric: string }>(`
    select distinct a.metric from benchmark_acknowledgements a
     where a.model_version = $1 and a.dataset_version = $2 and a.prompt_version = $3 and a.environment = $4
       and a.commit_sha = $5`, [...configParams(config), commitSha]);
  return new Set(rows.map((row) => row.metric));
}

/**
 * What an acknowledgement says of the alert: `expected` (a real, intended change) or
 * `false-positive` (the alert was wrong). Either way `check` stops failing on the finding.
 */
export type AcknowledgementKind = "expected" | "false-positive";

export interface Acknowledgement extends ConfigKey {
  metric: string;
  commit_sha: string;
  reason: string;
  acknowledged_by: string | null;
  kind: AcknowledgementKind;
}

export async function insertAcknowledgement(db: Queryable, ack: Acknowledgement): Promise<{ id: string; created_at: Date }> {
  const [row] = await db.query<{ id: string; created_at: Date }>(`
    insert into benchmark_acknowledgements
      (model_version, dataset_version, prompt_version, environment, metric, commit_sha, reason, acknowledged_by, kind)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    returning id::text, created_at`,
    [...configParams(ack), ack.metric, ack.commit_sha, ack.reason, ack.acknowledged_by, ack.kind]);
  return row!;
}

/** Records the findings of one check (one statement, all or none). */
export async function insertFindings(db: Queryable, checkId: string, findings: readonly Finding[]): Promise<void> {
  if (findings.length === 0) return;
  const rows = findings.map((f) => ({
    transaction_id: f.transaction_id, baseline_transaction_id: f.baseline_transaction_id,
    model_version: f.model_version, dataset_version: f.dataset_version, prompt_version: f.prompt_version,
    environment: f.environment, commit_sha: f.commit_sha, metric: f.metric, verdict: f.verdict, method: f.method,
    current_value: f.current, baseline_value: f.baseline, delta: f.delta, p_value: f.p_value, q_value: f.q_value,
    ci_low: f.ci_low, ci_high: f.ci_high,
    details: { reason: f.reason, direction: f.direction, threshold: f.threshold, samples: f.samples, acknowledged: f.acknowledged, baseline_source: f.baseline_source },
  }));
  await db.query(`
    insert into benchmark_findings (check_id, transaction_id, baseline_transaction_id, model_version,
      dataset_version, prompt_version, environment, commit_sha, metric, verdict, method, current_value,
      baseline_value, delta, p_value, q_value, ci_low, ci_high, details)
    select $1::uuid, r.transaction_id, r.baseline_transaction_id, r.model_version, r.dataset_version,
           r.prompt_version, r.environment, r.commit_sha, r.metric, r.verdict, r.method, r.current_value,
           r.baseline_value, r.delta, r.p_value, r.q_value, r.ci_low, r.ci_high, r.details
      from jsonb_to_recordset($2::text::jsonb) as r(
        transaction_id uuid, baseline_transaction_id uuid, model_version text, dataset_version text,
        prompt_version text, environment text, commit_sha text, metric text, verdict text, method text,
        current_value double precision, baseline_value double precision, delta double precision,
        p_value double precision, q_value double precision, ci_low double precision, ci_high double precision,
        details jsonb)`, [checkId, JSON.stringify(rows)]);
}

/** Recorded commits equal to, or starting with, `prefix` (at most 10). */
export async function selectCommitsLike(db: Queryable, prefix: string): Promise<string[]> {
  const rows = await db.query<{ commit_sha: string }>(`
    select distinct t.commit_sha from benchmark_transactions t
     where t.commit_sha = $1 or (length($1) >= 4 and t.commit_sha like replace(replace($1, '%', ''), '_', '\\_') || '%')
     order by 1 limit 10`, [prefix]);
  return rows.map((row) => row.commit_sha);
}

/** What the config's newest run that says so declares of a metric: which way is better, its unit. */
export async function selectDeclaredMetric(db: Queryable, config: ConfigKey, metric: string): Promise<{ direction?: MetricDirection; unit?: string }> {
  const [row] = await db.query<{ direction: MetricDirection | null; unit: string | null }>(`
    select t.directions ->> $5 as direction, t.units ->> $5 as unit
      from benchmark_transactions t
     where ${CONFIG_MATCH} and (t.directions ? $5 or t.units ? $5)
     order by t.ledger_seq desc
     limit 1`, [...configParams(config), metric]);
  return { ...(row?.direction ? { direction: row.direction } : {}), ...(row?.unit ? { unit: row.unit } : {}) };
}
