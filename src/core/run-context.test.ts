import { describe, expect, it } from "vitest";
import {
  DEFAULT_ENVIRONMENT,
  DEFAULT_PROMPT_VERSION,
  detectCiContext,
  resolveRun,
  type RunContext,
  type RunOverrides,
} from "./run-context.js";
import type { BenchmarkResult } from "./types.js";

const SHA = "0123456789abcdef0123456789abcdef01234567";
const noContext: RunContext = { environment: null, commit_sha: null, branch_name: null };

describe("detectCiContext", () => {
  it.each<[string, Record<string, string | undefined>, RunContext]>([
    [
      "GitHub Actions, push",
      { GITHUB_ACTIONS: "true", GITHUB_SHA: SHA, GITHUB_REF_NAME: "main", GITHUB_HEAD_REF: "" },
      { environment: "github-actions", commit_sha: SHA, branch_name: "main" },
    ],
    [
      "GitHub Actions, push without GITHUB_HEAD_REF",
      { GITHUB_ACTIONS: "true", GITHUB_SHA: SHA, GITHUB_REF_NAME: "release/1.2" },
      { environment: "github-actions", commit_sha: SHA, branch_name: "release/1.2" },
    ],
    [
      "GitHub Actions, pull_request (head branch, not 42/merge)",
      { GITHUB_ACTIONS: "true", GITHUB_SHA: SHA, GITHUB_REF_NAME: "42/merge", GITHUB_HEAD_REF: "feature/x" },
      { environment: "github-actions", commit_sha: SHA, branch_name: "feature/x" },
    ],
    [
      "GitHub Actions with blank values",
      { GITHUB_ACTIONS: "true", GITHUB_SHA: "  ", GITHUB_REF_NAME: "", GITHUB_HEAD_REF: " \t" },
      { environment: "github-actions", commit_sha: null, branch_name: null },
    ],
    [
      "GitHub Actions with values padded by spaces",
      { GITHUB_ACTIONS: "true", GITHUB_SHA: ` ${SHA}\n`, GITHUB_HEAD_REF: " feature/y " },
      { environment: "github-actions", commit_sha: SHA, branch_name: "feature/y" },
    ],
    [
      "GitLab CI, push",
      { GITLAB_CI: "true", CI_COMMIT_SHA: SHA, CI_COMMIT_REF_NAME: "main" },
      { environment: "gitlab-ci", commit_sha: SHA, branch_name: "main" },
    ],
    [
      "GitLab CI, merge request",
      { GITLAB_CI: "true", CI_COMMIT_SHA: SHA, CI_COMMIT_REF_NAME: "refs/merge-requests/7/head", CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "feature/z" },
      { environment: "gitlab-ci", commit_sha: SHA, branch_name: "feature/z" },
    ],
    [
      "GitLab CI with a blank merge request branch",
      { GITLAB_CI: "true", CI_COMMIT_SHA: SHA, CI_COMMIT_REF_NAME: "main", CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "" },
      { environment: "gitlab-ci", commit_sha: SHA, branch_name: "main" },
    ],
    [
      "GitLab CI with nothing else set",
      { GITLAB_CI: "true" },
      { environment: "gitlab-ci", commit_sha: null, branch_name: null },
    ],
    ["no CI", {}, noContext],
    [
      "GitHub's variables without GITHUB_ACTIONS=true",
      { GITHUB_ACTIONS: "false", GITHUB_SHA: SHA, GITHUB_REF_NAME: "main" },
      noContext,
    ],
    [
      "GitLab's variables without GITLAB_CI=true",
      { GITLAB_CI: "", CI_COMMIT_SHA: SHA, CI_COMMIT_REF_NAME: "main" },
      noContext,
    ],
    ["a generic CI=true", { CI: "true" }, noContext],
    [
      "both (GitHub Actions wins)",
      { GITHUB_ACTIONS: "true", GITHUB_SHA: "aaa", GITHUB_REF_NAME: "gh", GITLAB_CI: "true", CI_COMMIT_SHA: "bbb", CI_COMMIT_REF_NAME: "gl" },
      { environment: "github-actions", commit_sha: "aaa", branch_name: "gh" },
    ],
  ])("%s", (_name, env, expected) => {
    const { environment, commit_sha, branch_name } = detectCiContext(env);
    expect({ environment, commit_sha, branch_name }).toEqual(expected);
  });
});

