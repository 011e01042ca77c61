import type { BenchmarkResult, RunToRecord } from "./types.js";

/** What the surroundings say about a run: the CI system, commit and branch. */
export interface RunContext {
  environment: string | null;
  commit_sha: string | null;
  branch_name: string | null;
}

/** Values given on the command line; they win over everything else. */
export interface RunOverrides {
  environment?: string;
  commit_sha?: string;
  branch_name?: string;
  tags?: string[];
}

export const DEFAULT_ENVIRONMENT = "local";
export const DEFAULT_PROMPT_VERSION = "default";

type EnvVars = Readonly<Record<string, string | undefined>>;

/**
 * Reads the CI's variables: GitHub Actions (pull requests name the head branch in
 * GITHUB_HEAD_REF) and GitLab CI (merge requests name the source branch). Returns null
 * fields where the environment says nothing.
 */
export function detectCiContext(env: EnvVars): RunContext {
  if (env.GITHUB_ACTIONS === "true") {
    return {
      environment: "github-actions",
      commit_sha: nonEmpty(env.GITHUB_SHA),
      branch_name: nonEmpty(env.GITHUB_HEAD_REF) ?? nonEmpty(env.GITHUB_REF_NAME),
    };
  }
  if (env.GITLAB_CI === "true") {
    return {
      environment: "gitlab-ci",
      commit_sha: nonEmpty(env.CI_COMMIT_SHA),
      branch_name: nonEmpty(env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME) ?? nonEmpty(env.CI_COMMIT_REF_NAME),
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
    duration_seconds: result.duration_seconds ?? null,
    tags: [...new Set([...result.tags, ...(overrides.tags ?? [])])],
    run_key: result.run_key ?? null,
    created_at: result.created_at ?? null,
    examples: result.examples ?? null,
  };
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
