import type { SnapshotEventRecord } from "../core/importers/ledger-export.js";
import type { RunToRecord } from "../core/types.js";
import type { Queryable } from "./db.js";

export interface BatchOutcome {
  recorded: number;
  duplicates: number;
}

/**
 * Records a batch of runs through import_benchmark_results(), in array order, as the JSON
 * text of an array of run objects (the fields of benchmark_transactions, and examples).
 * Taking text keeps numbers exactly as written: nothing is re-encoded on the way.
 */
export async function insertRunBatch(db: Queryable, runsJsonArray: string): Promise<BatchOutcome> {
  const [row] = await db.query<{ recorded: number; duplicates: number }>(
    "select out_recorded as recorded, out_duplicates as duplicates from import_benchmark_results($1::text::jsonb)",
    [runsJsonArray]);
  if (!row) throw new Error("import_benchmark_results() returned no row");
  return { recorded: Number(row.recorded), duplicates: Number(row.duplicates) };
}

/**
 * Replays one exported checkout or baseline mark; false when it was recorded before. The
 * time goes as text: a driver that binds a timestamptz parameter from a JavaScript Date
 * would drop its microseconds.
 */
export async function insertSnapshotEvent(db: Queryable, event: SnapshotEventRecord): Promise<boolean> {
  const [row] = await db.query<{ recorded: boolean }>(
    `select import_benchmark_snapshot_event($1, $2, $3, $4, $5, $6::integer, $7::text::uuid, $8::text::timestamptz) as recorded`,
    [event.kind, event.model_version, event.dataset_version, event.prompt_version, event.environment,
      event.snapshot_version, event.transaction_id, event.created_at]);
  return row?.recorded === true;
}

/** A run as one object of the array import_benchmark_results() takes. */
export function runRowJson(run: RunToRecord): string {
  return JSON.stringify({
    run_key: run.run_key ?? undefined,
    created_at: run.created_at?.toISOString(),
    commit_sha: run.commit_sha ?? undefined,
    branch_name: run.branch_name ?? undefined,
    model_version: run.model_version,
    model_provider: run.model_provider ?? undefined,
    dataset_version: run.dataset_version,
    prompt_version: run.prompt_version,
    environment: run.environment,
    metrics: run.metrics,
    units: run.units ?? undefined,
    directions: run.directions ?? undefined,
    duration_seconds: run.duration_seconds ?? undefined,
    tags: run.tags,
    tracked: run.tracked,
    pull_request: run.pull_request ?? undefined,
    run_url: run.run_url ?? undefined,
    repository: run.repository ?? undefined,
    examples: run.examples ?? undefined,
  });
}
