import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir, writeJson } from "../helpers/cli.js";
import { startFakeGitHub } from "../helpers/fake-github.js";

describe("check --pr-comment", () => {
  it("creates one comment on the pull request, finds it again by its marker and updates it", async () => {
    // A stand-in for GitHub's REST API on loopback that checks every request's method, path,
    // headers (token, Accept, API version, User-Agent, Content-Type) and body fields.
    const github = await startFakeGitHub();
    try {
      const dir = tempDir();
      const store = path.join(dir, "store");
      const config = { model_version: "m", dataset_version: "d", prompt_version: "p", environment: "ci" };
      expect((await runCli(["push", writeJson(dir, "a.json", { ...config, commit_sha: "main-1", metrics: { f1: 0.9 } }), "--db", store])).code).toBe(0);
      expect((await runCli(["push", writeJson(dir, "b.json", { ...config, commit_sha: "pr-1", metrics: { f1: 0.7 } }), "--pr", "7", "--db", store])).code).toBe(0);
      const env = { GITHUB_TOKEN: github.token, GITHUB_REPOSITORY: github.repository, GITHUB_API_URL: github.url };
      github.seedIssue({ number: 7, title: "Shorter prompt", pull_request: { url: `${github.url}/repos/acme/evals/pulls/7` } });
      // An unrelated comment is left alone.
      const lgtm = github.seedComment(7, "LGTM");
      const first = await runCli(["check", "--commit", "pr-1", "--pr-comment", "--pr", "7", "--db", store], { env });
      expect(first.code, first.stderr).toBe(1); // the regression still fails the check
      expect(first.stderr).toContain("Pull request #7: comment created.");
      expect((await runCli(["push", writeJson(dir, "c.json", { ...config, commit_sha: "pr-2", metrics: { f1: 0.9 } }), "--pr", "7", "--db", store])).code).toBe(0);
      const second = await runCli(["check", "--commit", "pr-2", "--pr-comment", "--pr", "7", "--db", store], { env });
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toContain("Pull request #7: comment updated.");

      expect(github.comments).toHaveLength(2);
      expect(github.comments[0]).toMatchObject({ id: lgtm.id, body: "LGTM" });
      expect(github.comments[1]!.body).toMatch(/^<!-- benchledger:check-report -->\n## benchledger: No regression/);
      const created = github.comments[1]!.id;
      expect(github.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
        "GET /repos/acme/evals/issues/7/comments", "POST /repos/acme/evals/issues/7/comments",
        "GET /repos/acme/evals/issues/7/comments", `PATCH /repos/acme/evals/issues/comments/${created}`]);
      expect(github.problems()).toEqual([]);
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
