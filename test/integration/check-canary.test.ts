import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_PROJECT_CONFIG } from "../../src/core/project-config.js";
import { checkRuns } from "../../src/service/check-runs.js";
import type { Deps } from "../../src/service/deps.js";
import { pushResults } from "../../src/service/push-results.js";
import type { Db } from "../../src/store/db.js";
import { dropTestDatabases, testBackends, testDeps } from "../helpers/backends.js";

const backends = await testBackends();
afterAll(dropTestDatabases);

const CONFIG = { model_version: "gpt-4o-2024-08-06", dataset_version: "medqa-frozen", prompt_version: "p1", environment: "canary" };

/**
 * A scheduled canary runs a pinned config on an unchanged main line: every day's run has the
 * same commit, from a different CI run. Each day is an observation of its own, not another
 * sample of the first day's evaluation.
 */
for (const backend of backends) {
  describe(`${backend.name}: runs at one commit from different CI runs`, () => {
    let db: Db;
    beforeEach(async () => {
      db = await backend.freshMigratedDb();
    });
    afterEach(async () => {
      await db.close();
    });

    const fromCiRun = (id: string | null): Deps => ({ ...testDeps(db), ci: { environment: null, commit_sha: null, branch_name: null, run_url: id === null ? null : `https://github.com/acme/evals/actions/runs/${id}` } });
    const push = (deps: Deps, f1: number, created_at: string) =>
      pushResults(deps, [{ name: "r.json", text: JSON.stringify({ ...CONFIG, commit_sha: "cafe1234", created_at, metrics: { f1 } }) }]);

    it("judge a sudden drop on day seven as a regression of that day, not a dip in a seven-day average", async () => {
      const days = [0.842, 0.845, 0.84, 0.843, 0.841, 0.844];
      for (const [i, f1] of days.entries()) await push(fromCiRun(String(100 + i)), f1, `2026-11-0${i + 1}T06:00:00Z`);
      await push(fromCiRun("107"), 0.7, "2026-11-07T06:00:00Z");
      const report = await checkRuns(testDeps(db), { commit: "cafe1234", project: EMPTY_PROJECT_CONFIG });
      const [f1] = report.findings;
      expect(f1).toMatchObject({ metric: "f1", verdict: "regression", current: 0.7 });
      expect(f1!.samples.current).toBe(1);
      expect(f1!.samples.history).toBe(6);
    });

    it("still pool the repeats one CI run pushed at one commit", async () => {
      await push(fromCiRun("200"), 0.9, "2026-11-01T06:00:00Z");
      for (const [i, f1] of [0.7, 0.71, 0.69].entries()) await push(fromCiRun("201"), f1, `2026-11-02T06:0${i}:00Z`);
      const report = await checkRuns(testDeps(db), { commit: "cafe1234", project: EMPTY_PROJECT_CONFIG });
      expect(report.findings[0]!.samples.current).toBe(3);
      expect(report.findings[0]!.baseline).toBeCloseTo(0.9);
    });

    it("pool every run at a commit pushed without a CI run, as before", async () => {
      for (const [i, f1] of [0.9, 0.7].entries()) await push(fromCiRun(null), f1, `2026-11-0${i + 1}T06:00:00Z`);
      const report = await checkRuns(testDeps(db), { commit: "cafe1234", project: EMPTY_PROJECT_CONFIG });
      expect(report.findings[0]).toMatchObject({ samples: { current: 2 }, baseline_source: "none" });
    });
  });
}
