import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropTestDatabases, testBackends } from "../helpers/backends.js";
import { runCli, tempDir, writeJson } from "../helpers/cli.js";

const backends = await testBackends();
afterAll(dropTestDatabases);

const config = { model_version: "m-pr", dataset_version: "d", prompt_version: "p", environment: "ci" };
const sha = (c: string) => c.repeat(40);
const [A, B, P, Q] = [sha("a"), sha("b"), sha("e"), sha("f")];

const kinds = backends.some((b) => b.name === "postgres") ? (["embedded", "postgres"] as const) : (["embedded"] as const);

/** Runs git in `cwd` with a fixed identity, failing the test on an error. */
function git(cwd: string, ...args: string[]): string {
  const result = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

describe.each(kinds)("benchledger check of a pull request's runs through the CLI (%s)", (kind) => {
  let db: string;
  let dir: string;
  const cli = (args: string[], env: Record<string, string> = {}, cwd = dir) => runCli([...args, "--db", db], { cwd, env });
  const push = async (name: string, commit: string, f1: number, args: string[] = [], env: Record<string, string> = {}) => {
    const result = await cli(["push", writeJson(dir, `${name}.json`, { ...config, commit_sha: commit, metrics: { f1 } }), "--json", ...args], env);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout).results[0] as { transaction_id: string; tracked: boolean };
  };

  beforeAll(async () => {
    dir = tempDir();
    db = kind === "embedded" ? path.join(dir, "store") : await backends.find((b) => b.name === "postgres")!.freshMigratedUrl!();
  });

  it("compares a pull request's run with --base-commit's main-line run, and without it with the newest tracked run", async () => {
    const runA = await push("a", A, 0.9);
    await push("q", Q, 0.5, ["--pr", "1"]);
    const runB = await push("b", B, 0.8);
    const runP = await push("p", P, 0.89, ["--pr", "2"]);
    expect([runA.tracked, runB.tracked, runP.tracked]).toEqual([true, true, false]);

    const markdown = path.join(dir, "pr.md");
    const atBase = await cli(["check", "--commit", P, "--base-commit", A.slice(0, 12), "--json", "--markdown", markdown]);
    expect(atBase.code, atBase.stderr).toBe(1); // 0.01 below A: a regression at the threshold
    const report = JSON.parse(atBase.stdout);
    expect(report).toMatchObject({ base_commit: A, verdict: "regression" });
    expect(report.findings.find((f: { metric: string }) => f.metric === "f1")).toMatchObject({
      baseline_source: "merge-base", baseline: 0.9, current: 0.89, baseline_transaction_id: runA.transaction_id,
    });
    expect(fs.readFileSync(markdown, "utf8")).toContain("compared with the base branch at `aaaaaaaaaaaa` (merge base)");

    const table = await cli(["check", "--commit", P, "--base-commit", A, "--no-record"]);
    expect(table.stdout).toMatch(/regression .*f1 .*0\.9 .*merge-base .*0\.89/);

    const tracked = await cli(["check", "--commit", P, "--json"]);
    expect(tracked.code, tracked.stderr).toBe(0);
    const trackedReport = JSON.parse(tracked.stdout);
    expect(trackedReport.base_commit).toBeNull();
    expect(trackedReport.findings[0]).toMatchObject({ baseline_source: "previous", baseline: 0.8, verdict: "improvement", baseline_transaction_id: runB.transaction_id });
  });

  it("takes GitLab's CI_MERGE_REQUEST_DIFF_BASE_SHA as the merge base", async () => {
    const gitlab = {
      GITLAB_CI: "true", CI_COMMIT_SHA: sha("1"), CI_MERGE_REQUEST_IID: "7", CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "feature",
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "main", CI_MERGE_REQUEST_DIFF_BASE_SHA: A, CI_DEFAULT_BRANCH: "main",
    };
    const run = await push("gitlab", sha("1"), 0.95, [], gitlab);
    expect(run.tracked).toBe(false);
    const result = await cli(["check", "--json"], gitlab);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ commit_sha: sha("1"), base_commit: A, base_branch: "main", verdict: "improvement" });
    expect(report.findings[0]).toMatchObject({ baseline_source: "merge-base", baseline: 0.9, current: 0.95 });
  });

  it("asks local git for the merge base with origin/$GITHUB_BASE_REF on GitHub Actions", async () => {
    const repo = tempDir("benchledger-git-");
    git(repo, "init", "-q", "-b", "main");
    git(repo, "commit", "-q", "--allow-empty", "-m", "base");
    const base = git(repo, "rev-parse", "HEAD");
    git(repo, "checkout", "-q", "-b", "feature");
    git(repo, "commit", "-q", "--allow-empty", "-m", "change");
    const head = git(repo, "rev-parse", "HEAD");
    git(repo, "checkout", "-q", "main");
    git(repo, "commit", "-q", "--allow-empty", "-m", "later on main");
    const later = git(repo, "rev-parse", "HEAD");
    git(repo, "update-ref", "refs/remotes/origin/main", later);
    git(repo, "checkout", "-q", "feature");

    await push("gh-base", base, 0.7);
    await push("gh-later", later, 0.5);
    const github = {
      GITHUB_ACTIONS: "true", GITHUB_SHA: head, GITHUB_REF: "refs/pull/3/merge", GITHUB_HEAD_REF: "feature", GITHUB_BASE_REF: "main",
    };
    expect((await push("gh-pr", head, 0.7, [], github)).tracked).toBe(false);
    const result = await cli(["check", "--json"], github, repo);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ commit_sha: head, base_commit: base, base_branch: "main", verdict: "ok" });
    expect(report.findings[0]).toMatchObject({ baseline_source: "merge-base", baseline: 0.7 });

    // Without the base branch in local git (a shallow checkout): the tracked line's newest run.
    git(repo, "update-ref", "-d", "refs/remotes/origin/main");
    const shallow = JSON.parse((await cli(["check", "--json", "--no-record"], github, repo)).stdout);
    expect(shallow.base_commit).toBeNull();
    expect(shallow.findings[0]).toMatchObject({ baseline_source: "previous", baseline: 0.5 });
  });

  it("documents --base-commit and the merge-base comparison in --help", async () => {
    const help = await runCli(["check", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--base-commit <sha>");
    expect(help.stdout).toMatch(/Pull-request runs[\s\S]*merge-base\s+commit/);
  });
});
