import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_PROJECT_CONFIG } from "../../src/core/project-config.js";
import type { Db } from "../../src/store/db.js";
import { deliverAlerts, type AlertSettings } from "../../src/service/alerts.js";
import { checkRuns } from "../../src/service/check-runs.js";
import { pushResults } from "../../src/service/push-results.js";
import { dropTestDatabases, testBackends, testDeps } from "../helpers/backends.js";
import { startFakeSlack } from "../helpers/fake-slack.js";

const backends = await testBackends();
afterAll(dropTestDatabases);

const CONFIG = { model_version: "m1", dataset_version: "d1", prompt_version: "p1", environment: "ci" };
const SECRET = "s3cret";

/** A receiver on loopback that records every request and fails the first `failures`. */
async function receiver(failures = 0) {
  const requests: { path: string; headers: http.IncomingHttpHeaders; body: string; status: number }[] = [];
  let failed = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const status = failed < failures ? 500 : 200;
      if (status === 500) failed += 1;
      requests.push({ path: req.url ?? "", headers: req.headers, body, status });
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "try again");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, requests, accepted: () => requests.filter((r) => r.status === 200), close: () => new Promise<void>((r) => server.close(() => r())) };
}

for (const backend of backends) {
  describe(`${backend.name}: alerts`, () => {
    let db: Db;
    beforeEach(async () => {
      db = await backend.freshMigratedDb();
      await pushResults(testDeps(db), [{ name: "a.json", text: JSON.stringify({ ...CONFIG, commit_sha: "aaaa1111", metrics: { f1: 0.9 } }) }]);
      await pushResults(testDeps(db), [{ name: "b.json", text: JSON.stringify({ ...CONFIG, commit_sha: "bbbb2222", metrics: { f1: 0.7 } }) }]);
    });
    afterEach(async () => {
      await db.close();
    });
    const settings = (webhook: string | null, slack: string | null = null): AlertSettings =>
      ({ webhook: webhook ? { url: webhook, secret: SECRET } : null, slackWebhookUrl: slack, includeInconclusive: false, dashboardUrl: null });

    it("delivers a signed webhook exactly once to a receiver that fails the first three attempts", async () => {
      const hook = await receiver(3);
      try {
        const report = await checkRuns(testDeps(db), { commit: "bbbb2222", project: EMPTY_PROJECT_CONFIG, alerts: settings(hook.url) });
        expect(report.alerts).toMatchObject({ queued: 1, delivery: { delivered: 1, retrying: 0 } });
        expect(hook.requests.map((r) => r.status)).toEqual([500, 500, 500, 200]);
        const [accepted] = hook.accepted();
        const body = JSON.parse(accepted!.body);
        expect(body).toMatchObject({ event: "finding", verdict: "regression", metric: "f1", commit_sha: "bbbb2222", config: CONFIG, baseline: 0.9, current: 0.7 });
        // The receiver's own check of the signature: HMAC-SHA256 of "<t>.<raw body>".
        const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(accepted!.headers["x-benchledger-signature"]));
        expect(match).not.toBeNull();
        expect(Math.abs(Number(match![1]) - Date.now() / 1000)).toBeLessThan(60);
        expect(match![2]).toBe(createHmac("sha256", SECRET).update(`${match![1]}.${accepted!.body}`).digest("hex"));
        const [row] = await db.query<{ status: string; attempts: number }>("select status, attempts from benchmark_alerts");
        expect(row).toEqual({ status: "delivered", attempts: 4 });
      } finally {
        await hook.close();
      }
    });

    it("keeps the alert while the receiver is down and delivers it on the next delivery", async () => {
      const down = await receiver();
      const url = down.url;
      await down.close(); // nothing listens there now
      const report = await checkRuns(testDeps(db), { commit: "bbbb2222", project: EMPTY_PROJECT_CONFIG, alerts: settings(url) });
      expect(report.alerts.delivery).toMatchObject({ delivered: 0, retrying: 1 });
      const [pending] = await db.query<{ status: string; last_error: string }>("select status, last_error from benchmark_alerts");
      expect(pending!.status).toBe("pending");
      expect(pending!.last_error).toBeTruthy();

      const port = Number(new URL(url).port);
      const requests: string[] = [];
      const server = http.createServer((req, res) => {
        req.resume();
        req.on("end", () => {
          requests.push(req.url ?? "");
          res.writeHead(200).end("ok");
        });
      });
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
      try {
        expect(await deliverAlerts(testDeps(db), settings(url), { includeNotDue: true })).toMatchObject({ delivered: 1 });
        expect(await deliverAlerts(testDeps(db), settings(url), { includeNotDue: true })).toMatchObject({ delivered: 0 });
        expect(requests).toEqual(["/hook"]);
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
    });

    it("alerts once for the same regression however often check runs, and sends Slack blocks", async () => {
      const hook = await receiver();
      const slack = await receiver();
      try {
        for (let i = 0; i < 3; i += 1) await checkRuns(testDeps(db), { commit: "bbbb2222", project: EMPTY_PROJECT_CONFIG, alerts: settings(hook.url, slack.url) });
        expect(hook.accepted()).toHaveLength(1);
        expect(slack.accepted()).toHaveLength(1);
        const message = JSON.parse(slack.accepted()[0]!.body);
        expect(message.text).toContain("regression in f1 of m1 / d1 / p1 / ci");
        expect(message.blocks.map((b: { type: string }) => b.type)).toEqual(["header", "section", "context"]);
        expect(slack.accepted()[0]!.headers["content-type"]).toBe("application/json");
      } finally {
        await hook.close();
        await slack.close();
      }
    });

    it("sends Slack a message Slack accepts, names and all cut to Block Kit's limits, with a button to the trend", async () => {
      const slack = await startFakeSlack();
      try {
        const longModel = "m".repeat(200);
        const longMetric = `f1_${"x".repeat(160)}`;
        const config = { ...CONFIG, model_version: longModel };
        await pushResults(testDeps(db), [{ name: "c.json", text: JSON.stringify({ ...config, commit_sha: "cccc3333", metrics: { [longMetric]: 0.9 } }) }]);
        await pushResults(testDeps(db), [{ name: "d.json", text: JSON.stringify({ ...config, commit_sha: "dddd4444", metrics: { [longMetric]: 0.5 } }) }]);
        const project = { ...EMPTY_PROJECT_CONFIG, metrics: { [longMetric]: { direction: "higher" as const, threshold: { absolute: 0.05 } } } };
        const report = await checkRuns(testDeps(db), { commit: "dddd4444", project, alerts: { ...settings(null, slack.url), dashboardUrl: "https://bench.example.com" } });
        expect(report.alerts.delivery).toMatchObject({ delivered: 1, retrying: 0 });
        expect(slack.messages.map((m) => m.problems)).toEqual([[]]);
        const [message] = slack.accepted();
        expect(message.blocks.map((b: { type: string }) => b.type)).toEqual(["header", "section", "context", "actions"]);
        expect(message.blocks[0].text.text.length).toBeLessThanOrEqual(150);
        expect(message.blocks[0].text.text.startsWith("Regression: f1_x")).toBe(true);
        expect(new URL(message.blocks[3].elements[0].url).searchParams.get("metric")).toBe(longMetric);
      } finally {
        await slack.close();
      }
    });
  });
}
