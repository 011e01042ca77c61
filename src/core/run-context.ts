import type { BenchmarkResult, RunToRecord } from "./types.js";

/** What the surroundings say about a run: the CI system, commit and branch. */
export interface RunContext {
  environment: string | null;
  commit_sha: string | null;
  branch_name: string | null;
  pull_request?: number | null;
  run_url?: string | null;
  repository?: string | null;
  /** The branch whose runs move the snapshots, when the CI says (GitLab's default branch). */
  default_branch?: string | null;
  /** The branch a pull (merge) request goes into: GITHUB_BASE_REF, CI_MERGE_REQUEST_TARGET_BRANCH_NAME. */
  base_ref?: string | null;
  /**
   * The merge-base commit of a merge request, when the CI names it (GitLab's
   * CI_MERGE_REQUEST_DIFF_BASE_SHA). GitHub names none: local git works it out from base_ref.
   */
  merge_base?: string | null;
}

/** Values given on the command line; they win over everything else. */
export interface RunOverrides {
  environment?: string;
  commit_sha?: string;
  branch_name?: string;
  tags?: string[];
  pull_request?: number;
  /** Only runs of this branch move the snapshots (default: the CI's default branch, else any). */
  tracked_branch?: string;
}

export const DEFAULT_ENVIRONMENT = "local";
export const DEFAULT_PROMPT_VERSION = "default";

type EnvVars = Readonly<Record<string, string | undefined>>;

/**
 * Reads the CI's variables: GitHub Actions (pull requests name the head branch in
 * GITHUB_HEAD_REF and the base branch in GITHUB_BASE_REF) and GitLab CI (merge requests
 * name the source and target branches, and the merge base in CI_MERGE_REQUEST_DIFF_BASE_SHA).
 * Returns null fields where the environment says nothing.
 */
export function detectCiContext(env: EnvVars): RunContext {
  if (env.GITHUB_ACTIONS === "true") {
    const pr = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? "");
    const repository = nonEmpty(env.GITHUB_REPOSITORY);
    return {
      environment: "github-actions",
      commit_sha: nonEmpty(env.GITHUB_SHA),
      branch_name: nonEmpty(env.GITHUB_HEAD_REF) ?? nonEmpty(env.GITHUB_REF_NAME),
      pull_request: pr ? Number(pr[1]) : null,
      repository,
      run_url: repository && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : null,
      default_branch: null,
      // Set on pull_request events only; empty on pushes.
      base_ref: nonEmpty(env.GITHUB_BASE_REF),
      merge_base: null,
    };
  }
  if (env.GITLAB_CI === "true") {
    const iid = nonEmpty(env.CI_MERGE_REQUEST_IID);
    return {
      environment: "gitlab-ci",
      commit_sha: nonEmpty(env.CI_COMMIT_SHA),
      branch_name: nonEmpty(env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME) ?? nonEmpty(env.CI_COMMIT_REF_NAME),
      pull_request: iid ? Number(iid) : null,
      repository: nonEmpty(env.CI_PROJECT_PATH),
      run_url: nonEmpty(env.CI_JOB_URL) ?? nonEmpty(env.CI_PIPELINE_URL),
      default_branch: nonEmpty(env.CI_DEFAULT_BRANCH),
      base_ref: nonEmpty(env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME),
      merge_base: nonEmpty(env.CI_MERGE_REQUEST_DIFF_BASE_SHA),
    };
  }
  return { environment: null, commit_sha: null, branch_name: null };
}

/**
 * Completes a result for recording. Each context field comes from the flags, else the
 * result, else the CI, else local git, else (environment only) "local".
 */
export function resolveRun(
  result: BenchmarkResult,
  overrides: RunOverrides,
  ci: RunContext,
  git: { commit_sha: string | null; branch_name: string | null },
): RunToRecord {
  return {
    model_version: result.model_version,
    dataset_version: result.dataset_version,
    prompt_version: result.prompt_version ?? DEFAULT_PROMPT_VERSION,
    environment: overrides.environment ?? result.environment ?? ci.environment ?? DEFAULT_ENVIRONMENT,
    commit_sha: overrides.commit_sha ?? result.commit_sha ?? ci.commit_sha ?? git.commit_sha,
    // Local git's branch only goes with local git's commit: never pair a given commit
    // with whatever branch happens to be checked out.
    branch_name: overrides.branch_name ?? result.branch_name ?? ci.branch_name ?? branchFromGit(result, overrides, ci, git),
    model_provider: result.model_provider ?? null,
    metrics: result.metrics,
    units: result.units ?? null,
    directions: result.directions ?? null,
    duration_seconds: result.duration_seconds ?? null,
    tags: [...new Set([...result.tags, ...(overrides.tags ?? [])])],
    run_key: result.run_key ?? null,
    created_at: result.created_at ?? null,
    examples: result.examples ?? null,
    ...trackingOf(result, overrides, ci, git),
  };
}

/**
 * Whether a run moves its config's snapshots: not a pull request's, and on the tracked
 * branch when one is known (--tracked-branch, else the CI's default branch).
 */
function trackingOf(
  result: BenchmarkResult,
  overrides: RunOverrides,
  ci: RunContext,
  git: { commit_sha: string | null; branch_name: string | null },
): Pick<RunToRecord, "tracked" | "pull_request" | "run_url" | "repository"> {
  const pullRequest = overrides.pull_request ?? result.pull_request ?? ci.pull_request ?? null;
  const branch = overrides.branch_name ?? result.branch_name ?? ci.branch_name ?? branchFromGit(result, overrides, ci, git);
  const trackedBranch = overrides.tracked_branch ?? ci.default_branch ?? null;
  const tracked = pullRequest === null && (trackedBranch === null || branch === null || branch === trackedBranch);
  return { tracked, pull_request: pullRequest, run_url: ci.run_url ?? null, repository: ci.repository ?? null };
}

function branchFromGit(
  result: BenchmarkResult,
  overrides: RunOverrides,
  ci: RunContext,
  git: { commit_sha: string | null; branch_name: string | null },
): string | null {
  const commit = overrides.commit_sha ?? result.commit_sha ?? ci.commit_sha ?? git.commit_sha;
  return commit !== null && commit === git.commit_sha ? git.branch_name : null;
}

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== "" ? value.trim() : null;
}
