import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_PROJECT_CONFIG } from "../../src/core/project-config.js";
import type { RunOverrides } from "../../src/core/run-context.js";
import { deliverAlerts, type AlertSettings } from "../../src/service/alerts.js";
import { checkRuns } from "../../src/service/check-runs.js";
import { deliverToGitHubIssue } from "../../src/service/github-issues.js";
import { pushResults } from "../../src/service/push-results.js";
import { setBaseline } from "../../src/service/snapshot-versions.js";
import type { AlertRow } from "../../src/store/alerts-store.js";
import type { Db } from "../../src/store/db.js";
import { dropTestDatabases, testBackends, testDeps } from "../helpers/backends.js";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github.js";

const backends = await testBackends();
afterAll(dropTestDatabases);

const CONFIG = { model_version: "m1", dataset_version: "d1", prompt_version: "p1", environment: "ci" };
const TITLE = "Regression: f1 of m1 / d1 / p1 / ci";
const LIST_PAGE_1 = "GET /repos/acme/evals/issues?state=open&labels=benchledger&per_page=100&page=1 -> 200";
const CREATE = "POST /repos/acme/evals/issues -> 201";
const INCIDENT = /^<!-- benchledger:incident:([0-9a-f]{24}) -->$/;

/** A receiver on loopback (Slack or the webhook) that records every request and accepts it. */
async function receiver() {
  const requests: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      requests.push({ path: req.url ?? "", headers: req.headers, body });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    requests,
    bodies: () => requests.map((r) => JSON.parse(r.body) as Record<string, unknown>),
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

for (const backend of backends) {
  describe(`${backend.name}: alerts as GitHub issues`, () => {
    let db: Db;
    let github: FakeGitHub;
    beforeEach(async () => {
      db = await backend.freshMigratedDb();
      github = await startFakeGitHub();
    });
    afterEach(async () => {
      await github.close();
      await db.close();
    });

    const settings = (options: { closeOnRecovery?: boolean } & Partial<AlertSettings> = {}): AlertSettings => {
      const { closeOnRecovery = false, ...rest } = options;
      return {
        slackWebhookUrl: null,
        webhook: null,
        includeInconclusive: false,
        dashboardUrl: null,
        github: { target: { apiUrl: github.url, token: github.token, repository: github.repository }, labels: ["benchledger", "regression"], closeOnRecovery },
        ...rest,
      };
    };
    const push = (commit: string, f1: number, overrides: RunOverrides = {}) =>
      pushResults(testDeps(db), [{ name: `${commit}.json`, text: JSON.stringify({ ...CONFIG, commit_sha: commit, metrics: { f1 } }) }], overrides);
    const check = (commit: string, alerts: AlertSettings) => checkRuns(testDeps(db), { commit, project: EMPTY_PROJECT_CONFIG, alerts });
    const alertRows = () => db.query<AlertRow>(
      "select id::text as id, channel, commit_sha, verdict, payload, status, attempts from benchmark_alerts order by created_at, channel");
    const bodyOf = (index: number) => github.calls[index]!.body as Record<string, unknown>;

    it("opens exactly one issue for a regression, however often the commit is checked", async () => {
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      // Issues of others carrying the label, and one of another incident, are left alone.
      github.seedIssue({ title: "Flaky CI", body: "unrelated", labels: ["benchledger"] });
      github.seedIssue({ title: "Old incident", body: "<!-- benchledger:incident:000000000000000000000000 -->", labels: ["benchledger", "regression"] });

      const first = await check("bbbb2222", settings());
      expect(first.findings.map((f) => [f.metric, f.verdict])).toEqual([["f1", "regression"]]);
      expect(first.alerts).toMatchObject({ queued: 1, recoveries: 0, awaiting_confirmation: [], delivery: { delivered: 1, retrying: 0, failed: 0 } });
      for (let i = 0; i < 2; i += 1) {
        const again = await check("bbbb2222", settings());
        expect(again.alerts).toMatchObject({ queued: 0, delivery: { delivered: 0, retrying: 0, failed: 0 } });
      }

      expect(github.log()).toEqual([LIST_PAGE_1, CREATE]);
      expect(github.problems()).toEqual([]);
      const [alert] = await alertRows();
      expect(alert).toMatchObject({ channel: "github", commit_sha: "bbbb2222", verdict: "regression", status: "delivered", attempts: 1 });
      expect(github.issues).toHaveLength(3);
      const issue = github.issues[2]!;
      expect(issue).toMatchObject({ number: 3, title: TITLE, labels: ["benchledger", "regression"], state: "open" });
      const sent = bodyOf(1);
      expect(Object.keys(sent).sort()).toEqual(["body", "labels", "title"]);
      expect(sent).toMatchObject({ title: TITLE, labels: ["benchledger", "regression"] });
      const lines = issue.body!.split("\n");
      expect(lines[0]).toMatch(INCIDENT);
      expect(lines[0]).not.toBe("<!-- benchledger:incident:000000000000000000000000 -->");
      expect(lines[1]).toBe(`<!-- benchledger:alert:${alert!.id} -->`);
      expect(lines[2]).toBe("benchledger found a **regression** in `f1` of **m1 / d1 / p1 / ci**.");
      expect(issue.body).toContain("| `f1` | 0.9 | 0.7 | -0.2, -22.2% | threshold |  | `bbbb2222` |");
      expect(issue.body).toMatch(/\nWhy: f1 0\.9 -> 0\.7, -0\.2 \(-22\.2%\), beyond the threshold/);
      expect(issue.body).not.toContain("Open the trend"); // no dashboard configured
      expect(github.comments).toEqual([]);
    });

    it("comments on the open issue when the metric regresses again at a later commit (marked baseline)", async () => {
      await push("aaaa1111", 0.9);
      await setBaseline(testDeps(db), { model: "m1" });
      await push("bbbb2222", 0.7);
      await check("bbbb2222", settings());
      expect(github.log()).toEqual([LIST_PAGE_1, CREATE]);
      const incident = github.issues[0]!;
      const marker = incident.body!.split("\n")[0]!;
      expect(marker).toMatch(INCIDENT);
      // 120 newer open issues with the label push benchledger's onto the second page, and a
      // newer pull request carries the marker in its description: it is no issue of ours.
      for (let i = 0; i < 120; i += 1) github.seedIssue({ title: `other ${i}`, body: `body ${i}`, labels: ["benchledger"] });
      const pr = github.seedIssue({ title: "quoting the incident", body: `${marker}\nsee above`, labels: ["benchledger"], pull_request: { url: "x" } });
      github.seedComment(incident.number, "Looking into it."); // a human's comment

      await push("cccc3333", 0.7); // still 0.2 under the marked baseline: a regression again
      const report = await check("cccc3333", settings());
      expect(report.findings[0]).toMatchObject({ verdict: "regression", baseline_source: "baseline", baseline: 0.9, current: 0.7 });
      expect(report.alerts).toMatchObject({ queued: 1, delivery: { delivered: 1 } });

      expect(github.log().slice(2)).toEqual([
        LIST_PAGE_1,
        "GET /repos/acme/evals/issues?state=open&labels=benchledger&per_page=100&page=2 -> 200",
        "GET /repos/acme/evals/issues/1/comments?per_page=100&page=1 -> 200",
        "POST /repos/acme/evals/issues/1/comments -> 201",
      ]);
      expect(github.problems()).toEqual([]);
      expect(github.issues.filter((i) => i.title === TITLE)).toHaveLength(1);
      expect(github.comments.filter((c) => c.issue_number === pr.number)).toEqual([]);
      const rows = await alertRows();
      expect(rows.map((r) => [r.commit_sha, r.status])).toEqual([["bbbb2222", "delivered"], ["cccc3333", "delivered"]]);
      const comment = github.comments.find((c) => c.issue_number === 1 && c.body !== "Looking into it.")!;
      expect(bodyOf(github.calls.length - 1)).toEqual({ body: comment.body });
      const lines = comment.body.split("\n");
      expect(lines[0]).toBe(`<!-- benchledger:alert:${rows[1]!.id} -->`);
      expect(lines[1]).toBe("**Still a regression** at `cccc3333`: `f1` 0.9 → 0.7 (-0.2, -22.2%).");
      expect(comment.body).not.toContain(marker); // the incident marker stays in the issue alone

      // Delivering either alert again (an answer lost after GitHub acted) posts nothing.
      const before = github.calls.length;
      expect(await deliverToGitHubIssue(settings().github!, rows[1]!, null)).toBe("already-posted");
      expect(await deliverToGitHubIssue(settings().github!, rows[0]!, null)).toBe("already-posted");
      expect(github.log().slice(before)).toEqual([
        LIST_PAGE_1,
        "GET /repos/acme/evals/issues?state=open&labels=benchledger&per_page=100&page=2 -> 200",
        "GET /repos/acme/evals/issues/1/comments?per_page=100&page=1 -> 200",
        // The opening alert's marker is in the issue's body: no need to read the comments.
        LIST_PAGE_1,
        "GET /repos/acme/evals/issues?state=open&labels=benchledger&per_page=100&page=2 -> 200",
      ]);
      expect(github.comments).toHaveLength(2);
    });

    it("comments on and closes the issue when the metric recovers, and a later regression opens a new one", async () => {
      const alerts = settings({ closeOnRecovery: true });
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      await check("bbbb2222", alerts);

      // Still low: "ok" against the run before it, but not back at the baseline the alert named.
      await push("cccc3333", 0.7);
      const stillLow = await check("cccc3333", alerts);
      expect(stillLow.findings[0]).toMatchObject({ verdict: "ok", baseline: 0.7 });
      expect(stillLow.alerts).toMatchObject({ queued: 0, recoveries: 0 });
      expect(github.log()).toEqual([LIST_PAGE_1, CREATE]);

      await push("dddd4444", 0.9);
      const recovered = await check("dddd4444", alerts);
      expect(recovered.alerts).toMatchObject({ queued: 1, recoveries: 1, delivery: { delivered: 1 } });
      expect(github.log().slice(2)).toEqual([
        LIST_PAGE_1,
        "GET /repos/acme/evals/issues/1/comments?per_page=100&page=1 -> 200",
        "POST /repos/acme/evals/issues/1/comments -> 201",
        "PATCH /repos/acme/evals/issues/1 -> 200",
      ]);
      expect(bodyOf(5)).toEqual({ state: "closed", state_reason: "completed" });
      expect(github.problems()).toEqual([]);
      expect(github.issues[0]).toMatchObject({ state: "closed", state_reason: "completed" });
      const rows = await alertRows();
      expect(rows.map((r) => [r.commit_sha, r.payload.event, r.status])).toEqual([["bbbb2222", "finding", "delivered"], ["dddd4444", "recovery", "delivered"]]);
      expect(rows[1]!.payload).not.toHaveProperty("confirmed_runs");
      expect(github.comments).toHaveLength(1);
      expect(github.comments[0]!.body.split("\n").slice(0, 2)).toEqual([
        `<!-- benchledger:alert:${rows[1]!.id} -->`,
        "**Recovered** at `dddd4444`: `f1` is 0.9 again (+0.2, +28.6%).",
      ]);

      // Checking the recovered commit again does nothing; the recovery's delivery again finds no open issue.
      expect((await check("dddd4444", alerts)).alerts).toMatchObject({ queued: 0, recoveries: 0 });
      expect(github.calls).toHaveLength(6);
      expect(await deliverToGitHubIssue(alerts.github!, rows[1]!, null)).toBe("nothing-open");
      expect(github.log().slice(6)).toEqual([LIST_PAGE_1]);

      // A new regression after the closing: a new issue, the closed one is not reopened.
      await push("eeee5555", 0.7);
      expect((await check("eeee5555", alerts)).alerts).toMatchObject({ queued: 1, delivery: { delivered: 1 } });
      expect(github.log().slice(7)).toEqual([LIST_PAGE_1, CREATE]);
      expect(github.issues.map((i) => [i.number, i.title, i.state])).toEqual([[1, TITLE, "closed"], [2, TITLE, "open"]]);
      expect(github.issues[1]!.body!.split("\n")[0]).toBe(github.issues[0]!.body!.split("\n")[0]); // the same incident
      expect(github.problems()).toEqual([]);
    });

    it("without close-on-recovery leaves the issue open with the recovery's comment, and comments there on the next regression", async () => {
      const alerts = settings({ closeOnRecovery: false });
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      await check("bbbb2222", alerts);
      await push("cccc3333", 0.7);
      expect((await check("cccc3333", alerts)).alerts).toMatchObject({ queued: 0, recoveries: 0 });
      await push("dddd4444", 0.9);
      expect((await check("dddd4444", alerts)).alerts).toMatchObject({ queued: 1, recoveries: 1, delivery: { delivered: 1 } });
      expect(github.log()).toEqual([
        LIST_PAGE_1, CREATE,
        LIST_PAGE_1,
        "GET /repos/acme/evals/issues/1/comments?per_page=100&page=1 -> 200",
        "POST /repos/acme/evals/issues/1/comments -> 201",
      ]);
      expect(github.issues).toHaveLength(1);
      expect(github.issues[0]!.state).toBe("open");
      expect(github.comments.map((c) => c.body.split("\n")[1])).toEqual(["**Recovered** at `dddd4444`: `f1` is 0.9 again (+0.2, +28.6%)."]);
      const recovery = (await alertRows())[1]!;
      expect(await deliverToGitHubIssue(alerts.github!, recovery, null)).toBe("already-posted");

      // The recovery ended the incident: the same (still open) issue hears of the next regression.
      await push("eeee5555", 0.7);
      expect((await check("eeee5555", alerts)).alerts).toMatchObject({ queued: 1, recoveries: 0, delivery: { delivered: 1 } });
      expect(github.issues).toHaveLength(1);
      expect(github.comments.map((c) => c.body.split("\n")[1])).toEqual([
        "**Recovered** at `dddd4444`: `f1` is 0.9 again (+0.2, +28.6%).",
        "**Still a regression** at `eeee5555`: `f1` 0.9 → 0.7 (-0.2, -22.2%).",
      ]);
      expect(github.problems()).toEqual([]);
    });

    // Regression test (fixed): queueAlerts (src/service/alerts.ts) treats any checked
    // run of the config whose value is back near the alert's baseline as a recovery, even a
    // run recorded before the regression. Re-checking the baseline's own commit (here the
    // run the alert compared with) "recovers" the incident and closes the issue, although
    // the tracked line is still regressed at its newest run.
    it("re-checking an earlier commit while the incident is open is not a recovery", async () => {
      const alerts = settings({ closeOnRecovery: true });
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      await check("bbbb2222", alerts);
      expect(github.log()).toEqual([LIST_PAGE_1, CREATE]);

      const recheck = await check("aaaa1111", alerts);
      expect(recheck.alerts).toMatchObject({ queued: 0, recoveries: 0 });
      expect(github.issues[0]!.state).toBe("open");
      expect(github.log()).toEqual([LIST_PAGE_1, CREATE]);
    });

    it("opens the issue exactly once when GitHub fails the first three requests", async () => {
      github.failNext(3);
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      const report = await check("bbbb2222", settings());
      expect(report.alerts.delivery).toMatchObject({ delivered: 1, retrying: 0, failed: 0 });
      const failedList = LIST_PAGE_1.replace("-> 200", "-> 502");
      expect(github.log()).toEqual([failedList, failedList, failedList, LIST_PAGE_1, CREATE]);
      expect(github.issues).toHaveLength(1);
      expect(github.problems()).toEqual([]);
      const [row] = await alertRows();
      expect(row).toMatchObject({ status: "delivered", attempts: 4 });
      // Another check of the commit neither queues nor posts anything.
      await check("bbbb2222", settings());
      expect(github.calls).toHaveLength(5);
    });

    it("keeps the alert pending while GitHub keeps failing, and opens the issue once on a later delivery", async () => {
      github.failNext(4);
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      const report = await check("bbbb2222", settings({ retryBaseSeconds: 0 }));
      expect(report.alerts.delivery).toMatchObject({ delivered: 0, retrying: 1 });
      const [pending] = await db.query<{ status: string; attempts: number; last_error: string }>("select status, attempts, last_error from benchmark_alerts");
      expect(pending).toMatchObject({ status: "pending", attempts: 4 });
      expect(pending!.last_error).toContain("502");
      expect(github.issues).toEqual([]);
      // BENCHLEDGER_ALERT_RETRY_SECONDS=0: due again at once, so the next check delivers it.
      const next = await check("bbbb2222", settings({ retryBaseSeconds: 0 }));
      expect(next.alerts.delivery).toMatchObject({ delivered: 1, retrying: 0 });
      expect(github.log().slice(4)).toEqual([LIST_PAGE_1, CREATE]);
      expect(github.issues).toHaveLength(1);
    });

    it("delivers a recovery queued while GitHub was down only after the regression it ends", async () => {
      const alerts = settings({ closeOnRecovery: true });
      github.failNext(1000);
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      expect((await check("bbbb2222", alerts)).alerts.delivery).toMatchObject({ delivered: 0, retrying: 1 });
      await push("cccc3333", 0.9);
      const recovered = await check("cccc3333", alerts);
      expect(recovered.alerts).toMatchObject({ queued: 1, recoveries: 1 });
      expect(recovered.alerts.delivery).toMatchObject({ delivered: 0 });
      const tried = github.calls.length;
      expect(github.log().every((line) => line.endsWith("-> 502"))).toBe(true);
      expect(github.issues).toEqual([]);

      github.failNext(0);
      expect(await deliverAlerts(testDeps(db), alerts, { includeNotDue: true })).toMatchObject({ delivered: 2, retrying: 0, failed: 0 });
      expect(github.log().slice(tried)).toEqual([
        LIST_PAGE_1, CREATE,
        LIST_PAGE_1,
        "GET /repos/acme/evals/issues/1/comments?per_page=100&page=1 -> 200",
        "POST /repos/acme/evals/issues/1/comments -> 201",
        "PATCH /repos/acme/evals/issues/1 -> 200",
      ]);
      expect(github.issues.map((i) => i.state)).toEqual(["closed"]);
      expect(github.problems()).toEqual([]);
    });

    // Regression test (fixed): deliverAlerts (src/service/alerts.ts) only holds an
    // incident's later alerts behind an earlier one that fails in the same round. A
    // regression whose delivery failed waits for its retry time (30 s doubling, here 480 s)
    // and is not selected by the next check's delivery, so the recovery that check queues
    // is delivered first: GitHub finds no issue to close ("nothing-open"), and the
    // regression's issue opened later stays open for good (a webhook gets the recovery
    // before the regression).
    it("a recovery does not overtake its regression whose failed delivery is not due yet", async () => {
      const alerts = settings({ closeOnRecovery: true });
      github.failNext(4); // every attempt of the regression's delivery
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      expect((await check("bbbb2222", alerts)).alerts.delivery).toMatchObject({ delivered: 0, retrying: 1 });
      const failed = github.calls.length;
      await push("cccc3333", 0.9);
      const recovered = await check("cccc3333", alerts);
      expect(recovered.alerts).toMatchObject({ queued: 1, recoveries: 1 });
      // Either nothing is sent yet, or the regression goes first; never the recovery alone.
      expect.soft(github.log().slice(failed)).not.toEqual([LIST_PAGE_1]);
      await deliverAlerts(testDeps(db), alerts, { includeNotDue: true });
      expect(github.issues.map((i) => i.state)).toEqual(["closed"]);
    });

    it("does not open a second issue when GitHub's answer to the opening is lost", async () => {
      await github.close();
      let dropped = false;
      github = await startFakeGitHub({
        dropAnswer: (call) => call.method === "POST" && !dropped && (dropped = true),
      });
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      const report = await check("bbbb2222", settings());
      expect(report.alerts.delivery).toMatchObject({ delivered: 1, retrying: 0 });
      // The issue was opened, the answer lost; the retry finds the issue by its markers.
      expect(github.log()).toEqual([LIST_PAGE_1, "POST /repos/acme/evals/issues -> 0", LIST_PAGE_1]);
      expect(github.issues).toHaveLength(1);
      expect(github.comments).toEqual([]);
      const [row] = await alertRows();
      expect(row).toMatchObject({ status: "delivered", attempts: 2 });
      expect(await deliverToGitHubIssue(settings().github!, row!, null)).toBe("already-posted");
      expect(github.log().slice(3)).toEqual([LIST_PAGE_1]);
      expect(github.problems()).toEqual([]);
    });

    it("says what GitHub answered when the token is refused, and keeps the alert", async () => {
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      const refused = settings();
      refused.github!.target.token = "wrong-token";
      const report = await checkRuns(testDeps(db), { commit: "bbbb2222", project: EMPTY_PROJECT_CONFIG, alerts: refused });
      expect(report.alerts.delivery).toMatchObject({ delivered: 0, retrying: 1 });
      expect(github.log()).toEqual(Array(4).fill(LIST_PAGE_1.replace("-> 200", "-> 401")));
      const [row] = await db.query<{ status: string; last_error: string }>("select status, last_error from benchmark_alerts");
      expect(row!.status).toBe("pending");
      expect(row!.last_error).toMatch(/GitHub answered GET \/repos\/acme\/evals\/issues\?.* with 401: .*Bad credentials/);
      expect(github.issues).toEqual([]);
    });

    it("queues no alert for a pull request's regression, nor for a run off the tracked branch", async () => {
      await push("aaaa1111", 0.9);
      await push("pr000001", 0.7, { pull_request: 7 });
      const pr = await check("pr000001", settings());
      expect(pr.findings.map((f) => [f.verdict, f.baseline_source])).toEqual([["regression", "previous"]]);
      expect(pr.alerts).toMatchObject({ queued: 0, recoveries: 0, awaiting_confirmation: [] });

      await push("feat0001", 0.7, { branch_name: "feature/x", tracked_branch: "main" });
      const feature = await check("feat0001", settings());
      expect(feature.findings.map((f) => f.verdict)).toEqual(["regression"]);
      expect(feature.alerts).toMatchObject({ queued: 0, recoveries: 0 });

      expect(await alertRows()).toEqual([]);
      expect(github.calls).toEqual([]);
    });

    it("sends a recovery to every channel: Slack headed Recovered with a button to the trend, the webhook and the issue", async () => {
      const slack = await receiver();
      const hook = await receiver();
      try {
        const alerts = settings({ slackWebhookUrl: slack.url, webhook: { url: hook.url, secret: "s3cret" }, dashboardUrl: "https://bench.example.com/" });
        await push("aaaa1111", 0.9);
        await push("bbbb2222", 0.7);
        expect((await check("bbbb2222", alerts)).alerts).toMatchObject({ queued: 3, delivery: { delivered: 3 } });
        await push("cccc3333", 0.9);
        expect((await check("cccc3333", alerts)).alerts).toMatchObject({ queued: 3, recoveries: 1, delivery: { delivered: 3 } });

        const trend = (url: string) => {
          const parsed = new URL(url);
          return [parsed.origin + parsed.pathname, parsed.searchParams.get("c"), parsed.searchParams.get("metric"), [...parsed.searchParams.keys()].length];
        };
        const [regression, recovery] = slack.bodies() as { text: string; blocks: { type: string; text?: { text: string }; elements?: { type: string; url?: string; text?: unknown }[] }[] }[];
        expect(slack.requests).toHaveLength(2);
        expect(regression!.blocks[0]!.text!.text).toBe("Regression: f1");
        expect(recovery!.blocks.map((b) => b.type)).toEqual(["header", "section", "context", "actions"]);
        expect(recovery!.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Recovered: f1" } });
        expect(recovery!.text).toBe("benchledger: f1 of m1 / d1 / p1 / ci recovered (+0.2, +28.6%)");
        const button = recovery!.blocks[3]!.elements![0]!;
        expect(button.type).toBe("button");
        expect(trend(button.url!)).toEqual(["https://bench.example.com/trends", "m1~d1~p1~ci", "f1", 2]);

        const [finding, recovered] = hook.bodies();
        expect(hook.requests).toHaveLength(2);
        expect(finding).toMatchObject({ event: "finding", verdict: "regression", commit_sha: "bbbb2222", confirmed_runs: 1 });
        expect(recovered).toMatchObject({ event: "recovery", metric: "f1", config: CONFIG, commit_sha: "cccc3333", baseline: 0.7, current: 0.9 });
        expect(recovered).not.toHaveProperty("confirmed_runs");
        const signature = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(hook.requests[1]!.headers["x-benchledger-signature"]))!;
        expect(signature[2]).toBe(createHmac("sha256", "s3cret").update(`${signature[1]}.${hook.requests[1]!.body}`).digest("hex"));

        expect(github.issues).toHaveLength(1);
        const link = /\[Open the trend\]\((\S+)\)/.exec(github.issues[0]!.body!)!;
        expect(trend(link[1]!)).toEqual(["https://bench.example.com/trends", "m1~d1~p1~ci", "f1", 2]);
        expect(github.comments).toHaveLength(1);
        expect(github.comments[0]!.body).toContain("**Recovered** at `cccc3333`");
        expect(github.comments[0]!.body).toMatch(/\[Open the trend\]\(https:\/\/bench\.example\.com\/trends\?/);
        expect(github.problems()).toEqual([]);
      } finally {
        await slack.close();
        await hook.close();
      }
    });
  });
}
