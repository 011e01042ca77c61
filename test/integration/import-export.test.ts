import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { BenchledgerError } from "../../src/core/errors.js";
import type { Db } from "../../src/store/db.js";
import { exportLedger } from "../../src/service/export-ledger.js";
import { planImport, recordImport, BATCH_RUNS, type ImportReport, type ImportRequest, type ImportSource } from "../../src/service/import-runs.js";
import { pushResults } from "../../src/service/push-results.js";
import { replaySnapshots } from "../../src/service/replay.js";
import { checkout, setBaseline, unsetBaseline } from "../../src/service/snapshot-versions.js";
import { findChangePoints } from "../../src/service/change-points.js";
import fs from "node:fs";
import { migrate, readMigrations } from "../../src/store/migrations.js";
import { dropTestDatabases, testBackends, testDeps } from "../helpers/backends.js";

const backends = await testBackends();
afterAll(dropTestDatabases);

const REQUEST: ImportRequest = { options: {}, overrides: { tags: [] } };

/** A file held in memory, read as the CLI reads one from disk. */
function source(name: string, text: string): ImportSource {
  return {
    name,
    head: text.slice(0, 65_536),
    readText: async () => text,
    async *readLines() {
      yield* text.split("\n");
    },
  };
}

async function importText(db: Db, name: string, text: string, request: ImportRequest = REQUEST): Promise<ImportReport> {
  const plan = await planImport([source(name, text)], request);
  return recordImport(testDeps(db), plan, request);
}

/**
 * A history with what makes ordering matter: five configs interleaved, a pull-request run
 * (not tracked), repeated runs at one commit, per-example results, nested metrics, and
 * times out of order (the ledger's order is the file's, not created_at's).
 */
function history(runs: number): Record<string, unknown>[] {
  return Array.from({ length: runs }, (_, i) => {
    const config = i % 5;
    return {
      model_version: `model-${config % 3}`,
      dataset_version: `data-${config}`,
      prompt_version: "p",
      environment: "ci",
      commit_sha: `c${Math.floor(i / 10)}`,
      branch_name: i % 17 === 3 ? "feature" : "main",
      created_at: new Date(Date.UTC(2026, 0, 1) + (i * 3_600_000) + (i % 7 === 0 ? -7_200_000 : 0)).toISOString(),
      metrics: { f1: 0.8 + ((i * 37) % 100) / 1000, latency: { p50: 100 + (i % 13), p95: 200 + (i % 29) }, latency_ms: 120 + i % 11 },
      units: { "latency.p50": "ms" },
      directions: { "latency.p95": "lower" },
      tags: i % 4 === 0 ? ["nightly"] : [],
      ...(i % 9 === 0 ? { examples: [{ id: "q1", correct: i % 2 === 0 }, { id: "q2", correct: true, score: 0.5 }] } : {}),
    };
  });
}

const jsonl = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join("\n") + "\n";

async function count(db: Db, table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return row!.n;
}

/** The snapshot layer, by run key rather than by the (random) transaction ids. */
async function snapshotsByRunKey(db: Db) {
  return db.query(`
    select s.model_version, s.dataset_version, s.prompt_version, s.environment, s.snapshot_version,
           t.run_key, s.source, s.restored_from_version, s.is_current, s.is_baseline, s.metrics::text as metrics,
           s.f1_score::text as f1, s.latency_ms::text as latency_ms
      from benchmark_snapshots s join benchmark_transactions t on t.id = s.transaction_id
     order by 1, 2, 3, 4, 5`);
}

async function transactionsInLedgerOrder(db: Db, withIds: boolean) {
  return db.query(`
    select ${withIds ? "t.id::text as id, t.recorded_at::text as recorded_at," : ""} t.run_key, t.created_at::text as created_at,
           t.model_version, t.dataset_version, t.prompt_version, t.environment, t.commit_sha, t.branch_name,
           t.metrics::text as metrics, t.units::text as units, t.directions::text as directions, t.tags, t.tracked,
           t.duration_seconds::text as duration_seconds,
           (select string_agg(e.example_id || ':' || coalesce(e.correct::text, '') || ':' || coalesce(e.score::text, ''), ',' order by e.example_id)
              from benchmark_examples e where e.transaction_id = t.id) as examples
      from benchmark_transactions t order by t.ledger_seq`);
}

