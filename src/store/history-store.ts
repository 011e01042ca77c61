import type { HistoryBucket, HistoryPoint } from "../core/types.js";
import type { Queryable } from "./db.js";

export interface HistoryFilter {
  model_version: string;
  dataset_version?: string;
  prompt_version?: string;
  environment?: string;
  /** Path into the metrics object, e.g. ["dist", "p50"]; null for no metric. */
  metricPath: string[] | null;
  days?: number;
}

const FILTER = `
  t.model_version = $1
  and ($2::text is null or t.dataset_version = $2)
  and ($3::text is null or t.prompt_version = $3)
  and ($4::text is null or t.environment = $4)
  and ($5::integer is null or t.created_at > now() - make_interval(days => $5::integer))`;

function filterParams(filter: HistoryFilter): unknown[] {
  return [filter.model_version, filter.dataset_version ?? null, filter.prompt_version ?? null,
    filter.environment ?? null, filter.days ?? null, filter.metricPath];
}

/**
 * The runs matching the filter, oldest first: the newest `limit` of them. The seed's
 * time-series query, unaggregated.
 */
export async function selectHistory(db: Queryable, filter: HistoryFilter, limit: number): Promise<HistoryPoint[]> {
  const rows = await db.query<HistoryPoint>(`
    select t.id::text as transaction_id, t.created_at, t.model_version, t.dataset_version,
           t.prompt_version, t.environment, t.commit_sha, t.branch_name,
           -- With a metric named, its value is enough: a million runs' metrics are megabytes.
           case when $6::text[] is null then t.metrics end as metrics,
           case when jsonb_typeof(t.metrics #> $6::text[]) = 'number'
                then (t.metrics #>> $6::text[])::float8 end as value
      from benchmark_transactions t
     where ${FILTER}
     order by t.created_at desc, t.ledger_seq desc
     limit $7`, [...filterParams(filter), limit]);
  return rows.reverse();
}

/** Per-bucket (UTC day or ISO week) avg, min, max and count of one metric, per config. */
export async function selectHistoryBuckets(
  db: Queryable,
  filter: HistoryFilter & { metricPath: string[] },
  bucket: "day" | "week",
): Promise<HistoryBucket[]> {
  return db.query<HistoryBucket>(`
    select date_trunc($7::text, t.created_at, 'UTC') as bucket,
           t.model_version, t.dataset_version, t.prompt_version, t.environment,
           avg((t.metrics #>> $6::text[])::float8) as avg,
           min((t.metrics #>> $6::text[])::float8) as min,
           max((t.metrics #>> $6::text[])::float8) as max,
           count(*)::integer as count
      from benchmark_transactions t
     where ${FILTER}
       and jsonb_typeof(t.metrics #> $6::text[]) = 'number'
     group by 1, 2, 3, 4, 5
     order by 2, 3, 4, 5, 1`, [...filterParams(filter), bucket]);
}

/** The metric paths (leaves, as dot paths like latency.p95) seen in the filter's newest runs, for hints. */
export async function selectMetricNames(db: Queryable, filter: HistoryFilter): Promise<string[]> {
  const rows = await db.query<{ path: string }>(`
    with recursive recent as (
      select t.metrics from benchmark_transactions t
       where ${FILTER} and $6::text[] is null
       order by t.ledger_seq desc limit 200
    ), leaves(path, value) as (
      select array[m.key], m.value from recent r cross join lateral jsonb_each(r.metrics) as m(key, value)
      union all
      select l.path || m.key, m.value from leaves l cross join lateral jsonb_each(l.value) as m(key, value)
       where jsonb_typeof(l.value) = 'object'
    )
    select distinct array_to_string(path, '.') as path from leaves where jsonb_typeof(value) = 'number'
     order by 1`, [...filterParams({ ...filter, metricPath: null })]);
  return rows.map((row) => row.path);
}

/** One metric of one config over time, as columns (what a chart draws), oldest first. */
export interface MetricSeries {
  time_ms: number[];
  value: number[];
  commit_sha: (string | null)[];
  branch_name: (string | null)[];
  transaction_id: string[];
}

/** The newest `limit` runs of a config that have the metric, as columns. */
export async function selectSeries(
  db: Queryable,
  filter: HistoryFilter & { metricPath: string[] },
  limit: number,
): Promise<MetricSeries> {
  const [row] = await db.query<MetricSeries>(`
    select coalesce(array_agg(s.time_ms order by s.created_at, s.ledger_seq), '{}') as time_ms,
           coalesce(array_agg(s.value order by s.created_at, s.ledger_seq), '{}') as value,
           coalesce(array_agg(s.commit_sha order by s.created_at, s.ledger_seq), '{}') as commit_sha,
           coalesce(array_agg(s.branch_name order by s.created_at, s.ledger_seq), '{}') as branch_name,
           coalesce(array_agg(s.transaction_id order by s.created_at, s.ledger_seq), '{}') as transaction_id
      from (
        select t.created_at, t.ledger_seq, (extract(epoch from t.created_at) * 1000)::float8 as time_ms,
               (t.metrics #>> $6::text[])::float8 as value, t.commit_sha, t.branch_name, t.id::text as transaction_id
          from benchmark_transactions t
         where ${FILTER} and jsonb_typeof(t.metrics #> $6::text[]) = 'number'
         order by t.created_at desc, t.ledger_seq desc
         limit $7) s`, [...filterParams(filter), limit]);
  return row!;
}
