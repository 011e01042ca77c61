import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { BenchledgerError } from "../../src/core/errors.js";
import { EMPTY_PROJECT_CONFIG, parseProjectConfig, type ProjectConfig } from "../../src/core/project-config.js";
import { seededRandom } from "../../src/core/random.js";
import type { Db } from "../../src/store/db.js";
import { acknowledgeFinding } from "../../src/service/acknowledge.js";
import { checkRuns } from "../../src/service/check-runs.js";
import { findChangePoints } from "../../src/service/change-points.js";
import { pushResults } from "../../src/service/push-results.js";
import { setBaseline } from "../../src/service/snapshot-versions.js";
import { dropTestDatabases, testBackends, testDeps } from "../helpers/backends.js";

const backends = await testBackends();
afterAll(dropTestDatabases);

const CONFIG = { model_version: "m1", dataset_version: "d1", prompt_version: "p1", environment: "ci" };

/** Examples whose `correct` flags give `accuracy`; the first `flipped` correct ones of `base` turned wrong. */
function examples(n: number, correct: number): { id: string; correct: boolean }[] {
  return Array.from({ length: n }, (_, i) => ({ id: `q${i}`, correct: i < correct }));
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
}

function project(json?: object): ProjectConfig {
  return json ? parseProjectConfig("benchledger.config.json", JSON.stringify(json)) : EMPTY_PROJECT_CONFIG;
}

