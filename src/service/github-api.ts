import { InvalidInputError, UnavailableError } from "../core/errors.js";

/** GitHub's REST API for a repository: GITHUB_API_URL (GitHub Enterprise too), GITHUB_TOKEN, GITHUB_REPOSITORY. */
export interface GitHubTarget {
  apiUrl: string;
  token: string;
  repository: string;
}

/**
 * One call to GitHub's REST API with the headers it documents (Accept, Bearer token, API
 * version, User-Agent). Errors say what GitHub answered and, for refusals, which
 * permission the token needs.
 */
export async function githubRequest<T>(
  target: GitHubTarget,
  method: "GET" | "POST" | "PATCH",
  path: string,
  body?: object,
  permission = "issues: write",
): Promise<T> {
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
        ? `Check that GITHUB_TOKEN may write on GITHUB_REPOSITORY (permissions: ${permission}).`
        : "Try again later.");
  }
  return (await response.json()) as T;
}

/** The target from the environment's values; an error saying what is missing. */
export function gitHubTarget(values: { token?: string; repository?: string; apiUrl?: string }, needs = "--pr-comment"): GitHubTarget {
  if (!values.token || !values.repository) {
    throw new InvalidInputError("GITHUB_NOT_CONFIGURED", `${needs} needs GITHUB_TOKEN and GITHUB_REPOSITORY (owner/name).`,
      "In GitHub Actions pass GITHUB_TOKEN to the step (env: GITHUB_TOKEN: ${{ github.token }}); GITHUB_REPOSITORY is set already.");
  }
  if (!/^[\w.-]+\/[\w.-]+$/.test(values.repository)) {
    throw new InvalidInputError("BAD_GITHUB_REPOSITORY", `GITHUB_REPOSITORY must be owner/name, got "${values.repository}".`,
      "For example GITHUB_REPOSITORY=acme/evals.");
  }
  return { token: values.token, repository: values.repository, apiUrl: values.apiUrl || "https://api.github.com" };
}