async function errorOf(promise: Promise<unknown>): Promise<BenchledgerError & { problems?: { file: string; path: string; message: string }[] }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BenchledgerError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

for (const backend of backends) {
  describe(`${backend.name}: bulk import`, () => {
    let bulk: Db;
    let oneByOne: Db;
    beforeEach(async () => {
      [bulk, oneByOne] = await Promise.all([backend.freshMigratedDb(), backend.freshMigratedDb()]);
    });
    afterEach(async () => {
      await Promise.all([bulk.close(), oneByOne.close()]);
    });

    it("leaves the log and the snapshots exactly as pushing each run one by one would", async () => {
      const runs = history(BATCH_RUNS + 150); // more than one batch
      const tracked = { ...REQUEST, overrides: { tags: [], tracked_branch: "main" } };
      const report = await importText(bulk, "history.jsonl", jsonl(runs), tracked);
      expect(report).toMatchObject({ runs: runs.length, recorded: runs.length, duplicates: 0 });
      for (const run of runs) {
        await pushResults(testDeps(oneByOne), [{ name: "run.json", text: JSON.stringify(run) }], { tags: [], tracked_branch: "main" });
      }
      expect(await transactionsInLedgerOrder(bulk, false)).toEqual(await transactionsInLedgerOrder(oneByOne, false));
      const snapshots = await snapshotsByRunKey(bulk);
      expect(snapshots).toEqual(await snapshotsByRunKey(oneByOne));
      // Feature-branch runs are in the log but move no snapshot.
      expect(snapshots.length).toBe(runs.filter((r) => r.branch_name === "main").length);
      expect((await replaySnapshots(testDeps(bulk), { verify: true })).ok).toBe(true);
    });

    it("adds nothing when the same import runs again, and completes an import that stopped half way", async () => {
      const runs = history(300);
      const first = await importText(bulk, "part.jsonl", jsonl(runs.slice(0, 120)));
      expect(first).toMatchObject({ recorded: 120, duplicates: 0 });
      const whole = await importText(bulk, "all.jsonl", jsonl(runs));
      expect(whole).toMatchObject({ recorded: 180, duplicates: 120 });
      const again = await importText(bulk, "all.jsonl", jsonl(runs));
      expect(again).toMatchObject({ recorded: 0, duplicates: 300 });
      expect(await count(bulk, "benchmark_transactions")).toBe(300);
      expect(await count(bulk, "benchmark_snapshots")).toBe(300);
      await importText(oneByOne, "all.jsonl", jsonl(runs));
      expect(await snapshotsByRunKey(bulk)).toEqual(await snapshotsByRunKey(oneByOne));
      expect((await replaySnapshots(testDeps(bulk), { verify: true })).ok).toBe(true);
    });

    it("refuses a run key recorded for a different run, and records nothing of that batch", async () => {
      await importText(bulk, "a.jsonl", jsonl([{ ...history(1)[0], run_key: "nightly-1" }]));
      const clash = { ...history(2)[1], run_key: "nightly-1" };
      const error = await errorOf(importText(bulk, "b.jsonl", jsonl([history(3)[2], clash])));
      expect(error.message).toMatch(/run_key "nightly-1".*already recorded for a different run/);
      expect(await count(bulk, "benchmark_transactions")).toBe(1);
    });

    it("names the file and line of a malformed line and writes nothing", async () => {
      const lines = jsonl(history(5)).split("\n");
      lines[3] = lines[3]!.replace(/"f1":[0-9.]+/, '"f1":"high"');
      const error = await errorOf(importText(bulk, "bad.jsonl", lines.join("\n")));
      expect(error.kind).toBe("invalid-input");
      expect(error.problems?.[0]).toMatchObject({ file: "bad.jsonl", path: "line 4: result.metrics.f1" });
      expect(await count(bulk, "benchmark_transactions")).toBe(0);
    });
  });

  describe(`${backend.name}: export and import round trip`, () => {
    let source: Db;
    let target: Db;
    beforeEach(async () => {
      [source, target] = await Promise.all([backend.freshMigratedDb(), backend.freshMigratedDb()]);
    });
    afterEach(async () => {
      await Promise.all([source.close(), target.close()]);
    });

    it("reproduces the ledger: the same transactions, examples, checkouts, baselines and snapshot versions", async () => {
      const deps = testDeps(source);
      const runs = history(40);
      await importText(source, "history.jsonl", jsonl(runs.slice(0, 30)));
      // Pushed one by one (recorded_at and created_at from the database's clock, with microseconds).
      for (const run of runs.slice(30)) {
        const { created_at: _, ...withoutTime } = run;
        await pushResults(deps, [{ name: "r.json", text: JSON.stringify({ ...withoutTime, duration_seconds: 12.345678 }) }], { tags: [] });
      }
      const selector = { model: "model-1", dataset: "data-1", prompt: "p", env: "ci" };
      await checkout(deps, selector, 2);
      await setBaseline(deps, selector, 3);
      await setBaseline(deps, { ...selector, model: "model-2", dataset: "data-2" });
      await unsetBaseline(deps, { ...selector, model: "model-2", dataset: "data-2" });
      await pushResults(deps, [{ name: "r.json", text: JSON.stringify({ ...runs[1], commit_sha: "after-checkout" }) }], { tags: [] });

      let exported = "";
      const report = await exportLedger(deps, "jsonl", {}, async (chunk) => {
        exported += chunk;
      });
      expect(report).toEqual({ runs: 41, events: 4 });
      expect(JSON.parse(exported.split("\n")[0]!)).toMatchObject({ kind: "benchledger-export", format_version: 1, runs: 41 });

      const imported = await importText(target, "ledger.jsonl", exported);
      expect(imported).toMatchObject({ runs: 41, recorded: 41, duplicates: 0, events_recorded: 4 });
      expect(await transactionsInLedgerOrder(target, true)).toEqual(await transactionsInLedgerOrder(source, true));
      const versions = (db: Db) => db.query(`
        select model_version, dataset_version, prompt_version, environment, snapshot_version, transaction_id::text,
               source, restored_from_version, metrics::text, is_current, is_baseline, is_active, created_at::text
          from benchmark_snapshots order by 1, 2, 3, 4, 5`);
      expect(await versions(target)).toEqual(await versions(source));
      const events = (db: Db) => db.query(`
        select kind, model_version, dataset_version, snapshot_version, transaction_id::text, created_at::text
          from benchmark_snapshot_events order by id`);
      expect(await events(target)).toEqual(await events(source));
      expect((await replaySnapshots(testDeps(target), { verify: true })).ok).toBe(true);

      // The same export again: nothing new.
      const again = await importText(target, "ledger.jsonl", exported);
      expect(again).toMatchObject({ recorded: 0, duplicates: 41, events_recorded: 0 });
      expect(await count(target, "benchmark_snapshots")).toBe(await count(source, "benchmark_snapshots"));
    });

    it("exports a selection, and CSV with one column per metric path", async () => {
      await importText(source, "history.jsonl", jsonl(history(10)));
      let csv = "";
      const report = await exportLedger(testDeps(source), "csv", { model_version: "model-1" }, async (chunk) => {
        csv += chunk;
      });
      const lines = csv.trim().split("\n");
      expect(lines[0]).toBe("id,run_key,created_at,recorded_at,model_version,model_provider,dataset_version,prompt_version,"
        + "environment,commit_sha,branch_name,tags,duration_seconds,tracked,pull_request,run_url,repository,f1,latency.p50,latency.p95,latency_ms");
      // model-1 is configs 1 and 4 of every five runs: runs 1, 4, 6, 9.
      expect(report.runs).toBe(4);
      expect(lines).toHaveLength(5);
      const run1 = history(10)[1]!;
      expect(lines[1]).toContain(`,model-1,,data-1,p,ci,c0,main,,,true,,,,${(run1.metrics as { f1: number }).f1},101,201,121`);
    });
  });

  describe(`${backend.name}: migration 0005`, () => {
    it("keeps a ledger at 0004 whole, and its runs import, push and verify afterwards", async () => {
      const { db } = await backend.freshEmptyDb();
      try {
        const all = readMigrations();
        await migrate(db, all.filter((m) => m.id <= 4));
        const [before] = await db.query<{ transaction_id: string }>(
          "select out_transaction_id::text as transaction_id from upsert_benchmark_result('m', 'd', 'p', 'e', '{\"f1\": 0.9}'::jsonb)");
        expect((await migrate(db, all)).applied).toEqual(["0005_add_bulk_import.sql"]);
        const [old] = await db.query<{ id: string; units: unknown }>("select id::text as id, units from benchmark_transactions");
        expect(old).toEqual({ id: before!.transaction_id, units: null });
        await pushResults(testDeps(db), [{ name: "r.json", text: JSON.stringify({ model_version: "m", dataset_version: "d", prompt_version: "p",
          environment: "e", metrics: { f1: 0.8 }, units: { f1: "fraction" }, directions: { f1: "higher" } }) }], { tags: [] });
        await importText(db, "h.jsonl", jsonl(history(3)));
        expect(await db.query("select snapshot_version, is_current from benchmark_snapshots where model_version = 'm' order by 1"))
          .toEqual([{ snapshot_version: 1, is_current: false }, { snapshot_version: 2, is_current: true }]);
        expect(await db.query("select units, directions from benchmark_transactions where model_version = 'm' and units is not null"))
          .toEqual([{ units: { f1: "fraction" }, directions: { f1: "higher" } }]);
        await expect(db.query("update benchmark_transactions set units = null")).rejects.toThrow(/append-only/);
        await expect(db.query("select * from upsert_benchmark_result('m', 'd', 'p', 'e', '{\"f1\": 1}'::jsonb, p_directions => '{\"f1\": \"up\"}'::jsonb)"))
          .rejects.toThrow(/benchmark_transactions_directions_check/);
        expect((await replaySnapshots(testDeps(db), { verify: true })).ok).toBe(true);
      } finally {
        await db.close();
      }
    });
  });

  describe(`${backend.name}: an imported history`, () => {
    let db: Db;
    beforeEach(async () => {
      db = await backend.freshMigratedDb();
    });
    afterEach(async () => {
      await db.close();
    });

    it("names the commit that started a known regression, with the direction the tool's unit implies", async () => {
      const text = fs.readFileSync(new URL("../../../shared/data/histories/hyperium_hyper_data.js", import.meta.url), "utf8");
      const report = await importText(db, "data.js", text);
      expect(report).toMatchObject({ runs: 879, recorded: 879 });
      // ns/iter: lower is better, so the jump from 34 µs to 41 ms is a regression, found at
      // the commit the data set's README names (18913ffd "test(server): fix flaky ...").
      const found = await findChangePoints(testDeps(db), { model: "hyperium/hyper", dataset: "end_to_end", metric: "http2_consecutive_x1_req_10b" });
      const step = found.change_points.find((cp) => cp.commit_sha?.startsWith("18913ffd8e04"));
      expect(step).toMatchObject({ direction: "regression" });
      expect(step!.after_mean / step!.before_mean).toBeGreaterThan(100);
      expect((await replaySnapshots(testDeps(db), { verify: true })).ok).toBe(true);
    });

    it("keeps a history's pull-request runs in the log but out of the snapshots", async () => {
      const text = fs.readFileSync(new URL("../../../shared/data/histories/huggingface_safetensors_data.js", import.meta.url), "utf8");
      await importText(db, "data.js", text);
      expect(await count(db, "benchmark_transactions")).toBe(517);
      // 232 of the 517 entries are runs of pull-request branches (the data set's README).
      expect(await count(db, "benchmark_snapshots")).toBe(517 - 232);
      const [untracked] = await db.query<{ n: number }>("select count(*)::int as n from benchmark_transactions where not tracked and pull_request is not null");
      expect(untracked!.n).toBe(232);
    });
  });
}
