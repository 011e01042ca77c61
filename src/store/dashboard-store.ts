import type { ConfigKey, LatestRow, Metrics, TransactionId } from "../core/types.js";
import type { Queryable } from "./db.js";

export interface LeaderboardFilter {
  environment?: string;
  model_version?: string;
  model_provider?: string;
  dataset_version?: string;
  prompt_version?: string;
  tag?: string;
}

export interface LeaderboardRow extends LatestRow {
  baseline_version: number | null;
  baseline_metrics: Metrics | null;
}

/** Current snapshots matching every given filter, with their config's baseline version. */
export async function selectLeaderboard(db: Queryable, filter: LeaderboardFilter): Promise<LeaderboardRow[]> {
  return db.query<LeaderboardRow>(`
    select l.model_version, l.dataset_version, l.prompt_version, l.environment, l.snapshot_version,
           l.transaction_id::text as transaction_id, l.model_provider, l.metrics, l.is_baseline,
           l.run_created_at, l.commit_sha, l.branch_name, l.tags,
           b.snapshot_version as baseline_version, b.metrics as baseline_metrics
      from v_latest_benchmarks l
      left join benchmark_snapshots b
        on b.model_version = l.model_version and b.dataset_version = l.dataset_version
       and b.prompt_version = l.prompt_version and b.environment = l.environment and b.is_baseline
     where ($1::text is null or l.environment = $1) and ($2::text is null or l.model_version = $2)
       and ($3::text is null or l.model_provider = $3) and ($4::text is null or l.dataset_version = $4)
       and ($5::text is null or l.prompt_version = $5) and ($6::text is null or l.tags @> array[$6::text])
     order by l.f1_score desc nulls last, l.model_version, l.dataset_version, l.prompt_version, l.environment`,
    [filter.environment ?? null, filter.model_version ?? null, filter.model_provider ?? null,
      filter.dataset_version ?? null, filter.prompt_version ?? null, filter.tag ?? null]);
}

export interface Facets {
  environments: string[];
  models: string[];
  providers: string[];
  datasets: string[];
  prompts: string[];
  tags: string[];
}

/** The distinct values of every filter over the current snapshots. */
export async function selectFacets(db: Queryable): Promise<Facets> {
  const [row] = await db.query<Facets>(`
    select coalesce(array_agg(distinct l.environment), '{}') as environments,
           coalesce(array_agg(distinct l.model_version), '{}') as models,
           coalesce(array_agg(distinct l.model_provider) filter (where l.model_provider is not null), '{}') as providers,
           coalesce(array_agg(distinct l.dataset_version), '{}') as datasets,
           coalesce(array_agg(distinct l.prompt_version), '{}') as prompts,
           coalesce((select array_agg(distinct t.tag) from v_latest_benchmarks v cross join lateral unnest(v.tags) as t(tag)), '{}') as tags
      from v_latest_benchmarks l`);
  return row!;
}

export interface FindingRow extends ConfigKey {
  id: string;
  created_at: Date;
  check_id: string;
  transaction_id: TransactionId;
  commit_sha: string | null;
  metric: string;
  verdict: string;
  method: string;
  current_value: number | null;
  baseline_value: number | null;
  delta: number | null;
  p_value: number | null;
  q_value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  details: Record<string, unknown>;
  acknowledged: boolean;
}

/**
 * For every config and metric, its newest regression, SLA breach or tradeoff (else its
 * newest inconclusive finding): the candidates for an open finding, with the config's
 * current metrics and whether it was acknowledged.
 */
export async function selectNewestFindings(db: Queryable): Promise<(FindingRow & { current_metrics: Metrics | null })[]> {
  return db.query<FindingRow & { current_metrics: Metrics | null }>(`
    with newest as (
      select distinct on (f.model_version, f.dataset_version, f.prompt_version, f.environment, f.metric)
             f.id::text as id, f.created_at, f.check_id::text as check_id, f.transaction_id::text as transaction_id,
             f.model_version, f.dataset_version, f.prompt_version, f.environment, f.commit_sha, f.metric,
             f.verdict, f.method, f.current_value, f.baseline_value, f.delta, f.p_value, f.q_value,
             f.ci_low, f.ci_high, f.details
        from benchmark_findings f
       where f.verdict in ('regression', 'sla', 'tradeoff', 'inconclusive')
         -- Closed by a later verdict against a baseline someone marked since (a re-baseline).
         and not exists (
           select 1 from benchmark_findings o
            where o.model_version = f.model_version and o.dataset_version = f.dataset_version
              and o.prompt_version = f.prompt_version and o.environment = f.environment
              and o.metric = f.metric and o.created_at > f.created_at
              and o.verdict in ('ok', 'improvement') and o.details ->> 'baseline_source' = 'baseline')
       order by f.model_version, f.dataset_version, f.prompt_version, f.environment, f.metric,
                (f.verdict = 'inconclusive'), f.created_at desc, f.id
    )
    select n.*, s.metrics as current_metrics, exists (
             select 1 from benchmark_acknowledgements a
              where a.model_version = n.model_version and a.dataset_version = n.dataset_version
                and a.prompt_version = n.prompt_version and a.environment = n.environment
                and a.metric = n.metric and a.commit_sha = n.commit_sha) as acknowledged
      from newest n
      left join benchmark_snapshots s
        on s.model_version = n.model_version and s.dataset_version = n.dataset_version
       and s.prompt_version = n.prompt_version and s.environment = n.environment and s.is_current`);
}