describe("detectCiContext: the base branch and merge base of a pull request", () => {
  it.each<[string, Record<string, string | undefined>, { base_ref: string | null; merge_base: string | null }]>([
    [
      "GitHub Actions, pull_request: the base branch; the merge base is left to local git",
      { GITHUB_ACTIONS: "true", GITHUB_SHA: SHA, GITHUB_REF: "refs/pull/42/merge", GITHUB_HEAD_REF: "feature/x", GITHUB_BASE_REF: "main" },
      { base_ref: "main", merge_base: null },
    ],
    [
      "GitHub Actions, push (GITHUB_BASE_REF is empty)",
      { GITHUB_ACTIONS: "true", GITHUB_SHA: SHA, GITHUB_REF_NAME: "main", GITHUB_BASE_REF: "" },
      { base_ref: null, merge_base: null },
    ],
    [
      "GitLab CI, merge request: the target branch and CI_MERGE_REQUEST_DIFF_BASE_SHA",
      {
        GITLAB_CI: "true", CI_COMMIT_SHA: SHA, CI_MERGE_REQUEST_IID: "7", CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "feature/z",
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "develop", CI_MERGE_REQUEST_DIFF_BASE_SHA: ` ${"b".repeat(40)}\n`,
      },
      { base_ref: "develop", merge_base: "b".repeat(40) },
    ],
    [
      "GitLab CI, branch pipeline (no merge request variables)",
      { GITLAB_CI: "true", CI_COMMIT_SHA: SHA, CI_COMMIT_REF_NAME: "main" },
      { base_ref: null, merge_base: null },
    ],
    [
      "GitLab CI with a blank CI_MERGE_REQUEST_DIFF_BASE_SHA",
      { GITLAB_CI: "true", CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "main", CI_MERGE_REQUEST_DIFF_BASE_SHA: "  " },
      { base_ref: "main", merge_base: null },
    ],
    [
      "GitLab's merge-request variables without GITLAB_CI=true",
      { CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "main", CI_MERGE_REQUEST_DIFF_BASE_SHA: SHA },
      { base_ref: null, merge_base: null },
    ],
    ["no CI", { GITHUB_BASE_REF: "main" }, { base_ref: null, merge_base: null }],
  ])("%s", (_name, env, expected) => {
    const { base_ref = null, merge_base = null } = detectCiContext(env);
    expect({ base_ref, merge_base }).toEqual(expected);
  });
});

describe("resolveRun", () => {
  const minimal: BenchmarkResult = { model_version: "gpt-4o-mini", dataset_version: "medqa-v2", metrics: { f1: 0.9 }, tags: [] };
  const noGit = { commit_sha: null, branch_name: null };

  it("fills the defaults when nothing says anything", () => {
    expect(resolveRun(minimal, {}, noContext, noGit)).toEqual({
      model_version: "gpt-4o-mini",
      dataset_version: "medqa-v2",
      prompt_version: DEFAULT_PROMPT_VERSION,
      environment: DEFAULT_ENVIRONMENT,
      commit_sha: null,
      branch_name: null,
      model_provider: null,
      metrics: { f1: 0.9 },
      units: null,
      directions: null,
      duration_seconds: null,
      tags: [],
      run_key: null,
      created_at: null,
      examples: null,
      tracked: true,
      pull_request: null,
      run_url: null,
      repository: null,
    });
    expect(DEFAULT_ENVIRONMENT).toBe("local");
    expect(DEFAULT_PROMPT_VERSION).toBe("default");
  });

  it("keeps a run of a pull request the file names out of the snapshots, and --pr wins over it", () => {
    expect(resolveRun({ ...minimal, pull_request: 50 }, {}, noContext, noGit)).toMatchObject({ tracked: false, pull_request: 50 });
    expect(resolveRun({ ...minimal, pull_request: 50 }, { pull_request: 7 }, noContext, noGit)).toMatchObject({ tracked: false, pull_request: 7 });
  });

  it("carries the result's own fields", () => {
    const createdAt = new Date("2026-11-26T12:00:00Z");
    const result: BenchmarkResult = {
      ...minimal,
      model_provider: "openai",
      prompt_version: "cot-v2",
      duration_seconds: 0,
      run_key: "ci-42",
      created_at: createdAt,
      examples: [{ id: "1", correct: true }],
      tags: ["nightly"],
    };
    expect(resolveRun(result, {}, noContext, noGit)).toMatchObject({
      prompt_version: "cot-v2",
      model_provider: "openai",
      duration_seconds: 0,
      run_key: "ci-42",
      created_at: createdAt,
      examples: [{ id: "1", correct: true }],
      tags: ["nightly"],
    });
  });

  type Source = "flags" | "result" | "ci" | "git" | "none";
  const sources = {
    flags: { environment: "flag-env", commit_sha: "flag-sha", branch_name: "flag-branch" },
    result: { environment: "result-env", commit_sha: "result-sha", branch_name: "result-branch" },
    ci: { environment: "ci-env", commit_sha: "ci-sha", branch_name: "ci-branch" },
    git: { commit_sha: "git-sha", branch_name: "git-branch" },
  };

  it.each<[string, Source[], { environment: string; commit_sha: string | null; branch_name: string | null }]>([
    ["everything: flags win", ["flags", "result", "ci", "git"], sources.flags],
    ["no flags: the result wins", ["result", "ci", "git"], sources.result],
    ["no flags or result fields: the CI wins", ["ci", "git"], sources.ci],
    ["only git: git, and the default environment", ["git"], { environment: "local", ...sources.git }],
    ["flags and git: flags win", ["flags", "git"], sources.flags],
    ["result and git: the result wins", ["result", "git"], sources.result],
    ["nothing: defaults", [], { environment: "local", commit_sha: null, branch_name: null }],
  ])("%s", (_name, given, expected) => {
    const result: BenchmarkResult = given.includes("result") ? { ...minimal, ...sources.result } : minimal;
    const overrides: RunOverrides = given.includes("flags") ? sources.flags : {};
    const ci = given.includes("ci") ? sources.ci : noContext;
    const git = given.includes("git") ? sources.git : noGit;
    const run = resolveRun(result, overrides, ci, git);
    expect({ environment: run.environment, commit_sha: run.commit_sha, branch_name: run.branch_name }).toEqual(expected);
  });

  it("resolves each field on its own", () => {
    const run = resolveRun(
      { ...minimal, commit_sha: "result-sha" },
      { branch_name: "flag-branch" },
      { environment: "ci-env", commit_sha: "ci-sha", branch_name: null },
      { commit_sha: "git-sha", branch_name: "git-branch" },
    );
    expect(run).toMatchObject({ environment: "ci-env", commit_sha: "result-sha", branch_name: "flag-branch" });
  });

  it("never takes the environment from git", () => {
    const run = resolveRun(minimal, {}, { environment: null, commit_sha: "ci-sha", branch_name: null }, { commit_sha: "git-sha", branch_name: "git-branch" });
    expect(run).toMatchObject({ environment: "local", commit_sha: "ci-sha", branch_name: null });
  });

  it.each<[string, RunOverrides, string | null]>([
    ["git's own commit", {}, "git-branch"],
    ["a commit given on the command line", { commit_sha: "other" }, null],
    ["git's commit given on the command line", { commit_sha: "git-sha" }, "git-branch"],
  ])("takes the branch from git only with git's commit: %s", (_name, overrides, branch) => {
    const noCi = { environment: null, commit_sha: null, branch_name: null };
    const run = resolveRun(minimal, overrides, noCi, { commit_sha: "git-sha", branch_name: "git-branch" });
    expect(run.branch_name).toBe(branch);
  });

  it.each<[string, string[], string[] | undefined, string[]]>([
    ["result tags only", ["nightly", "gpu"], undefined, ["nightly", "gpu"]],
    ["flag tags only", [], ["ci", "pr"], ["ci", "pr"]],
    ["both, in order", ["nightly"], ["gpu-a100"], ["nightly", "gpu-a100"]],
    ["a tag on both sides once", ["nightly", "gpu"], ["gpu", "pr", "nightly"], ["nightly", "gpu", "pr"]],
    ["duplicates within a side once", ["a", "a"], ["b", "b"], ["a", "b"]],
    ["neither", [], [], []],
  ])("merges tags: %s", (_name, resultTags, flagTags, expected) => {
    const overrides: RunOverrides = flagTags === undefined ? {} : { tags: flagTags };
    expect(resolveRun({ ...minimal, tags: resultTags }, overrides, noContext, noGit).tags).toEqual(expected);
  });

  it("does not change the result's tag array", () => {
    const tags = ["nightly"];
    const run = resolveRun({ ...minimal, tags }, { tags: ["pr"] }, noContext, noGit);
    expect(run.tags).toEqual(["nightly", "pr"]);
    expect(tags).toEqual(["nightly"]);
  });
});

