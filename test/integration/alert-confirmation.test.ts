import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_PROJECT_CONFIG } from "../../src/core/project-config.js";
import type { AlertSettings } from "../../src/service/alerts.js";
import { checkRuns } from "../../src/service/check-runs.js";
import { pushResults } from "../../src/service/push-results.js";
import type { Db } from "../../src/store/db.js";
import { dropTestDatabases, testBackends, testDeps } from "../helpers/backends.js";

const backends = await testBackends();
afterAll(dropTestDatabases);

const CONFIG = { model_version: "m1", dataset_version: "d1", prompt_version: "p1", environment: "ci" };
const HELD = { ...CONFIG, metric: "f1", verdict: "regression" };

/** A webhook receiver on loopback that accepts and records every alert. */
async function receiver() {
  const bodies: Record<string, unknown>[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      bodies.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

for (const backend of backends) {
  describe(`${backend.name}: alert confirmation`, () => {
    let db: Db;
    let hook: Awaited<ReturnType<typeof receiver>>;
    beforeEach(async () => {
      db = await backend.freshMigratedDb();
      hook = await receiver();
    });
    afterEach(async () => {
      await hook.close();
      await db.close();
    });

    const settings = (confirmRuns: number): AlertSettings =>
      ({ slackWebhookUrl: null, webhook: { url: hook.url, secret: "s3cret" }, includeInconclusive: false, dashboardUrl: null, confirmRuns });
    const push = (commit: string, f1: number, runKey?: string) =>
      pushResults(testDeps(db), [{ name: `${commit}.json`, text: JSON.stringify({ ...CONFIG, commit_sha: commit, metrics: { f1 }, ...(runKey ? { run_key: runKey } : {}) }) }]);
    const check = (commit: string, confirmRuns = 2) => checkRuns(testDeps(db), { commit, project: EMPTY_PROJECT_CONFIG, alerts: settings(confirmRuns) });
    const alertCount = async () => (await db.query<{ n: number }>("select count(*)::int as n from benchmark_alerts"))[0]!.n;

    it("holds a single regressed run, then alerts once when the next run is still worse than the first baseline", async () => {
      await push("aaaa1111", 0.9);
      await check("aaaa1111");
      await push("bbbb2222", 0.7);
      const first = await check("bbbb2222");
      expect(first.findings[0]).toMatchObject({ verdict: "regression", baseline: 0.9, current: 0.7 });
      expect(first.failing).toBe(true); // holding the alert does not hold the check's verdict
      expect(first.alerts).toMatchObject({ queued: 0, recoveries: 0, awaiting_confirmation: [{ ...HELD, runs_seen: 1, runs_needed: 2 }] });
      expect(first.alerts.awaiting_confirmation).toHaveLength(1);
      expect(hook.bodies).toEqual([]);
      expect(await alertCount()).toBe(0);

      // Compared with the run before it, the next run is "ok"; against 0.9 it is still 0.2 worse.
      await push("cccc3333", 0.7);
      const second = await check("cccc3333");
      expect(second.findings[0]).toMatchObject({ verdict: "ok", baseline: 0.7, current: 0.7 });
      expect(second.alerts).toMatchObject({ queued: 1, recoveries: 0, awaiting_confirmation: [], delivery: { delivered: 1 } });
      expect(hook.bodies).toHaveLength(1);
      const alert = hook.bodies[0]!;
      expect(alert).toMatchObject({
        event: "finding", verdict: "regression", config: CONFIG, metric: "f1", commit_sha: "cccc3333",
        baseline: 0.9, current: 0.7, confirmed_runs: 2, transaction_id: second.findings[0]!.transaction_id,
      });
      expect(alert.delta as number).toBeCloseTo(-0.2, 12);
      expect(alert.delta_pct as number).toBeCloseTo(-22.22, 2);
      expect(alert.reason).toMatch(/^f1 stayed worse than 0\.9 beyond the threshold for 2 runs in a row; this run: f1 0\.7 -> 0\.7/);

      // The same low level again, and a recheck: the incident has alerted, nothing more.
      await push("dddd4444", 0.7);
      expect((await check("dddd4444")).alerts).toMatchObject({ queued: 0, recoveries: 0, awaiting_confirmation: [] });
      expect((await check("cccc3333")).alerts).toMatchObject({ queued: 0, recoveries: 0 });
      expect(hook.bodies).toHaveLength(1);

      // Back at the baseline the alert named: a recovery.
      await push("eeee5555", 0.9);
      expect((await check("eeee5555")).alerts).toMatchObject({ queued: 1, recoveries: 1, awaiting_confirmation: [] });
      expect(hook.bodies.map((b) => [b.event, b.commit_sha])).toEqual([["finding", "cccc3333"], ["recovery", "eeee5555"]]);
    });

    it("counts a rerun at the same commit as the confirming run", async () => {
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      expect((await check("bbbb2222")).alerts).toMatchObject({ queued: 0, awaiting_confirmation: [{ ...HELD, runs_seen: 1, runs_needed: 2 }] });
      await push("bbbb2222", 0.7, "bbbb2222-rerun");
      const rerun = await check("bbbb2222");
      expect(rerun.findings[0]).toMatchObject({ verdict: "regression", baseline: 0.9, current: 0.7, samples: { current: 2, baseline: 1 } });
      expect(rerun.alerts).toMatchObject({ queued: 1, awaiting_confirmation: [], delivery: { delivered: 1 } });
      expect(hook.bodies).toHaveLength(1);
      expect(hook.bodies[0]).toMatchObject({ event: "finding", verdict: "regression", commit_sha: "bbbb2222", baseline: 0.9, current: 0.7, confirmed_runs: 2 });
      // Checked once more, the commit does not alert again.
      expect((await check("bbbb2222")).alerts).toMatchObject({ queued: 0, awaiting_confirmation: [] });
      expect(hook.bodies).toHaveLength(1);
    });

    // Regression test (fixed): a check pools every run at a commit (the finding's
    // `current` is their mean), and confirmRegression (src/core/alerts/incident-rules.ts)
    // takes that pooled finding as the rerun's. A rerun back at the baseline (0.9) makes the
    // commit's mean 0.8, still a "regression", so it confirms the alert it should cancel, and
    // the alert says f1 "stayed worse than 0.9 ... for 2 runs in a row" (docs/alerts.md: each
    // run after the first must be "still worse than that run's baseline beyond the threshold").
    it("a rerun at the same commit back at the baseline does not confirm the regression", async () => {
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      expect((await check("bbbb2222")).alerts).toMatchObject({ queued: 0, awaiting_confirmation: [{ ...HELD, runs_seen: 1, runs_needed: 2 }] });
      await push("bbbb2222", 0.9, "bbbb2222-rerun");
      const rerun = await check("bbbb2222");
      expect(rerun.alerts.queued).toBe(0);
      expect(hook.bodies).toEqual([]);
    });

    it("never alerts for a dip that recovers on the next run", async () => {
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      expect((await check("bbbb2222")).alerts).toMatchObject({ queued: 0, awaiting_confirmation: [{ ...HELD, runs_seen: 1, runs_needed: 2 }] });
      await push("cccc3333", 0.9);
      const back = await check("cccc3333");
      expect(back.findings[0]!.verdict).toBe("improvement");
      expect(back.alerts).toMatchObject({ queued: 0, recoveries: 0, awaiting_confirmation: [] });
      await push("dddd4444", 0.9);
      expect((await check("dddd4444")).alerts).toMatchObject({ queued: 0, recoveries: 0, awaiting_confirmation: [] });
      expect(hook.bodies).toEqual([]);
      expect(await alertCount()).toBe(0);
    });

    it("with confirm_runs 1 alerts the first regressed run at once", async () => {
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      const report = await check("bbbb2222", 1);
      expect(report.alerts).toMatchObject({ queued: 1, awaiting_confirmation: [], delivery: { delivered: 1 } });
      expect(hook.bodies[0]).toMatchObject({ commit_sha: "bbbb2222", baseline: 0.9, current: 0.7, confirmed_runs: 1 });
    });

    it("with confirm_runs 3 alerts on the third run in a row, measured from the first run's baseline", async () => {
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      expect((await check("bbbb2222", 3)).alerts).toMatchObject({ queued: 0, awaiting_confirmation: [{ ...HELD, runs_seen: 1, runs_needed: 3 }] });
      await push("cccc3333", 0.72); // an improvement on 0.7, still far under 0.9
      expect((await check("cccc3333", 3)).alerts.queued).toBe(0);
      await push("dddd4444", 0.715); // ok against 0.72, still 0.185 under 0.9
      const third = await check("dddd4444", 3);
      expect(third.alerts).toMatchObject({ queued: 1, awaiting_confirmation: [], delivery: { delivered: 1 } });
      expect(hook.bodies).toHaveLength(1);
      expect(hook.bodies[0]).toMatchObject({ commit_sha: "dddd4444", verdict: "regression", baseline: 0.9, current: 0.715, confirmed_runs: 3 });
    });

    // Regression test (fixed): a run that continues the streak but is itself "ok"
    // against the run before it is held back silently. `awaiting_confirmation` (and the
    // "Alert held" line of `check`) only lists runs whose own verdict alarms, because
    // queueAlerts (src/service/alerts.ts) requires isAlertable(finding) for the held list.
    it("lists the second of three confirming runs under awaiting_confirmation although its own verdict is ok", async () => {
      await push("aaaa1111", 0.9);
      await push("bbbb2222", 0.7);
      await check("bbbb2222", 3);
      await push("cccc3333", 0.7);
      const second = await check("cccc3333", 3);
      expect(second.findings[0]!.verdict).toBe("ok");
      expect(second.alerts.queued).toBe(0);
      expect(second.alerts.awaiting_confirmation).toEqual([{ ...HELD, runs_seen: 2, runs_needed: 3 }]);
    });
  });
}
