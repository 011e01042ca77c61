import type { AlertPayload } from "../core/alerts/alert-payload.js";
import { alertMarker, incidentMarker, issueBody, issueComment, issueTitle } from "../core/alerts/github-issue.js";
import { githubRequest, type GitHubTarget } from "./github-api.js";

/** Where regressions become issues: the repository, the labels (the first finds them again), and whether a recovery closes them. */
export interface GitHubIssueSettings {
  target: GitHubTarget;
  labels: string[];
  closeOnRecovery: boolean;
}

interface Issue {
  number: number;
  body?: string | null;
  pull_request?: unknown;
}

interface IssueComment {
  id: number;
  body?: string;
}

export type IssueAction = "opened" | "commented" | "closed" | "nothing-open" | "already-posted";

/**
 * Delivers one alert as GitHub issues do it: a finding opens an issue for its config and
 * metric, or comments on the one already open; a recovery comments on the open issue and
 * closes it when so configured. Each alert's hidden marker makes a retried delivery a no-op.
 */
export async function deliverToGitHubIssue(
  settings: GitHubIssueSettings,
  alert: { id: string; payload: AlertPayload },
  dashboardUrl: string | null,
): Promise<IssueAction> {
  const { target } = settings;
  const context = { alertId: alert.id, dashboardUrl };
  const open = await findOpenIssue(settings, incidentMarker(alert.payload));
  if (alert.payload.event === "finding" && open === null) {
    await githubRequest(target, "POST", `/repos/${target.repository}/issues`,
      { title: issueTitle(alert.payload), body: issueBody(alert.payload, context), labels: settings.labels });
    return "opened";
  }
  if (open === null) return "nothing-open";
  const marker = alertMarker(alert.id);
  const posted = open.body?.includes(marker) || (await hasComment(target, open.number, marker));
  if (!posted) await githubRequest(target, "POST", `/repos/${target.repository}/issues/${open.number}/comments`, { body: issueComment(alert.payload, context) });
  if (alert.payload.event === "recovery" && settings.closeOnRecovery) {
    await githubRequest(target, "PATCH", `/repos/${target.repository}/issues/${open.number}`, { state: "closed", state_reason: "completed" });
    return "closed";
  }
  return posted ? "already-posted" : "commented";
}

/** The open issue of an incident: among open issues with benchledger's label, the one whose body holds the marker. */
async function findOpenIssue(settings: GitHubIssueSettings, marker: string): Promise<Issue | null> {
  const label = encodeURIComponent(settings.labels[0] ?? "benchledger");
  for (let page = 1; page <= 50; page += 1) {
    const issues = await githubRequest<Issue[]>(settings.target, "GET",
      `/repos/${settings.target.repository}/issues?state=open&labels=${label}&per_page=100&page=${page}`);
    const found = issues.find((issue) => issue.pull_request === undefined && issue.body?.includes(marker));
    if (found) return found;
    if (issues.length < 100) return null;
  }
  return null;
}

async function hasComment(target: GitHubTarget, issue: number, marker: string): Promise<boolean> {
  for (let page = 1; page <= 50; page += 1) {
    const comments = await githubRequest<IssueComment[]>(target, "GET", `/repos/${target.repository}/issues/${issue}/comments?per_page=100&page=${page}`);
    if (comments.some((c) => c.body?.includes(marker))) return true;
    if (comments.length < 100) return false;
  }
  return false;
}
