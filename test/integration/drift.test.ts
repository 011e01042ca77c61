import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_PROJECT_CONFIG } from "../../src/core/project-config.js";
import { seededRandom } from "../../src/core/random.js";
import type { Db } from "../../src/store/db.js";
import { measureDrift } from "../../src/service/drift.js";
import { pushResults } from "../../src/service/push-results.js";
import { suggestThresholds } from "../../src/service/suggest-thresholds.js";
import { dropTestDatabases, testBackends, testDeps } from "../helpers/backends.js";

const backends = await testBackends();
afterAll(dropTestDatabases);

const CONFIG = { model_version: "m1", dataset_version: "d1", prompt_version: "p1", environment: "ci" };

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
}

for (const backend of backends) {
  describe(`${backend.name}: drift and suggested thresholds`, () => {
    let db: Db;
    beforeEach(async () => {
      db = await backend.freshMigratedDb();
    });
    afterEach(async () => {
      await db.close();
    });
    const push = (results: object[]) => pushResults(testDeps(db), [{ name: "r.json", text: JSON.stringify(results) }]);

    it("reports per-example score drift with PSI and KS, and stability when nothing moved", async () => {
      const random = seededRandom(5);
      const scores = (center: number) => Array.from({ length: 300 }, (_, i) => ({ id: `e${i}`, score: center + 0.1 * gaussian(random) }));
      await push([{ ...CONFIG, commit_sha: "a", metrics: { score: 0.7 }, examples: scores(0.7) }, { ...CONFIG, commit_sha: "b", metrics: { score: 0.5 }, examples: scores(0.5) }]);
      const moved = await measureDrift(testDeps(db), { model: "m1" });
      const drift = moved.distributions.find((d) => d.source === "examples.score")!;
      expect(drift).toMatchObject({ level: "significant", n_baseline: 300, n_current: 300 });
      expect(drift.psi).toBeGreaterThan(1);
      expect(drift.ks_p_value!).toBeLessThan(1e-10);
      expect(drift.mean_shift_sd!).toBeCloseTo(-2, 0);

      await push([{ ...CONFIG, commit_sha: "c", metrics: { score: 0.5 }, examples: scores(0.5) }]);
      const steady = (await measureDrift(testDeps(db), { model: "m1" })).distributions.find((d) => d.source === "examples.score")!;
      expect(steady.level).toBe("stable");
      expect(steady.ks_p_value!).toBeGreaterThan(0.01);
    });

    it("compares distribution statistics carried in the metrics, and the movers among feature importances", async () => {
      await push([
        { ...CONFIG, commit_sha: "a", metrics: { f1: 0.8, confidence_dist: { mean: 0.7, std: 0.1 }, feature_importance: { age: 0.5, dose: 0.3, bmi: 0.15, sex: 0.05 } } },
        { ...CONFIG, commit_sha: "b", metrics: { f1: 0.8, confidence_dist: { mean: 0.9, std: 0.1 }, feature_importance: { age: 0.05, dose: 0.3, bmi: 0.15, sex: 0.5 } } },
      ]);
      const report = await measureDrift(testDeps(db), { model: "m1" });
      const dist = report.distributions.find((d) => d.source === "confidence_dist")!;
      expect(dist.mean_shift_sd).toBeCloseTo(2, 10);
      expect(dist.level).toBe("significant");
      const features = report.features[0]!;
      expect(features.source).toBe("feature_importance");
      expect(features.shared_features).toBe(4);
      expect(features.spearman!).toBeLessThan(0.5);
      expect(features.movers.slice(0, 2).map((m) => m.feature).sort()).toEqual(["age", "sex"]);
      expect(features.movers.find((m) => m.feature === "age")).toMatchObject({ rank_baseline: 1, rank_current: 4 });
    });

    it("finds the commit where confidence shifted over time", async () => {
      const random = seededRandom(9);
      await push(Array.from({ length: 50 }, (_, i) => ({ ...CONFIG, commit_sha: `c${i}`, metrics: { f1: 0.8, confidence: { mean: (i < 35 ? 0.9 : 0.8) + 0.01 * gaussian(random) } } })));
      const report = await measureDrift(testDeps(db), { model: "m1" });
      expect(report.confidence).toHaveLength(1);
      expect(report.confidence[0]!.metric).toBe("confidence.mean");
      expect(report.confidence[0]!.change_points.map((cp) => cp.commit_sha)).toEqual(["c35"]);
    });

    it("suggests thresholds from measured noise, and skips configs with too few runs", async () => {
      const random = seededRandom(13);
      await push(Array.from({ length: 40 }, (_, i) => ({ ...CONFIG, commit_sha: `n${i}`, metrics: { f1: 0.9 + 0.01 * gaussian(random), latency_ms: 500 * (1 + 0.02 * gaussian(random)) } })));
      await push([{ ...CONFIG, model_version: "young", commit_sha: "y", metrics: { f1: 0.5 } }]);
      const report = await suggestThresholds(testDeps(db), { window: 50, project: EMPTY_PROJECT_CONFIG });
      const f1 = report.suggestions.find((s) => s.metric === "f1")!;
      expect(f1.runs).toBe(40);
      expect(f1.noise_sd).toBeGreaterThan(0.006);
      expect(f1.noise_sd).toBeLessThan(0.015);
      expect(f1.suggested.absolute!).toBeGreaterThanOrEqual(3 * f1.noise_sd);
      const latency = report.suggestions.find((s) => s.metric === "latency_ms")!;
      expect(latency.suggested.relative!).toBeGreaterThan(0.03);
      expect(latency.suggested.relative!).toBeLessThan(0.1);
      expect(report.skipped).toEqual([{ ...CONFIG, model_version: "young", metric: "f1", runs: 1 }]);
      expect(report.config.configs[0]).toEqual({ match: CONFIG, metrics: { f1: { threshold: f1.suggested }, latency_ms: { threshold: latency.suggested } } });
    });
  });
}
