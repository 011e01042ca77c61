import type { ConfigKey, PushOutcome, RunToRecord, TransactionId } from "../core/types.js";
import type { Db, Queryable } from "./db.js";

interface UpsertRow {
  transaction_id: TransactionId;
  snapshot_version: number;
  duplicate: boolean;
  run_key: string;
}

// jsonb goes in as text and is cast in SQL: every driver then sends the same bytes
// (postgres.js would double-encode a JSON string bound straight to a jsonb parameter).
const UPSERT_RESULT = `
  select out_transaction_id::text as transaction_id, out_snapshot_version as snapshot_version,
         out_duplicate as duplicate, out_run_key as run_key
    from upsert_benchmark_result($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9::float8::numeric,
                                 $10::text[], $11, $12::timestamptz, $13::text::jsonb, $14::boolean,
                                 $15::integer, $16, $17, $18::text::jsonb, $19::text::jsonb)`;

/** Records one run through upsert_benchmark_result() on the given connection. */
export async function insertRun(db: Queryable, run: RunToRecord): Promise<PushOutcome> {
  const [row] = await db.query<UpsertRow>(UPSERT_RESULT, [
    run.model_version,
    run.dataset_version,
    run.prompt_version,
    run.environment,
    JSON.stringify(run.metrics),
    run.commit_sha,
    run.branch_name,
    run.model_provider,
    run.duration_seconds,
    run.tags,
    run.run_key,
    run.created_at,
    run.examples === null ? null : JSON.stringify(run.examples),
    run.tracked,
    run.pull_request,
    run.run_url,
    run.repository,
    run.units === null ? null : JSON.stringify(run.units),
    run.directions === null ? null : JSON.stringify(run.directions),
  ]);
  if (!row) throw new Error("upsert_benchmark_result() returned no row");
  return { ...row, tracked: run.tracked, config: configOf(run) };
}

/**
 * Records runs in one database transaction: all or none. Runs are taken in config order
 * (stable within a config) so concurrent pushes lock configs in the same order and cannot
 * deadlock. Outcomes come back in the order of the input.
 */
export async function insertRuns(db: Db, runs: RunToRecord[]): Promise<PushOutcome[]> {
  const order = runs.map((run, index) => ({ run, index }));
  order.sort((a, b) => compareConfigs(a.run, b.run) || a.index - b.index);
  return db.transaction(async (tx) => {
    const outcomes: PushOutcome[] = new Array(runs.length);
    for (const { run, index } of order) outcomes[index] = await insertRun(tx, run);
    return outcomes;
  });
}

function configOf(run: ConfigKey): ConfigKey {
  return {
    model_version: run.model_version,
    dataset_version: run.dataset_version,
    prompt_version: run.prompt_version,
    environment: run.environment,
  };
}

function compareConfigs(a: ConfigKey, b: ConfigKey): number {
  const keyOf = (c: ConfigKey) => [c.model_version, c.dataset_version, c.prompt_version, c.environment].join("\u001f");
  const [x, y] = [keyOf(a), keyOf(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** How many runs carry every one of the tags. */
export async function countRunsTagged(db: Queryable, tags: string[]): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    "select count(*)::int as count from benchmark_transactions where tags @> $1::text[]", [tags]);
  return row?.count ?? 0;
}

export async function countRuns(db: Queryable): Promise<number> {
  const [row] = await db.query<{ count: number }>("select count(*)::int as count from benchmark_transactions");
  return row?.count ?? 0;
}
