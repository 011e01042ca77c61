import type { ConfigKey } from "../core/types.js";
import type { Queryable } from "./db.js";

export interface ExportSelection extends Partial<ConfigKey> {
  /** Runs created at or after this time (checkouts and baseline marks are kept whole). */
  since?: Date;
  until?: Date;
}

/** One exported line, as JSON text built by the database, in ledger order. */
export interface ExportLine {
  seq: string;
  kind: "run" | "checkout" | "baseline_set" | "baseline_unset";
  line: string;
}

// Times with microseconds in UTC: a JavaScript Date would drop the last three digits.
const ISO_US = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

const RUN_FILTER = `
  ($2::text is null or t.model_version = $2) and ($3::text is null or t.dataset_version = $3)
  and ($4::text is null or t.prompt_version = $4) and ($5::text is null or t.environment = $5)
  and ($6::timestamptz is null or t.created_at >= $6) and ($7::timestamptz is null or t.created_at < $7)`;
const EVENT_FILTER = `
  ($2::text is null or e.model_version = $2) and ($3::text is null or e.dataset_version = $3)
  and ($4::text is null or e.prompt_version = $4) and ($5::text is null or e.environment = $5)`;

/**
 * The next page of the ledger after `afterSeq`: runs, checkouts and baseline marks in the
 * order they were recorded, each as one JSON object. Keyset paging on the ledger sequence
 * keeps memory flat however large the ledger.
 */
export async function selectExportPage(db: Queryable, selection: ExportSelection, afterSeq: string, limit: number): Promise<ExportLine[]> {
  return db.query<ExportLine>(`
    select x.seq::text as seq, x.kind, x.line from (
      (select t.ledger_seq as seq, 'run' as kind, json_strip_nulls(json_build_object(
                'kind', 'run', 'id', t.id, 'run_key', t.run_key,
                'created_at', to_char(t.created_at at time zone 'UTC', ${ISO_US}),
                'recorded_at', to_char(t.recorded_at at time zone 'UTC', ${ISO_US}),
                'model_version', t.model_version, 'model_provider', t.model_provider,
                'dataset_version', t.dataset_version, 'prompt_version', t.prompt_version,
                'environment', t.environment, 'commit_sha', t.commit_sha, 'branch_name', t.branch_name,
                'metrics', t.metrics, 'units', t.units, 'directions', t.directions,
                'duration_seconds', t.duration_seconds, 'tags', t.tags, 'tracked', t.tracked,
                'pull_request', t.pull_request, 'run_url', t.run_url, 'repository', t.repository,
                'examples', (select json_agg(json_build_object(
                                'id', e.example_id, 'correct', e.correct, 'label', e.label,
                                'prediction', e.prediction, 'score', e.score,
                                'latency_ms', e.latency_ms, 'cost', e.cost) order by e.example_id)
                               from benchmark_examples e where e.transaction_id = t.id)))::text as line
         from benchmark_transactions t
        where t.ledger_seq > $1::bigint and ${RUN_FILTER}
        order by t.ledger_seq
        limit $8)
      union all
      (select e.id, e.kind, json_strip_nulls(json_build_object(
                'kind', e.kind, 'created_at', to_char(e.created_at at time zone 'UTC', ${ISO_US}),
                'model_version', e.model_version, 'dataset_version', e.dataset_version,
                'prompt_version', e.prompt_version, 'environment', e.environment,
                'snapshot_version', e.snapshot_version, 'transaction_id', e.transaction_id))::text
         from benchmark_snapshot_events e
        where e.id > $1::bigint and ${EVENT_FILTER}
        order by e.id
        limit $8)
    ) as x
    order by x.seq
    limit $8`, [afterSeq, ...selectionParams(selection), limit]);
}

/** How many runs the selection holds (for a progress bar). */
export async function countExportRuns(db: Queryable, selection: ExportSelection): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    `select count(*)::int as count from benchmark_transactions t where $1::bigint is not null and ${RUN_FILTER}`,
    ["0", ...selectionParams(selection)]);
  return row?.count ?? 0;
}

function selectionParams(s: ExportSelection): unknown[] {
  return [s.model_version ?? null, s.dataset_version ?? null, s.prompt_version ?? null, s.environment ?? null,
    s.since ?? null, s.until ?? null];
}

/** Every numeric leaf of the selected runs' metrics, as dotted paths, sorted (CSV columns). */
export async function selectMetricPaths(db: Queryable, selection: ExportSelection): Promise<string[]> {
  const rows = await db.query<{ path: string }>(`
    with recursive leaves(path, value) as (
      select array[m.key], m.value
        from benchmark_transactions t cross join lateral jsonb_each(t.metrics) as m(key, value)
       where $1::bigint is not null and ${RUN_FILTER}
      union all
      select l.path || c.key, c.value
        from leaves l cross join lateral jsonb_each(l.value) as c(key, value)
       where jsonb_typeof(l.value) = 'object')
    select distinct array_to_string(path, '.') as path from leaves where jsonb_typeof(value) = 'number'
    order by 1`, ["0", ...selectionParams(selection)]);
  return rows.map((row) => row.path);
}
