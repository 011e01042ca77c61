import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { BenchledgerError } from "../../src/core/errors.js";
import type { Db } from "../../src/store/db.js";
import { pushResults, type ResultsFile } from "../../src/service/push-results.js";
import { checkout, compareVersions, listVersions, setBaseline, unsetBaseline } from "../../src/service/snapshot-versions.js";
import { replaySnapshots } from "../../src/service/replay.js";
import { listLatest } from "../../src/service/latest.js";
import { getHistory } from "../../src/service/history.js";
import { dropTestDatabases, testBackends, testDeps } from "../helpers/backends.js";

const backends = await testBackends();
afterAll(dropTestDatabases);

const CONFIG = { model: "m1", dataset: "d1", prompt: "p1", env: "ci" };

function result(metrics: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model_version: "m1", dataset_version: "d1", prompt_version: "p1", environment: "ci", metrics, ...extra };
}

function file(content: unknown, name = "results.json"): ResultsFile {
  return { name, text: typeof content === "string" ? content : JSON.stringify(content) };
}

async function count(db: Db, table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return row!.n;
}

async function errorOf(promise: Promise<unknown>): Promise<BenchledgerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BenchledgerError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

for (const backend of backends) {
  describe(`${backend.name}: the ledger`, () => {
    let db: Db;
    beforeEach(async () => {
      db = await backend.freshMigratedDb();
    });
    afterEach(async () => {
      await db.close();
    });

    it("records a run and its first snapshot version", async () => {
      const [outcome] = await pushResults(testDeps(db), [file(result({ f1: 0.9, dist: { p50: 1.5 } }, { tags: ["a"] }))]);
      expect(outcome).toMatchObject({ snapshot_version: 1, duplicate: false, config: { model_version: "m1", environment: "ci" } });
      const [tx] = await db.query<{ id: string; metrics: unknown; tags: string[] }>("select id::text, metrics, tags from benchmark_transactions");
      expect(tx).toEqual({ id: outcome!.transaction_id, metrics: { f1: 0.9, dist: { p50: 1.5 } }, tags: ["a"] });
      const [snapshot] = await db.query<{ f1: number; is_current: boolean }>(
        "select f1_score::float8 as f1, is_current from benchmark_snapshots");
      expect(snapshot).toEqual({ f1: 0.9, is_current: true });
    });

    it("is atomic: when the snapshot step fails, no transaction row remains", async () => {
      await db.exec("alter table benchmark_snapshots add constraint trip_for_test check (model_version <> 'trip-me')");
      const error = await errorOf(pushResults(testDeps(db), [file(result({ f1: 0.5 }, { model_version: "trip-me" }))]));
      expect(error.message).toMatch(/trip_for_test/);
      expect(await count(db, "benchmark_transactions")).toBe(0);
      // Also through SQL directly, one call of the function:
      await expect(db.query("select * from upsert_benchmark_result('trip-me', 'd', 'p', 'e', '{\"f1\": 1}'::jsonb)")).rejects.toThrow(/trip_for_test/);
      expect(await count(db, "benchmark_transactions")).toBe(0);
    });

    it("records a batch all or nothing: one bad run rolls back the good ones before it", async () => {
      await db.exec("alter table benchmark_snapshots add constraint trip_for_test check (model_version <> 'trip-me')");
      await expect(pushResults(testDeps(db), [
        file([result({ f1: 0.1 }, { model_version: "a-ok" }), result({ f1: 0.2 }, { model_version: "trip-me" })]),
      ])).rejects.toThrow();
      expect(await count(db, "benchmark_transactions")).toBe(0);
      expect(await count(db, "benchmark_snapshots")).toBe(0);
    });

    it("refuses UPDATE, DELETE and TRUNCATE of the log with an append-only error, through SQL", async () => {
      await pushResults(testDeps(db), [file(result({ f1: 0.9 }, { commit_sha: "abc" }))]);
      const before = await db.query("select id, commit_sha, metrics from benchmark_transactions");
      for (const statement of [
        "update benchmark_transactions set commit_sha = 'evil'",
        "delete from benchmark_transactions",
        "truncate benchmark_transactions",
        "truncate benchmark_transactions cascade",
        "update benchmark_snapshot_events set kind = 'checkout'",
        "delete from benchmark_examples",
      ]) {
        await expect(db.query(statement), statement).rejects.toThrow(/is append-only: (UPDATE|DELETE|TRUNCATE) is not allowed/);
      }
      expect(await db.query("select id, commit_sha, metrics from benchmark_transactions")).toEqual(before);
    });

    it("lets only the flags of a snapshot version change", async () => {
      await pushResults(testDeps(db), [file(result({ f1: 0.9 }))]);
      await expect(db.query("update benchmark_snapshots set metrics = '{\"f1\": 1}'")).rejects.toThrow(/immutable/);
      await expect(db.query("delete from benchmark_snapshots")).rejects.toThrow(/keeps every version/);
      await db.query("update benchmark_snapshots set is_active = false");
      const [row] = await db.query<{ is_active: boolean }>("select is_active from benchmark_snapshots");
      expect(row!.is_active).toBe(false);
    });

    it("rejects metrics that are not numbers in the database itself, for every client", async () => {
      for (const metrics of ['{"f1": "0.9"}', '{"f1": [1]}', '{"f1": null}', '{}', '[1]', '{"a.b": 1}', '{"d": {"": 1}}']) {
        await expect(db.query(`select * from upsert_benchmark_result('m', 'd', 'p', 'e', '${metrics}'::jsonb)`), metrics)
          .rejects.toThrow(/benchmark_transactions_metrics_check/);
      }
      expect(await count(db, "benchmark_transactions")).toBe(0);
    });

    it("is idempotent: the same file twice gives one transaction and duplicate: true", async () => {
      const input = file(result({ f1: 0.9 }, { commit_sha: "abc123" }));
      const [first] = await pushResults(testDeps(db), [input]);
      const [second] = await pushResults(testDeps(db), [input]);
      expect(first!.duplicate).toBe(false);
      expect(second).toMatchObject({ duplicate: true, transaction_id: first!.transaction_id, snapshot_version: 1, run_key: first!.run_key });
      expect(await count(db, "benchmark_transactions")).toBe(1);
      expect(await count(db, "benchmark_snapshots")).toBe(1);
    });

    it("refuses a run_key that names a different run, and writes nothing", async () => {
      await pushResults(testDeps(db), [file(result({ f1: 0.9 }, { run_key: "job-42" }))]);
      const error = await errorOf(pushResults(testDeps(db), [file(result({ f1: 0.1 }, { run_key: "job-42" }))]));
      expect(error.code).toBe("RUN_KEY_CONFLICT");
      expect(error.message).toMatch(/job-42/);
      expect(await count(db, "benchmark_transactions")).toBe(1);
    });

    it("versions a config: 1, 2, 3; checkout of 1 appends 4 with 1's metrics; compare shows deltas", async () => {
      const deps = testDeps(db);
      for (const f1 of [0.8, 0.85, 0.7]) await pushResults(deps, [file(result({ f1, latency_ms: f1 * 100 }))]);
      const restored = await checkout(deps, CONFIG, 1);
      expect(restored).toMatchObject({ snapshot_version: 4, restored_from_version: 1 });
      const { versions } = await listVersions(deps, CONFIG);
      expect(versions.map((v) => v.snapshot_version)).toEqual([1, 2, 3, 4]);
      expect(versions.filter((v) => v.is_current).map((v) => v.snapshot_version)).toEqual([4]);
      expect(versions[3]!.metrics).toEqual(versions[0]!.metrics);
      expect(versions[3]).toMatchObject({ source: "checkout", restored_from_version: 1, transaction_id: versions[0]!.transaction_id });
      expect(await count(db, "benchmark_transactions")).toBe(3);

      const comparison = await compareVersions(deps, CONFIG, 1, 3);
      const f1 = comparison.deltas.find((d) => d.metric === "f1")!;
      expect(f1.a).toBe(0.8);
      expect(f1.b).toBe(0.7);
      expect(f1.delta).toBeCloseTo(-0.1, 10);
      expect(f1.change).toBe("worse");
      expect(comparison.deltas.find((d) => d.metric === "latency_ms")!.change).toBe("better");
    });

    it("refuses to check out the current version or one that does not exist", async () => {
      const deps = testDeps(db);
      await pushResults(deps, [file(result({ f1: 0.8 }))]);
      expect((await errorOf(checkout(deps, CONFIG, 1))).kind).toBe("invalid-input");
      expect((await errorOf(checkout(deps, CONFIG, 9))).kind).toBe("not-found");
      expect(await count(db, "benchmark_snapshots")).toBe(1);
    });

    it("keeps at most one baseline per config, and can clear it", async () => {
      const deps = testDeps(db);
      for (const f1 of [0.8, 0.85]) await pushResults(deps, [file(result({ f1 }))]);
      await setBaseline(deps, CONFIG, 1);
      await setBaseline(deps, CONFIG); // the current version, 2
      let baselines = await db.query<{ v: number }>("select snapshot_version as v from benchmark_snapshots where is_baseline");
      expect(baselines).toEqual([{ v: 2 }]);
      await setBaseline(deps, CONFIG, 1); // back to an earlier version
      baselines = await db.query("select snapshot_version as v from benchmark_snapshots where is_baseline");
      expect(baselines).toEqual([{ v: 1 }]);
      await unsetBaseline(deps, CONFIG);
      baselines = await db.query("select snapshot_version as v from benchmark_snapshots where is_baseline");
      expect(baselines).toEqual([]);
    });

    it("chooses a config from partial flags, and lists the candidates when ambiguous", async () => {
      const deps = testDeps(db);
      await pushResults(deps, [file([result({ f1: 0.8 }), result({ f1: 0.7 }, { dataset_version: "d2" })])]);
      const error = await errorOf(listVersions(deps, { model: "m1" }));
      expect(error.code).toBe("CONFIG_AMBIGUOUS");
      expect(error.message).toContain("m1 / d2 / p1 / ci");
      expect((await listVersions(deps, { model: "m1", dataset: "d2" })).versions).toHaveLength(1);
      expect((await errorOf(listVersions(deps, { model: "nope" }))).code).toBe("CONFIG_NOT_FOUND");
    });

    it.each([
      ["bad JSON", "{\"model_version\": "],
      ["missing metrics", { model_version: "m", dataset_version: "d" }],
      ["a metric that is a string", { model_version: "m", dataset_version: "d", metrics: { f1: "0.9" } }],
      ["NaN", '{"model_version": "m", "dataset_version": "d", "metrics": {"f1": NaN}}'],
      ["Infinity", '{"model_version": "m", "dataset_version": "d", "metrics": {"f1": Infinity}}'],
      ["tags of an unknown type", { model_version: "m", dataset_version: "d", metrics: { f1: 1 }, tags: "nightly" }],
      ["an empty file", ""],
    ])("rejects %s with an input error and writes nothing, not even the valid file beside it", async (_, content) => {
      const error = await errorOf(pushResults(testDeps(db), [file(result({ f1: 0.5 }), "good.json"), file(content as never, "bad.json")]));
      expect(error.kind).toBe("invalid-input");
      expect(error.message).toContain("bad.json: $");
      expect(await count(db, "benchmark_transactions")).toBe(0);
      expect(await count(db, "benchmark_snapshots")).toBe(0);
    });

    it("records a pull request's run without moving the snapshots; replay still matches", async () => {
      const deps = testDeps(db);
      await pushResults(deps, [file(result({ f1: 0.8 }, { commit_sha: "main1" }))]);
      const [pr] = await pushResults(deps, [file(result({ f1: 0.5 }, { commit_sha: "pr1" }))], { pull_request: 12 });
      expect(pr).toMatchObject({ snapshot_version: null, tracked: false, duplicate: false });
      const [other] = await pushResults(deps, [file(result({ f1: 0.6 }, { commit_sha: "b1", branch_name: "feature" }))], { tracked_branch: "main" });
      expect(other!.tracked).toBe(false);
      const [main2] = await pushResults(deps, [file(result({ f1: 0.85 }, { commit_sha: "main2", branch_name: "main" }))], { tracked_branch: "main" });
      expect(main2).toMatchObject({ snapshot_version: 2, tracked: true });
      expect(await count(db, "benchmark_transactions")).toBe(4);
      expect((await listVersions(deps, CONFIG)).versions.map((v) => v.metrics.f1)).toEqual([0.8, 0.85]);
      const [row] = await db.query<{ pull_request: number; tracked: boolean }>("select pull_request, tracked from benchmark_transactions where commit_sha = 'pr1'");
      expect(row).toEqual({ pull_request: 12, tracked: false });
      expect((await replaySnapshots(deps, { verify: true })).ok).toBe(true);
      const again = await pushResults(deps, [file(result({ f1: 0.5 }, { commit_sha: "pr1" }))], { pull_request: 12 });
      expect(again[0]).toMatchObject({ duplicate: true, snapshot_version: null });
    });

    it("stores per-example results with the run", async () => {
      const examples = [{ id: "q1", correct: true, label: "A", prediction: "A", latency_ms: 12 }, { id: 2, correct: false }];
      await pushResults(testDeps(db), [file(result({ accuracy: 0.5 }, { examples }))]);
      const rows = await db.query("select example_id, correct, label, latency_ms from benchmark_examples order by example_id");
      expect(rows).toEqual([
        { example_id: "2", correct: false, label: null, latency_ms: null },
        { example_id: "q1", correct: true, label: "A", latency_ms: 12 },
      ]);
    });

    it("serialises concurrent pushes to one config: versions 1..16, no run lost", async () => {
      const deps = testDeps(db);
      const outcomes = await Promise.all(Array.from({ length: 16 }, (_, i) =>
        pushResults(deps, [file(result({ f1: i / 100 }, { run_key: `run-${i}` }))])));
      expect(outcomes.flat().every((o) => !o.duplicate)).toBe(true);
      const versions = await db.query<{ v: number }>("select snapshot_version as v from benchmark_snapshots order by 1");
      expect(versions.map((r) => r.v)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      expect(await count(db, "benchmark_transactions")).toBe(16);
      expect((await replaySnapshots(deps, { verify: true })).ok).toBe(true);
    });

    it("replay --verify passes on an untouched ledger and names the config of an altered snapshot", async () => {
      const deps = testDeps(db);
      for (const f1 of [0.8, 0.85, 0.7]) await pushResults(deps, [file(result({ f1 }))]);
      await pushResults(deps, [file(result({ f1: 0.6 }, { model_version: "other" }))]);
      await checkout(deps, CONFIG, 2);
      await setBaseline(deps, CONFIG, 1);
      expect(await replaySnapshots(deps, { verify: true })).toMatchObject({ ok: true, runs: 4, snapshot_versions: 5 });

      // Behind the ledger's back: a superuser switches the guard triggers off and edits a version.
      await db.exec("alter table benchmark_snapshots disable trigger user");
      await db.exec("update benchmark_snapshots set metrics = '{\"f1\": 0.99}' where model_version = 'm1' and snapshot_version = 2");
      await db.exec("alter table benchmark_snapshots enable trigger user");
      const report = await replaySnapshots(deps, { verify: true });
      expect(report.ok).toBe(false);
      expect(report.differences).toHaveLength(1);
      expect(report.differences[0]).toMatchObject({ model_version: "m1", dataset_version: "d1", prompt_version: "p1", environment: "ci", snapshot_version: 2 });
      expect(report.differences[0]!.problem).toMatch(/metrics/);

      const rebuilt = await replaySnapshots(deps, { verify: false });
      expect(rebuilt).toMatchObject({ ok: true, snapshot_versions: 5 });
      expect((await replaySnapshots(deps, { verify: true })).ok).toBe(true);
      const { versions } = await listVersions(deps, CONFIG);
      expect(versions.map((v) => [v.snapshot_version, v.is_current, v.is_baseline, v.source])).toEqual([
        [1, false, true, "push"], [2, false, false, "push"], [3, false, false, "push"], [4, true, false, "checkout"]]);
    });

    it("replay --verify reports a missing version and a moved current flag", async () => {
      const deps = testDeps(db);
      for (const f1 of [0.8, 0.85]) await pushResults(deps, [file(result({ f1 }))]);
      await db.exec("alter table benchmark_snapshots disable trigger user");
      await db.exec("delete from benchmark_snapshots where snapshot_version = 1");
      await db.exec("alter table benchmark_snapshots enable trigger user");
      await db.query("update benchmark_snapshots set is_current = false");
      const report = await replaySnapshots(deps, { verify: true });
      expect(report.differences.map((d) => [d.snapshot_version, d.problem.split(":")[0]])).toEqual([
        [1, "missing"], [2, "is_current is false, the log says true"]]);
    });

    it("lists the leaderboard best f1 first, by another metric's direction, and per environment", async () => {
      const deps = testDeps(db);
      await pushResults(deps, [file([
        result({ f1: 0.7, latency_ms: 100 }, { model_version: "a" }),
        result({ f1: 0.9, latency_ms: 300 }, { model_version: "b" }),
        result({ f1: 0.8, latency_ms: 200 }, { model_version: "c", environment: "staging" }),
      ])]);
      expect((await listLatest(deps)).map((r) => r.model_version)).toEqual(["b", "c", "a"]);
      expect((await listLatest(deps, { sortMetric: "latency_ms" })).map((r) => r.model_version)).toEqual(["a", "c", "b"]);
      expect((await listLatest(deps, { environment: "staging" })).map((r) => r.model_version)).toEqual(["c"]);
    });

    it("returns history raw and bucketed by day and week, filtered by days", async () => {
      const deps = testDeps(db);
      const day = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
      await pushResults(deps, [file([
        result({ f1: 0.5, dist: { p95: 10 } }, { created_at: day(40) }),
        result({ f1: 0.6, dist: { p95: 20 } }, { created_at: day(2) }),
        result({ f1: 0.8, dist: { p95: 30 } }, { created_at: day(2) }),
        result({ f1: 0.9 }, { created_at: day(1) }),
      ])]);
      const raw = await getHistory(deps, { model: "m1", metric: "dist.p95" });
      expect(raw.bucket === "none" && raw.points.map((p) => p.value)).toEqual([10, 20, 30, null]);
      const recent = await getHistory(deps, { model: "m1", metric: "f1", days: 30, bucket: "day" });
      expect(recent.bucket === "day" && recent.buckets.map((b) => [b.count, b.min, b.max])).toEqual([[2, 0.6, 0.8], [1, 0.9, 0.9]]);
      expect(recent.bucket === "day" && recent.buckets[0]!.avg).toBeCloseTo(0.7, 10);
      const limited = await getHistory(deps, { model: "m1", limit: 2 });
      expect(limited.bucket === "none" && [limited.truncated, limited.points.length]).toEqual([true, 2]);
      const error = await errorOf(getHistory(deps, { model: "m1", bucket: "week" }));
      expect(error.code).toBe("METRIC_REQUIRED");
      expect(error.hint).toContain("dist.p95, f1");
    });
  });
}
