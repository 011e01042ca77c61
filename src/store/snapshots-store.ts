import type { ConfigKey, LatestRow, Metrics, SnapshotDrift, SnapshotVersionRow, TransactionId } from "../core/types.js";
import type { Queryable } from "./db.js";

const CONFIG_MATCH = `s.model_version = $1 and s.dataset_version = $2 and s.prompt_version = $3 and s.environment = $4`;

function configParams(config: ConfigKey): string[] {
  return [config.model_version, config.dataset_version, config.prompt_version, config.environment];
}

/** The current snapshot of every active config, best f1 first. */
export async function selectLatest(db: Queryable, environment: string | null): Promise<LatestRow[]> {
  return db.query<LatestRow>(`
    select l.model_version, l.dataset_version, l.prompt_version, l.environment, l.snapshot_version,
           l.transaction_id::text as transaction_id, l.model_provider, l.metrics, l.is_baseline,
           l.run_created_at, l.commit_sha, l.branch_name, l.tags
      from v_latest_benchmarks l
     where ($1::text is null or l.environment = $1)
     order by l.f1_score desc nulls last, l.model_version, l.dataset_version, l.prompt_version, l.environment`,
    [environment]);
}

/** The configs whose fields match every given one (a missing field matches all). */
export async function selectConfigs(db: Queryable, partial: Partial<ConfigKey>): Promise<ConfigKey[]> {
  return db.query<ConfigKey>(`
    select s.model_version, s.dataset_version, s.prompt_version, s.environment
      from benchmark_snapshots s
     where s.is_current
       and ($1::text is null or s.model_version = $1) and ($2::text is null or s.dataset_version = $2)
       and ($3::text is null or s.prompt_version = $3) and ($4::text is null or s.environment = $4)
     order by 1, 2, 3, 4`,
    [partial.model_version ?? null, partial.dataset_version ?? null, partial.prompt_version ?? null,
      partial.environment ?? null]);
}

const VERSION_COLUMNS = `
  s.model_version, s.dataset_version, s.prompt_version, s.environment, s.snapshot_version,
  s.transaction_id::text as transaction_id, s.source, s.restored_from_version, s.model_provider,
  s.metrics, s.is_current, s.is_baseline, s.is_active, s.created_at,
  t.created_at as run_created_at, t.commit_sha, t.branch_name`;

/** The snapshot versions of a config, oldest first: all of them, or the newest `limit`. */
export async function selectVersions(db: Queryable, config: ConfigKey, limit: number | null = null): Promise<SnapshotVersionRow[]> {
  const rows = await db.query<SnapshotVersionRow>(`
    select ${VERSION_COLUMNS}
      from benchmark_snapshots s
      join benchmark_transactions t on t.id = s.transaction_id
     where ${CONFIG_MATCH}
     order by s.snapshot_version desc
     limit $5`, [...configParams(config), limit]);
  return rows.reverse();
}

export async function countVersions(db: Queryable, config: ConfigKey): Promise<number> {
  const [row] = await db.query<{ n: number }>(`select count(*)::int as n from benchmark_snapshots s where ${CONFIG_MATCH}`, configParams(config));
  return row?.n ?? 0;
}

export async function selectVersion(db: Queryable, config: ConfigKey, version: number): Promise<SnapshotVersionRow | null> {
  const [row] = await db.query<SnapshotVersionRow>(`
    select ${VERSION_COLUMNS}
      from benchmark_snapshots s
      join benchmark_transactions t on t.id = s.transaction_id
     where ${CONFIG_MATCH} and s.snapshot_version = $5`, [...configParams(config), version]);
  return row ?? null;
}

/** Appends a version that restores `version` (checkout_benchmark_snapshot()). */
export async function checkoutVersion(
  db: Queryable,
  config: ConfigKey,
  version: number,
): Promise<{ snapshot_version: number; transaction_id: TransactionId }> {
  const [row] = await db.query<{ snapshot_version: number; transaction_id: TransactionId }>(`
    select out_snapshot_version as snapshot_version, out_transaction_id::text as transaction_id
      from checkout_benchmark_snapshot($1, $2, $3, $4, $5)`, [...configParams(config), version]);
  if (!row) throw new Error("checkout_benchmark_snapshot() returned no row");
  return row;
}

/** Marks `version` as the baseline, or clears the baseline when null. */
export async function updateBaseline(db: Queryable, config: ConfigKey, version: number | null): Promise<void> {
  await db.query("select set_benchmark_baseline($1, $2, $3, $4, $5::integer)", [...configParams(config), version]);
}

export interface RecentChangeRow extends ConfigKey {
  snapshot_version: number;
  metrics: Metrics;
  commit_sha: string | null;
  run_created_at: Date;
  earlier_version: number | null;
  earlier_metrics: Metrics | null;
}

/** Each active config's current snapshot beside the version that was current `days` ago. */
export async function selectChangesSince(db: Queryable, days: number, environment: string | null): Promise<RecentChangeRow[]> {
  return db.query<RecentChangeRow>(`
    select l.model_version, l.dataset_version, l.prompt_version, l.environment, l.snapshot_version,
           l.metrics, l.commit_sha, l.run_created_at,
           e.snapshot_version as earlier_version, e.metrics as earlier_metrics
      from v_latest_benchmarks l
      left join lateral (
        select s.snapshot_version, s.metrics
          from benchmark_snapshots s
          join benchmark_transactions t on t.id = s.transaction_id
         where s.model_version = l.model_version and s.dataset_version = l.dataset_version
           and s.prompt_version = l.prompt_version and s.environment = l.environment
           and t.created_at <= now() - make_interval(days => $1::integer)
         order by s.snapshot_version desc
         limit 1) e on true
     where ($2::text is null or l.environment = $2)`, [days, environment]);
}

/** Every difference between the stored snapshot layer and the log (verify_benchmark_snapshots()). */
export async function selectSnapshotDrift(db: Queryable): Promise<SnapshotDrift[]> {
  return db.query<SnapshotDrift>(`
    select model_version, dataset_version, prompt_version, environment, snapshot_version, problem
      from verify_benchmark_snapshots()`);
}

/** Rebuilds the snapshot layer from the log; returns how many versions it wrote. */
export async function rebuildSnapshots(db: Queryable): Promise<number> {
  const [row] = await db.query<{ count: number }>("select rebuild_benchmark_snapshots() as count");
  return row?.count ?? 0;
}

export async function countSnapshots(db: Queryable): Promise<number> {
  const [row] = await db.query<{ count: number }>("select count(*)::int as count from benchmark_snapshots");
  return row?.count ?? 0;
}
