import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_PROJECT_CONFIG } from "../../src/core/project-config.js";
import type { RunContext } from "../../src/core/run-context.js";
import type { Db } from "../../src/store/db.js";
import { checkRuns, type CheckOptions } from "../../src/service/check-runs.js";
import type { Deps } from "../../src/service/deps.js";
import { pushResults } from "../../src/service/push-results.js";
import { setBaseline } from "../../src/service/snapshot-versions.js";
import { dropTestDatabases, testBackends, testDeps } from "../helpers/backends.js";

const backends = await testBackends();
afterAll(dropTestDatabases);

const CONFIG = { model_version: "m1", dataset_version: "d1", prompt_version: "p1", environment: "ci" };
const sha = (c: string) => c.repeat(40);
const [A, B, C, P, Q] = ["a", "b", "c", "e", "f"].map(sha) as [string, string, string, string, string];

type Check = Awaited<ReturnType<typeof checkRuns>>;
const f1 = (report: Check) => report.findings.find((f) => f.metric === "f1")!;

for (const backend of backends) {
  describe(`${backend.name}: check compares pull-request runs with the base branch at the merge base`, () => {
    let db: Db;
    beforeEach(async () => {
      db = await backend.freshMigratedDb();
    });
    afterEach(async () => {
      await db.close();
    });

    /** A run of the main line (tracked). */
    async function pushMain(commit: string, value: number) {
      const [outcome] = await pushResults(testDeps(db), [{ name: "main.json", text: JSON.stringify({ ...CONFIG, commit_sha: commit, metrics: { f1: value } }) }]);
      expect(outcome!.tracked).toBe(true);
      return outcome!.transaction_id;
    }
    /** A pull request's run (untracked). */
    async function pushPr(commit: string, value: number, pullRequest: number) {
      const [outcome] = await pushResults(testDeps(db), [{ name: "pr.json", text: JSON.stringify({ ...CONFIG, commit_sha: commit, metrics: { f1: value } }) }], { pull_request: pullRequest });
      expect(outcome!.tracked).toBe(false);
      return outcome!.transaction_id;
    }
    const check = (commit: string, extra: Partial<CheckOptions> = {}, deps: Deps = testDeps(db)) =>
      checkRuns(deps, { commit, project: EMPTY_PROJECT_CONFIG, ...extra });
    const depsWith = (ci: Partial<RunContext>, readMergeBase?: Deps["readMergeBase"]): Deps => {
      const base = testDeps(db);
      return { ...base, ci: { ...base.ci, ...ci }, ...(readMergeBase ? { readMergeBase } : {}) };
    };

    /** Main: A (0.90), then B (0.80); an earlier pull request's run at Q (0.50); the pull request's run at P (0.89). */
    async function mainLineAndPullRequests() {
      const runA = await pushMain(A, 0.9);
      await pushPr(Q, 0.5, 1);
      const runB = await pushMain(B, 0.8);
      const runP = await pushPr(P, 0.89, 2);
      return { runA, runB, runP };
    }

    it("compares a pull request's run with the main-line run at its merge base, not a later main commit or another pull request", async () => {
      const { runA, runP } = await mainLineAndPullRequests();
      const report = await check(P, { baseCommit: A });
      expect(report.base_commit).toBe(A);
      expect(f1(report)).toMatchObject({
        transaction_id: runP, baseline_source: "merge-base", baseline_transaction_id: runA,
        baseline: 0.9, current: 0.89, samples: { current: 1, baseline: 1, history: 1, examples: null },
      });
      expect(f1(report).delta).toBeCloseTo(-0.01, 10);
      // Against B (0.80) it would be an improvement; against A it is 0.01 worse: at the threshold, a regression.
      expect(f1(report).verdict).toBe("regression");
    });

    it("completes a prefix of the merge base, and takes it from the CI (GitLab's CI_MERGE_REQUEST_DIFF_BASE_SHA)", async () => {
      const { runA } = await mainLineAndPullRequests();
      const byPrefix = await check(P, { baseCommit: A.slice(0, 10) });
      expect(byPrefix.base_commit).toBe(A);
      expect(f1(byPrefix)).toMatchObject({ baseline_source: "merge-base", baseline_transaction_id: runA });

      const fromCi = await check(P, {}, depsWith({ environment: "gitlab-ci", merge_base: A, base_ref: "main" }));
      expect(fromCi).toMatchObject({ base_commit: A, base_branch: "main" });
      expect(f1(fromCi)).toMatchObject({ baseline_source: "merge-base", baseline_transaction_id: runA, baseline: 0.9 });

      // --base-commit wins over the CI's.
      const given = await check(P, { baseCommit: B }, depsWith({ merge_base: A }));
      expect(f1(given)).toMatchObject({ baseline_source: "merge-base", baseline: 0.8 });
    });

    it("asks local git for the merge base with the CI's base branch (GitHub Actions), only for untracked runs", async () => {
      const { runA } = await mainLineAndPullRequests();
      const asked: [string, string][] = [];
      const readMergeBase = async (commit: string, baseRef: string) => {
        asked.push([commit, baseRef]);
        return A;
      };
      const report = await check(P, {}, depsWith({ environment: "github-actions", base_ref: "main" }, readMergeBase));
      expect(asked).toEqual([[P, "main"]]);
      expect(report).toMatchObject({ base_commit: A, base_branch: "main" });
      expect(f1(report)).toMatchObject({ baseline_source: "merge-base", baseline_transaction_id: runA });

      asked.length = 0;
      const tracked = await check(B, {}, depsWith({ base_ref: "main" }, readMergeBase));
      expect(asked).toEqual([]);
      expect(tracked.base_commit).toBeNull();

      // git cannot say (a shallow clone): the tracked line, as without a merge base.
      const unknown = await check(P, {}, depsWith({ base_ref: "main" }, async () => null));
      expect(unknown.base_commit).toBeNull();
      expect(f1(unknown)).toMatchObject({ baseline_source: "previous", baseline: 0.8 });
    });

    it("judges the noise by the tracked history up to the merge-base run, not the main-line commits after it", async () => {
      const before = [0.9, 0.91, 0.89, 0.9, 0.905, 0.895];
      for (const [i, value] of before.entries()) await pushMain(sha(String(i)), value);
      const runA = await pushMain(A, 0.9);
      await pushPr(Q, 0.3, 1);
      for (const [i, value] of [0.8, 0.6, 0.95, 0.7, 0.85, 0.65].entries()) await pushMain(sha(String.fromCharCode(0x67 + i)), value);
      await pushPr(P, 0.89, 2);
      const report = await check(P, { baseCommit: A });
      // Six runs before A and A itself; none of the six later, noisier main commits, nor Q.
      expect(f1(report)).toMatchObject({ baseline_source: "merge-base", baseline_transaction_id: runA, baseline: 0.9, method: "history-t_test" });
      expect(f1(report).samples.history).toBe(7);
      // 0.01 below A: beyond the threshold, but within the noise of the main line up to A.
      expect(f1(report).verdict).toBe("inconclusive");

      const tracked = await check(sha("l"));
      expect(f1(tracked).samples.history).toBe(12); // a tracked run keeps the whole history before it
    });

    it("without a merge base compares with the tracked line: the marked baseline, else the newest tracked run", async () => {
      const { runA, runB } = await mainLineAndPullRequests();
      const newest = await check(P);
      expect(newest.base_commit).toBeNull();
      expect(f1(newest)).toMatchObject({ baseline_source: "previous", baseline_transaction_id: runB, baseline: 0.8, verdict: "improvement" });

      await setBaseline(testDeps(db), { model: "m1" }, 1);
      const marked = await check(P);
      expect(f1(marked)).toMatchObject({ baseline_source: "baseline", baseline_transaction_id: runA, baseline: 0.9 });
    });

    it("never compares with an untracked run: a merge base with only pull-request runs falls back to the tracked line", async () => {
      const { runB } = await mainLineAndPullRequests();
      // Q has only a pull request's run.
      const report = await check(P, { baseCommit: Q });
      expect(report.base_commit).toBe(Q);
      expect(f1(report)).toMatchObject({ baseline_source: "previous", baseline_transaction_id: runB, baseline: 0.8 });
      // A pull request whose runs are all that exists: nothing to compare with, not the other pull request.
      await db.close();
      db = await backend.freshMigratedDb();
      await pushPr(Q, 0.5, 1);
      await pushPr(P, 0.89, 2);
      const alone = await check(P, { baseCommit: Q });
      expect(f1(alone)).toMatchObject({ baseline_source: "none", baseline: null, baseline_transaction_id: null });
    });

    it("leaves untracked runs at the merge-base commit out of the baseline's samples", async () => {
      // A branch other than the tracked one measured the same commit first: recorded, untracked.
      const [branchRun] = await pushResults(testDeps(db), [{ name: "b.json", text: JSON.stringify({ ...CONFIG, commit_sha: A, metrics: { f1: 0.5 }, run_key: "branch" }) }],
        { branch_name: "feature", tracked_branch: "main" });
      expect(branchRun!.tracked).toBe(false);
      const runA = await pushMain(A, 0.9);
      await pushPr(P, 0.89, 2);
      const report = await check(P, { baseCommit: A });
      expect(f1(report)).toMatchObject({ baseline_source: "merge-base", baseline_transaction_id: runA, baseline: 0.9, samples: { baseline: 1 } });
    });

    it("keeps a tracked run's comparison as it was, whatever the merge base", async () => {
      await pushMain(A, 0.9);
      const runB = await pushMain(B, 0.8);
      await pushMain(C, 0.85);
      const report = await check(C, { baseCommit: A }, depsWith({ merge_base: A, base_ref: "main" }));
      expect(report.base_commit).toBeNull();
      expect(f1(report)).toMatchObject({ baseline_source: "previous", baseline_transaction_id: runB, baseline: 0.8 });
    });

    it("refuses an empty --base-commit", async () => {
      await mainLineAndPullRequests();
      await expect(check(P, { baseCommit: " " })).rejects.toMatchObject({ code: "EMPTY_BASE_COMMIT" });
    });
  });
}
