import { githubRequest, type GitHubTarget } from "./github-api.js";

export { gitHubTarget, type GitHubTarget } from "./github-api.js";

const PERMISSION = "pull-requests: write";

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
    await githubRequest(target, "PATCH", `/repos/${target.repository}/issues/comments/${existing.id}`, { body }, PERMISSION);
    return { action: "updated", id: existing.id };
  }
  const created = await githubRequest<IssueComment>(target, "POST", `/repos/${target.repository}/issues/${pullRequest}/comments`, { body }, PERMISSION);
  return { action: "created", id: created.id };
}

async function findMarkedComment(target: GitHubTarget, pullRequest: number): Promise<IssueComment | null> {
  for (let page = 1; page <= 20; page += 1) {
    const comments = await githubRequest<IssueComment[]>(target, "GET", `/repos/${target.repository}/issues/${pullRequest}/comments?per_page=100&page=${page}`, undefined, PERMISSION);
    const marked = comments.find((c) => c.body?.includes(COMMENT_MARKER));
    if (marked) return marked;
    if (comments.length < 100) return null;
  }
  return null;
}
