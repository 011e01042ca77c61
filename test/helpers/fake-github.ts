import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for GitHub's REST API (https://docs.github.com/en/rest/issues) for one
 * repository, on loopback: issues (pull requests are issues too, with `pull_request`) and
 * their comments, kept in memory. Every request is checked against the shape GitHub
 * documents (headers, query parameters, bodies); what is wrong is recorded in the call's
 * `problems`, and bodies GitHub would refuse get its 4xx answer. Tests assert the exact
 * calls and that no call had a problem.
 */

export interface FakeIssue {
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  state: "open" | "closed";
  state_reason: "completed" | "not_planned" | "reopened" | null;
  /** Set on pull requests, which GitHub lists among the issues. */
  pull_request?: { url: string };
  created_at: string;
  closed_at: string | null;
}

export interface FakeComment {
  id: number;
  issue_number: number;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface FakeCall {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body (undefined when none was sent). */
  body: unknown;
  /** The status answered; 0 when the answer was dropped on purpose. */
  status: number;
  problems: string[];
}

export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
  /** The only token accepted (401 for any other). */
  token?: string;
  /** Answer the first `failFirst` requests with `failStatus` (default 502) without handling them. */
  failFirst?: number;
  failStatus?: number;
  /** Handle a request, then drop the connection without an answer (a lost answer). */
  dropAnswer?: (call: FakeCall) => boolean;
}

export interface FakeGitHub {
  url: string;
  repository: string;
  token: string;
  issues: FakeIssue[];
  comments: FakeComment[];
  calls: FakeCall[];
  /** `METHOD /path?query -> status` for each call, in order. */
  log(): string[];
  /** Every problem of every call, each prefixed by its call. */
  problems(): string[];
  /** Adds an issue (or, with pull_request, a pull request) as if someone had opened it. */
  seedIssue(issue: Partial<FakeIssue> & { title: string }): FakeIssue;
  seedComment(issueNumber: number, body: string): FakeComment;
  /** Fails the next `count` requests with `status`. */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

const API_VERSION = "2022-11-28";
const MAX_BODY = 65_536;
const MAX_TITLE = 256;
const STATE_REASONS = ["completed", "not_planned", "reopened", null];
const CREATE_ISSUE_FIELDS = ["title", "body", "assignee", "milestone", "labels", "assignees", "type"];
const UPDATE_ISSUE_FIELDS = ["title", "body", "assignee", "state", "state_reason", "milestone", "labels", "assignees", "type"];

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const owner = options.owner ?? "acme";
  const repo = options.repo ?? "evals";
  const token = options.token ?? "test-token";
  const issues: FakeIssue[] = [];
  const comments: FakeComment[] = [];
  const calls: FakeCall[] = [];
  let failing = options.failFirst ?? 0;
  let failStatus = options.failStatus ?? 502;
  let nextCommentId = 5000;
  let clock = Date.parse("2025-01-01T00:00:00Z");
  const now = () => new Date((clock += 1000)).toISOString();
  let base = "";

  const issueJson = (issue: FakeIssue) => ({
    id: 100_000 + issue.number,
    node_id: `I_${issue.number}`,
    url: `${base}/repos/${owner}/${repo}/issues/${issue.number}`,
    html_url: `https://github.com/${owner}/${repo}/${issue.pull_request ? "pull" : "issues"}/${issue.number}`,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.state_reason,
    user: { login: "benchledger-bot", id: 1, type: "Bot" },
    labels: issue.labels.map((name, i) => ({ id: 900 + i, name, color: "ededed", default: false, description: null })),
    comments: comments.filter((c) => c.issue_number === issue.number).length,
    created_at: issue.created_at,
    updated_at: issue.closed_at ?? issue.created_at,
    closed_at: issue.closed_at,
    ...(issue.pull_request ? { pull_request: issue.pull_request } : {}),
  });
  const commentJson = (comment: FakeComment) => ({
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url: `${base}/repos/${owner}/${repo}/issues/comments/${comment.id}`,
    html_url: `https://github.com/${owner}/${repo}/issues/${comment.issue_number}#issuecomment-${comment.id}`,
    issue_url: `${base}/repos/${owner}/${repo}/issues/${comment.issue_number}`,
    body: comment.body,
    user: { login: "benchledger-bot", id: 1, type: "Bot" },
    created_at: comment.created_at,
    updated_at: comment.updated_at,
  });

  const seedIssue = (partial: Partial<FakeIssue> & { title: string }): FakeIssue => {
    const issue: FakeIssue = {
      number: partial.number ?? issues.reduce((max, i) => Math.max(max, i.number), 0) + 1,
      body: null,
      labels: [],
      state: "open",
      state_reason: null,
      created_at: now(),
      closed_at: null,
      ...partial,
    };
    issues.push(issue);
    return issue;
  };
  const seedComment = (issueNumber: number, body: string): FakeComment => {
    const at = now();
    const comment = { id: nextCommentId++, issue_number: issueNumber, body, created_at: at, updated_at: at };
    comments.push(comment);
    return comment;
  };

