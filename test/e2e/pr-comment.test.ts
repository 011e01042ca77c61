import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir, writeJson } from "../helpers/cli.js";

/** A stand-in for GitHub's REST API on loopback: issue comments, checking each request's shape. */
async function fakeGitHub() {
  const comments: { id: number; body: string }[] = [];
  const calls: { method: string; path: string; problems: string[] }[] = [];
  let nextId = 1000;
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const problems: string[] = [];
      if (req.headers.authorization !== "Bearer test-token") problems.push("authorization");
      if (req.headers.accept !== "application/vnd.github+json") problems.push("accept");
      if (!req.headers["user-agent"]) problems.push("user-agent");
      const url = new URL(req.url ?? "/", "http://x");
      calls.push({ method: req.method ?? "", path: url.pathname, problems });
      const send = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (req.method === "GET" && url.pathname === "/repos/acme/evals/issues/7/comments") return send(200, comments);
      if (req.method === "POST" && url.pathname === "/repos/acme/evals/issues/7/comments") {
        const body = JSON.parse(raw) as { body?: string };
        if (typeof body.body !== "string") return send(422, { message: "body is required" });
        const comment = { id: nextId++, body: body.body };
        comments.push(comment);
        return send(201, comment);
      }
      const patch = /^\/repos\/acme\/evals\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (req.method === "PATCH" && patch) {
        const comment = comments.find((c) => c.id === Number(patch[1]));
        if (!comment) return send(404, { message: "Not Found" });
        comment.body = (JSON.parse(raw) as { body: string }).body;
        return send(200, comment);
      }
      send(404, { message: "Not Found" });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, comments, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("check --pr-comment", () => {
  it("creates one comment on the pull request, finds it again by its marker and updates it", async () => {
    const github = await fakeGitHub();
    try {
      const dir = tempDir();
      const store = path.join(dir, "store");
      const config = { model_version: "m", dataset_version: "d", prompt_version: "p", environment: "ci" };
      expect((await runCli(["push", writeJson(dir, "a.json", { ...config, commit_sha: "main-1", metrics: { f1: 0.9 } }), "--db", store])).code).toBe(0);
      expect((await runCli(["push", writeJson(dir, "b.json", { ...config, commit_sha: "pr-1", metrics: { f1: 0.7 } }), "--pr", "7", "--db", store])).code).toBe(0);
      const env = { GITHUB_TOKEN: "test-token", GITHUB_REPOSITORY: "acme/evals", GITHUB_API_URL: github.url };
      // An unrelated comment is left alone.
      github.comments.push({ id: 1, body: "LGTM" });
      const first = await runCli(["check", "--commit", "pr-1", "--pr-comment", "--pr", "7", "--db", store], { env });
      expect(first.code, first.stderr).toBe(1); // the regression still fails the check
      expect(first.stderr).toContain("Pull request #7: comment created.");
      expect((await runCli(["push", writeJson(dir, "c.json", { ...config, commit_sha: "pr-2", metrics: { f1: 0.9 } }), "--pr", "7", "--db", store])).code).toBe(0);
      const second = await runCli(["check", "--commit", "pr-2", "--pr-comment", "--pr", "7", "--db", store], { env });
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toContain("Pull request #7: comment updated.");

      expect(github.comments).toHaveLength(2);
      expect(github.comments[1]!.body).toMatch(/^<!-- benchledger:check-report -->\n## benchledger: No regression/);
      expect(github.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
        "GET /repos/acme/evals/issues/7/comments", "POST /repos/acme/evals/issues/7/comments",
        "GET /repos/acme/evals/issues/7/comments", "PATCH /repos/acme/evals/issues/comments/1000"]);
      expect(github.calls.flatMap((c) => c.problems)).toEqual([]);
    } finally {
      await github.close();
    }
  });

  it("says what is missing without GITHUB_TOKEN", async () => {
    const dir = tempDir();
    const store = path.join(dir, "store");
    expect((await runCli(["push", writeJson(dir, "a.json", { model_version: "m", dataset_version: "d", commit_sha: "x1", metrics: { f1: 0.9 } }), "--db", store])).code).toBe(0);
    const result = await runCli(["check", "--commit", "x1", "--pr-comment", "--pr", "3", "--db", store], { env: { GITHUB_TOKEN: "", GITHUB_REPOSITORY: "" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--pr-comment needs GITHUB_TOKEN and GITHUB_REPOSITORY/);
  });
});