describe("pull requests and the tracked branch", () => {
  const minimal: BenchmarkResult = { model_version: "gpt-4o-mini", dataset_version: "medqa-v2", metrics: { f1: 0.9 }, tags: [] };
  it("reads a GitHub pull request's number, repository and run URL", () => {
    const ci = detectCiContext({ GITHUB_ACTIONS: "true", GITHUB_REF: "refs/pull/42/merge", GITHUB_HEAD_REF: "fix", GITHUB_SHA: "abc",
      GITHUB_REPOSITORY: "acme/evals", GITHUB_RUN_ID: "7", GITHUB_SERVER_URL: "https://github.example" });
    expect(ci).toMatchObject({ pull_request: 42, repository: "acme/evals", run_url: "https://github.example/acme/evals/actions/runs/7", branch_name: "fix" });
  });

  it("reads a GitLab merge request and the default branch", () => {
    const ci = detectCiContext({ GITLAB_CI: "true", CI_MERGE_REQUEST_IID: "9", CI_DEFAULT_BRANCH: "main", CI_PROJECT_PATH: "acme/evals", CI_COMMIT_REF_NAME: "fix" });
    expect(ci).toMatchObject({ pull_request: 9, default_branch: "main", repository: "acme/evals" });
  });

  it.each<[string, { pull_request?: number; tracked_branch?: string }, string | undefined, boolean]>([
    ["a plain run", {}, undefined, true],
    ["a pull request's run", { pull_request: 3 }, undefined, false],
    ["the tracked branch", { tracked_branch: "main" }, "main", true],
    ["another branch", { tracked_branch: "main" }, "feature", false],
    ["no branch known", { tracked_branch: "main" }, undefined, true],
  ])("%s is tracked: %s", (_name, overrides, branch, tracked) => {
    const noContext = { environment: null, commit_sha: null, branch_name: null };
    const result = { ...minimal, ...(branch ? { branch_name: branch } : {}) };
    expect(resolveRun(result, overrides, noContext, { commit_sha: null, branch_name: null }).tracked).toBe(tracked);
  });
});