  /** per_page and page as GitHub reads them: 30 by default, at most 100. */
  const paginate = <T>(items: T[], query: Record<string, string>, problems: string[]): T[] => {
    const perPage = query.per_page === undefined ? 30 : Number(query.per_page);
    const page = query.page === undefined ? 1 : Number(query.page);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) problems.push(`per_page must be 1 to 100, got ${query.per_page}`);
    if (!Number.isInteger(page) || page < 1) problems.push(`page must be 1 or more, got ${query.page}`);
    const size = Math.min(100, Math.max(1, Number.isInteger(perPage) ? perPage : 30));
    const start = (Math.max(1, Number.isInteger(page) ? page : 1) - 1) * size;
    return items.slice(start, start + size);
  };

  const handle = (method: string, path: string, query: Record<string, string>, body: unknown, problems: string[]): [number, unknown] => {
    const prefix = `/repos/${owner}/${repo}`;
    const repoMatch = /^\/repos\/[^/]+\/[^/]+(\/.*)?$/.exec(path);
    if (!repoMatch || !path.startsWith(`${prefix}/`) && path !== prefix) {
      problems.push(`no such endpoint: ${method} ${path}`);
      return [404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" }];
    }
    const rest = path.slice(prefix.length);
    const fields = (allowed: string[]) => {
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        problems.push("the body must be a JSON object");
        return null;
      }
      for (const key of Object.keys(body)) if (!allowed.includes(key)) problems.push(`unexpected field "${key}"`);
      return body as Record<string, unknown>;
    };
    const invalid = (message: string): [number, unknown] => {
      problems.push(message);
      return [422, { message: "Validation Failed", errors: [{ message }], documentation_url: "https://docs.github.com/rest" }];
    };
    const textField = (b: Record<string, unknown>, name: string, required: boolean, max: number): string | null | undefined | Error => {
      const value = b[name];
      if (value === undefined) return required ? new Error(`"${name}" is required`) : undefined;
      if (value === null && !required) return null;
      if (typeof value !== "string") return new Error(`"${name}" must be a string, got ${JSON.stringify(value)}`);
      if (required && value.trim() === "") return new Error(`"${name}" must not be empty`);
      if (value.length > max) return new Error(`"${name}" is too long (maximum is ${max} characters)`);
      return value;
    };

    // GET /repos/{owner}/{repo}/issues: open and closed issues and pull requests, newest first.
    if (rest === "/issues" && method === "GET") {
      const state = query.state ?? "open";
      if (!["open", "closed", "all"].includes(state)) problems.push(`state must be open, closed or all, got ${state}`);
      const wanted = query.labels ? query.labels.split(",").map((l) => l.trim()).filter(Boolean) : [];
      const listed = issues
        .filter((i) => state === "all" || i.state === state)
        .filter((i) => wanted.every((label) => i.labels.includes(label)))
        .sort((a, b) => b.number - a.number);
      return [200, paginate(listed, query, problems).map(issueJson)];
    }
    // POST /repos/{owner}/{repo}/issues
    if (rest === "/issues" && method === "POST") {
      const b = fields(CREATE_ISSUE_FIELDS);
      if (!b) return invalid("the body must be a JSON object");
      const title = textField(b, "title", true, MAX_TITLE);
      if (title instanceof Error) return invalid(title.message);
      const text = textField(b, "body", false, MAX_BODY);
      if (text instanceof Error) return invalid(text.message);
      if (b.labels !== undefined && (!Array.isArray(b.labels) || b.labels.some((l) => typeof l !== "string" || l.trim() === ""))) {
        return invalid(`"labels" must be an array of label names, got ${JSON.stringify(b.labels)}`);
      }
      const issue = seedIssue({ title: title!, body: text ?? null, labels: [...new Set((b.labels as string[] | undefined) ?? [])] });
      return [201, issueJson(issue)];
    }
    const one = /^\/issues\/(\d+)$/.exec(rest);
    if (one && (method === "GET" || method === "PATCH")) {
      const issue = issues.find((i) => i.number === Number(one[1]));
      if (!issue) return [404, { message: "Not Found" }];
      if (method === "GET") return [200, issueJson(issue)];
      // PATCH /repos/{owner}/{repo}/issues/{issue_number}
      const b = fields(UPDATE_ISSUE_FIELDS);
      if (!b) return invalid("the body must be a JSON object");
      if (b.state !== undefined && b.state !== "open" && b.state !== "closed") return invalid(`"state" must be open or closed, got ${JSON.stringify(b.state)}`);
      if (b.state_reason !== undefined && !STATE_REASONS.includes(b.state_reason as string | null)) {
        return invalid(`"state_reason" must be completed, not_planned, reopened or null, got ${JSON.stringify(b.state_reason)}`);
      }
      if ((b.state_reason === "completed" || b.state_reason === "not_planned") && (b.state ?? issue.state) !== "closed") {
        problems.push(`state_reason ${String(b.state_reason)} on an issue left open`);
      }
      const title = textField(b, "title", false, MAX_TITLE);
      if (title instanceof Error) return invalid(title.message);
      const text = textField(b, "body", false, MAX_BODY);
      if (text instanceof Error) return invalid(text.message);
      if (typeof title === "string") issue.title = title;
      if (text !== undefined) issue.body = text;
      if (b.state === "closed" && issue.state === "open") issue.closed_at = now();
      if (b.state === "open") issue.closed_at = null;
      if (b.state !== undefined) issue.state = b.state as FakeIssue["state"];
      if (b.state_reason !== undefined) issue.state_reason = b.state_reason as FakeIssue["state_reason"];
      else if (b.state === "closed") issue.state_reason = "completed";
      return [200, issueJson(issue)];
    }
    // GET and POST /repos/{owner}/{repo}/issues/{issue_number}/comments (a pull request's too)
    const thread = /^\/issues\/(\d+)\/comments$/.exec(rest);
    if (thread && (method === "GET" || method === "POST")) {
      const issue = issues.find((i) => i.number === Number(thread[1]));
      if (!issue) return [404, { message: "Not Found" }];
      if (method === "GET") {
        const listed = comments.filter((c) => c.issue_number === issue.number).sort((a, b) => a.id - b.id);
        return [200, paginate(listed, query, problems).map(commentJson)];
      }
      const b = fields(["body"]);
      if (!b) return invalid("the body must be a JSON object");
      const text = textField(b, "body", true, MAX_BODY);
      if (text instanceof Error) return invalid(text.message);
      return [201, commentJson(seedComment(issue.number, text!))];
    }
    // PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}
    const edit = /^\/issues\/comments\/(\d+)$/.exec(rest);
    if (edit && method === "PATCH") {
      const comment = comments.find((c) => c.id === Number(edit[1]));
      if (!comment) return [404, { message: "Not Found" }];
      const b = fields(["body"]);
      if (!b) return invalid("the body must be a JSON object");
      const text = textField(b, "body", true, MAX_BODY);
      if (text instanceof Error) return invalid(text.message);
      comment.body = text!;
      comment.updated_at = now();
      return [200, commentJson(comment)];
    }
    problems.push(`no such endpoint: ${method} ${path}`);
    return [404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" }];
  };

  const server = http.createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const method = req.method ?? "";
      const problems: string[] = [];
      const query: Record<string, string> = {};
      for (const [key, value] of url.searchParams) {
        if (key in query) problems.push(`query parameter ${key} given twice`);
        query[key] = value;
      }
      const call: FakeCall = { method, path: url.pathname, query, body: undefined, status: 0, problems };
      calls.push(call);
      const answer = (status: number, payload: unknown) => {
        call.status = status;
        if (options.dropAnswer?.(call)) {
          call.status = 0;
          req.socket.destroy();
          return;
        }
        res.writeHead(status, { "content-type": "application/json; charset=utf-8", "x-github-api-version-selected": API_VERSION })
          .end(JSON.stringify(payload));
      };

      // Headers GitHub documents for every REST call.
      const auth = req.headers.authorization;
      if (auth === undefined) problems.push("no Authorization header");
      else if (!/^Bearer \S+$/.test(auth)) problems.push(`Authorization must be "Bearer <token>", got "${auth}"`);
      if (req.headers.accept !== "application/vnd.github+json") problems.push(`Accept must be application/vnd.github+json, got ${String(req.headers.accept)}`);
      if (!req.headers["user-agent"]) problems.push("no User-Agent header (GitHub refuses requests without one)");
      if (req.headers["x-github-api-version"] !== API_VERSION) problems.push(`X-GitHub-Api-Version must be ${API_VERSION}, got ${String(req.headers["x-github-api-version"])}`);
      const hasBody = raw.length > 0;
      if ((method === "POST" || method === "PATCH") && !hasBody) problems.push(`${method} without a body`);
      if (method === "GET" && hasBody) problems.push("GET with a body");
      if (hasBody && !/^application\/json\b/.test(String(req.headers["content-type"] ?? ""))) {
        problems.push(`Content-Type must be application/json on a body, got ${String(req.headers["content-type"])}`);
      }
      if (hasBody) {
        try {
          call.body = JSON.parse(raw);
        } catch {
          problems.push("the body is not JSON");
          return answer(400, { message: "Problems parsing JSON" });
        }
      }

      if (failing > 0) {
        failing -= 1;
        return answer(failStatus, { message: "Server Error" });
      }
      if (auth !== `Bearer ${token}`) return answer(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" });
      const [status, payload] = handle(method, url.pathname, query, call.body, problems);
      answer(status, payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    repository: `${owner}/${repo}`,
    token,
    issues,
    comments,
    calls,
    log: () => calls.map((c) => {
      const q = new URLSearchParams(c.query).toString();
      return `${c.method} ${c.path}${q ? `?${q}` : ""} -> ${c.status}`;
    }),
    problems: () => calls.flatMap((c) => c.problems.map((p) => `${c.method} ${c.path}: ${p}`)),
    seedIssue,
    seedComment,
    failNext(count: number, status = 502) {
      failing = count;
      failStatus = status;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