for (const backend of backends) {
  describe(`${backend.name}: check`, () => {
    let db: Db;
    beforeEach(async () => {
      db = await backend.freshMigratedDb();
    });
    afterEach(async () => {
      await db.close();
    });

    async function push(commit: string, metrics: Record<string, unknown>, extra: Record<string, unknown> = {}) {
      await pushResults(testDeps(db), [{ name: `${commit}.json`, text: JSON.stringify({ ...CONFIG, commit_sha: commit, metrics, ...extra }) }]);
    }
    const check = (commit: string, p: ProjectConfig = project(), extra = {}) => checkRuns(testDeps(db), { commit, project: p, ...extra });
    const finding = (report: Awaited<ReturnType<typeof check>>, metric: string) => report.findings.find((f) => f.metric === metric)!;

    it("calls accuracy 0.80 -> 0.70 on 20 examples inconclusive (McNemar), and on 2,000 a regression", async () => {
      await push("a0", { accuracy: 0.8 }, { examples: examples(20, 16) });
      await push("a1", { accuracy: 0.7 }, { examples: examples(20, 14) });
      const small = await check("a1");
      expect(finding(small, "accuracy")).toMatchObject({ verdict: "inconclusive", method: "mcnemar", n: 20, baseline: 0.8, current: 0.7, baseline_source: "previous" });
      expect(finding(small, "accuracy").p_value).toBeCloseTo(0.5, 10); // b=2, c=0: 2 * 0.5^2
      expect(small.failing).toBe(false);

      await db.close();
      db = await backend.freshMigratedDb();
      await push("b0", { accuracy: 0.8 }, { examples: examples(2000, 1600) });
      await push("b1", { accuracy: 0.7 }, { examples: examples(2000, 1400) });
      const large = await check("b1");
      expect(finding(large, "accuracy")).toMatchObject({ verdict: "regression", method: "mcnemar", n: 2000 });
      expect(finding(large, "accuracy").p_value!).toBeLessThan(1e-10);
      expect(large.verdict).toBe("regression");
      expect(large.failing).toBe(true);
    });

    it("passes f1 0.895 after 30 runs at 0.90 +- 0.01, and fails 0.80", async () => {
      const random = seededRandom(7);
      for (let i = 0; i < 30; i += 1) await push(`h${i}`, { f1: Number((0.9 + 0.01 * gaussian(random)).toFixed(4)) });
      await push("good", { f1: 0.895 });
      const good = await check("good");
      expect(finding(good, "f1")).toMatchObject({ verdict: "ok", method: "history-t_test", baseline_source: "history" });
      expect(good.failing).toBe(false);
      await push("bad", { f1: 0.8 });
      const bad = await check("bad");
      expect(finding(bad, "f1")).toMatchObject({ verdict: "regression", method: "history-t_test" });
      expect(finding(bad, "f1").baseline!).toBeCloseTo(0.9, 1);
      expect(bad.failing).toBe(true);
    });

    it("compares a pull request's run with the tracked line, never with another pull request's", async () => {
      await push("main1", { f1: 0.9 });
      await pushResults(testDeps(db), [{ name: "pr.json", text: JSON.stringify({ ...CONFIG, commit_sha: "prA", metrics: { f1: 0.5 } }) }], { pull_request: 1 });
      await pushResults(testDeps(db), [{ name: "pr.json", text: JSON.stringify({ ...CONFIG, commit_sha: "prB", metrics: { f1: 0.895 } }) }], { pull_request: 2 });
      const report = await check("prB");
      expect(finding(report, "f1")).toMatchObject({ verdict: "ok", baseline: 0.9, baseline_source: "previous" });
    });

    it("uses every run at one commit as samples (Welch's t)", async () => {
      for (const f1 of [0.9, 0.91, 0.89]) await push("base", { f1 }, { run_key: `base-${f1}` });
      for (const f1 of [0.85, 0.86, 0.84]) await push("next", { f1 }, { run_key: `next-${f1}` });
      const report = await check("next");
      expect(report.runs).toBe(1);
      expect(finding(report, "f1")).toMatchObject({ verdict: "regression", method: "welch-t", n: 6, samples: { current: 3, baseline: 3, history: 3, examples: null } });
      expect(finding(report, "f1").delta).toBeCloseTo(-0.05, 10);
    });

    it("compares with the marked baseline, and a new config with the golden baseline of its dataset", async () => {
      await push("c0", { f1: 0.9 });
      await setBaseline(testDeps(db), { model: "m1" }, 1);
      await push("c1", { f1: 0.95 });
      await push("c2", { f1: 0.93 });
      const vsBaseline = await check("c2");
      expect(finding(vsBaseline, "f1")).toMatchObject({ baseline_source: "baseline", baseline: 0.9, verdict: "improvement" });

      await pushResults(testDeps(db), [{ name: "new.json", text: JSON.stringify({ ...CONFIG, model_version: "m2", commit_sha: "c3", metrics: { f1: 0.7 } }) }]);
      const ab = await check("c3");
      expect(finding(ab, "f1")).toMatchObject({ model_version: "m2", baseline_source: "golden", baseline: 0.9, verdict: "regression", method: "threshold" });
    });

    it("reports an SLA breach as a finding of its own, and fails on it", async () => {
      await push("s0", { f1: 0.9, latency_ms: 450 });
      await push("s1", { f1: 0.9, latency_ms: 520 });
      const p = project({ configs: [{ match: { model_version: "m*" }, sla: { latency_ms: { max: 500 } } }] });
      const report = await check("s1", p);
      const sla = report.findings.find((f) => f.method === "static")!;
      expect(sla).toMatchObject({ metric: "latency_ms", verdict: "sla", current: 520, ci_high: 500 });
      expect(report.failing).toBe(true);
    });

    it("calls a costlier run with no quality gain a tradeoff, and fails on it only when asked", async () => {
      for (let i = 0; i < 6; i += 1) await push(`t${i}`, { f1: 0.9 + (i % 2) * 0.002, cost_usd: 1 + (i % 3) * 0.01 });
      await push("t-new", { f1: 0.901, cost_usd: 1.5 });
      const report = await check("t-new");
      expect(finding(report, "cost_usd").verdict).toBe("tradeoff");
      expect(report.failing).toBe(false);
      const strict = await check("t-new", project(), { failOn: "tradeoff" });
      expect(strict.failing).toBe(true);
    });

    it("stops failing on an acknowledged change, and records the findings append-only", async () => {
      await push("k0", { f1: 0.9 });
      await push("k1", { f1: 0.8 });
      expect((await check("k1")).failing).toBe(true);
      await acknowledgeFinding(testDeps(db), { model: "m1", metric: "f1", commit: "k1", reason: "smaller model on purpose" });
      const after = await check("k1");
      expect(finding(after, "f1")).toMatchObject({ verdict: "regression", acknowledged: true });
      expect(after.failing).toBe(false);
      const rows = await db.query<{ verdict: string; n: number }>("select verdict, count(*)::int as n from benchmark_findings where metric = 'f1' group by verdict");
      expect(rows).toEqual([{ verdict: "regression", n: 2 }]);
      await expect(db.query("delete from benchmark_findings")).rejects.toThrow(/append-only/);
      await expect(db.query("update benchmark_acknowledgements set reason = 'x'")).rejects.toThrow(/append-only/);
    });

    it("says what to do when the commit has no runs", async () => {
      const error = await check("nope").catch((e: unknown) => e as BenchledgerError);
      expect(error).toBeInstanceOf(BenchledgerError);
      expect((error as BenchledgerError).code).toBe("NO_RUNS_AT_COMMIT");
    });

    it("keeps the seed's detect_regression() in SQL, with direction and threshold", async () => {
      await push("d0", { f1: 0.9, latency: { p95: 100 } });
      await push("d1", { f1: 0.8, latency: { p95: 130 } });
      const [f1] = await db.query<{ delta: string; is_regression: boolean; baseline_version: number }>(
        "select delta, is_regression, baseline_version from detect_regression('m1', 'd1', 'p1', 'ci')");
      expect(f1).toMatchObject({ is_regression: true, baseline_version: 1 });
      expect(Number(f1!.delta)).toBeCloseTo(-0.1, 10);
      const [latency] = await db.query<{ is_regression: boolean }>(
        "select is_regression from detect_regression('m1', 'd1', 'p1', 'ci', 'latency.p95', 0.5, 'lower', true)");
      expect(latency!.is_regression).toBe(false);
    });

    it("finds the commit where a metric's level shifted", async () => {
      const random = seededRandom(3);
      for (let i = 0; i < 60; i += 1) await push(`cp${i}`, { f1: Number(((i < 40 ? 0.9 : 0.85) + 0.005 * gaussian(random)).toFixed(4)) });
      const report = await findChangePoints(testDeps(db), { model: "m1", metric: "f1" });
      expect(report.change_points).toHaveLength(1);
      expect(report.change_points[0]).toMatchObject({ index: 40, commit_sha: "cp40", previous_commit_sha: "cp39", direction: "regression" });
    });
  });
}
