import { UnavailableError, InvalidInputError } from "../core/errors.js";

/** Where the pull-request comment goes (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL). */
export interface GitHubTarget {
  apiUrl: string;
  token: string;
  repository: string;
}

/** The hidden marker that finds benchledger's comment again on every push. */
export const COMMENT_MARKER = "<!-- benchledger:check-report -->";

interface IssueComment {
  id: number;
  body?: string;
}

/**
 * Puts the report on the pull request as one comment: found again by its hidden marker
 * and edited on every later push, so a pull request never gets a second one.
 */
export async function upsertPullRequestComment(
  target: GitHubTarget,
  pullRequest: number,
  report: string,
): Promise<{ action: "created" | "updated"; id: number }> {
  const body = `${COMMENT_MARKER}\n${report}`;
  const existing = await findMarkedComment(target, pullRequest);
  if (existing) {
    await github(target, "PATCH", `/repos/${target.repository}/issues/comments/${existing.id}`, { body });
    return { action: "updated", id: existing.id };
  }
  const created = await github<IssueComment>(target, "POST", `/repos/${target.repository}/issues/${pullRequest}/comments`, { body });
  return { action: "created", id: created.id };
}

async function findMarkedComment(target: GitHubTarget, pullRequest: number): Promise<IssueComment | null> {
  for (let page = 1; page <= 20; page += 1) {
    const comments = await github<IssueComment[]>(target, "GET", `/repos/${target.repository}/issues/${pullRequest}/comments?per_page=100&page=${page}`);
    const marked = comments.find((c) => c.body?.includes(COMMENT_MARKER));
    if (marked) return marked;
    if (comments.length < 100) return null;
  }
  return null;
}

async function github<T>(target: GitHubTarget, method: string, path: string, body?: object): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${target.apiUrl.replace(/\/$/, "")}${path}`, {
      method,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${target.token}`,
        "x-github-api-version": "2022-11-28",
        "user-agent": "benchledger",
        ...(body ? { "content-type": "application/json" } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new UnavailableError("GITHUB_UNREACHABLE", `Cannot reach the GitHub API at ${target.apiUrl}: ${(error as Error).message}`,
      "Check GITHUB_API_URL and the network.", { cause: error });
  }
  if (!response.ok) {
    throw new UnavailableError("GITHUB_ERROR", `GitHub answered ${method} ${path} with ${response.status}: ${(await response.text()).slice(0, 300)}`,
      response.status === 401 || response.status === 403 || response.status === 404
        ? "Check that GITHUB_TOKEN may write pull-request comments (permissions: pull-requests: write) on GITHUB_REPOSITORY."
        : "Try again later.");
  }
  return (await response.json()) as T;
}

/** The target from the environment's values; an error saying what is missing. */
export function gitHubTarget(values: { token?: string; repository?: string; apiUrl?: string }): GitHubTarget {
  if (!values.token || !values.repository) {
    throw new InvalidInputError("GITHUB_NOT_CONFIGURED", "--pr-comment needs GITHUB_TOKEN and GITHUB_REPOSITORY (owner/name).",
      "In GitHub Actions pass GITHUB_TOKEN to the step (env: GITHUB_TOKEN: ${{ github.token }}); GITHUB_REPOSITORY is set already.");
  }
  return { token: values.token, repository: values.repository, apiUrl: values.apiUrl || "https://api.github.com" };
}
