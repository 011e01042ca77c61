import type { Db } from "../../src/store/db.js";

/**
 * Generates a ledger of `runs` transactions over `configs` configs, set-based in SQL
 * (inserting through upsert_benchmark_result() one by one would take an hour at a million
 * runs), then rebuilds the snapshot layer from the log with rebuild_benchmark_snapshots():
 * the same versions a run-by-run load would have produced.
 */
export async function generateLedger(db: Db, options: { runs: number; configs: number; days: number }): Promise<void> {
  const { runs, configs, days } = options;
  await db.exec(`
    insert into benchmark_transactions (run_key, created_at, commit_sha, branch_name, model_version, model_provider,
      dataset_version, prompt_version, environment, metrics, duration_seconds, tags)
    select 'bench-' || i,
           now() - make_interval(secs => (${runs} - i) * (${days} * 86400.0 / ${runs})),
           md5((i / ${configs})::text),
           case when i % 7 = 0 then 'feature-' || (i % 13) else 'main' end,
           'model-' || (c % 20), case c % 3 when 0 then 'openai' when 1 then 'anthropic' else 'meta' end,
           'dataset-' || ((c / 20) % 5), 'prompt-' || ((c / 100) % 2), case when c % 2 = 0 then 'github-actions' else 'staging' end,
           jsonb_build_object(
             'f1', round((0.7 + (c % 20) * 0.01 + (random() - 0.5) * 0.02)::numeric, 4),
             'precision', round((0.72 + (c % 20) * 0.01 + (random() - 0.5) * 0.02)::numeric, 4),
             'recall', round((0.68 + (c % 20) * 0.01 + (random() - 0.5) * 0.02)::numeric, 4),
             'latency_ms', round((300 + (c % 20) * 25 + random() * 40)::numeric, 1),
             'cost_usd', round((0.05 + (c % 20) * 0.04 + random() * 0.01)::numeric, 4),
             'latency', jsonb_build_object('p50', round((280 + random() * 30)::numeric, 1), 'p95', round((600 + random() * 90)::numeric, 1))),
           round((200 + random() * 100)::numeric, 1),
           case when i % 50 = 0 then array['nightly', 'gpu'] else array['nightly'] end
      from generate_series(1, ${runs}) as i, lateral (select i % ${configs} as c) as k
     order by i`);
  await db.query("select rebuild_benchmark_snapshots()");
  await db.exec("analyze");
}

/** Adds one config with `runs` runs (a long trend), then rebuilds the snapshot layer. */
export async function addLongSeries(db: Db, runs: number): Promise<void> {
  await db.exec(`
    insert into benchmark_transactions (run_key, created_at, commit_sha, branch_name, model_version, model_provider,
      dataset_version, prompt_version, environment, metrics, tags)
    select 'bench-long-' || i, now() - make_interval(secs => (${runs} - i) * 60), md5('long' || i), 'main',
           'model-long', 'openai', 'dataset-long', 'prompt-0', 'staging',
           jsonb_build_object('f1', round((0.8 + (random() - 0.5) * 0.02 - case when i > ${runs} * 0.7 then 0.03 else 0 end)::numeric, 4),
                              'latency_ms', round((400 + random() * 40)::numeric, 1)),
           array['nightly']
      from generate_series(1, ${runs}) as i order by i`);
  await db.query("select rebuild_benchmark_snapshots()");
  await db.exec("analyze");
}
