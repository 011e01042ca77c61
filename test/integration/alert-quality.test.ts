import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_PROJECT_CONFIG, type ProjectConfig } from "../../src/core/project-config.js";
import type { AlertPayload } from "../../src/core/alerts/alert-payload.js";
import { acknowledgeFinding } from "../../src/service/acknowledge.js";
import { alertOutcome, reportAlertQuality, summarizeAlertQuality } from "../../src/service/alert-quality.js";
import type { AlertSettings } from "../../src/service/alerts.js";
import { checkRuns } from "../../src/service/check-runs.js";
import { pushResults } from "../../src/service/push-results.js";
import { insertAlerts } from "../../src/store/alerts-store.js";
import type { Db } from "../../src/store/db.js";
import { migrate, readMigrations } from "../../src/store/migrations.js";
import { dropTestDatabases, testBackends, testDeps } from "../helpers/backends.js";

const backends = await testBackends();
afterAll(dropTestDatabases);

const BASE = { dataset_version: "d1", prompt_version: "p1", environment: "ci" };
// Twelve runs at 0.90 +- 0.01: enough history for check's history t-test to decide.
const STEADY_F1 = [0.9, 0.91, 0.89, 0.905, 0.895, 0.9, 0.91, 0.89, 0.905, 0.895, 0.9, 0.91];
// Judges f1 so leniently that a drop of 0.2 is ok: a first check of a run that a later check overrules.
const LENIENT: ProjectConfig = { ...EMPTY_PROJECT_CONFIG, metrics: { f1: { threshold: { absolute: 0.5 } } } };

function only<T>(report: { findings: T[] }): T {
  expect(report.findings).toHaveLength(1);
  return report.findings[0]!;
}

/** A webhook receiver on loopback that answers every request 200. */
async function receiver() {
  let requests = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      requests += 1;
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, requests: () => requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("alert outcome rules", () => {
  it.each([
    ["false-positive", "regression", "false-positive"],
    ["expected", "ok", "expected"],
    ["expected", null, "expected"],
    [null, "regression", "confirmed"],
    [null, "sla", "confirmed"],
    [null, "tradeoff", "confirmed"],
    [null, "ok", "recovered"],
    [null, "improvement", "recovered"],
    [null, "inconclusive", "recovered"],
    [null, null, "pending"],
  ] as const)("ack %s, next verdict %s: %s", (ack, next, outcome) => {
    expect(alertOutcome(ack, next)).toBe(outcome);
  });

  it("counts a next run that is ok against the alerted run but still worse than the alert's baseline as confirmed", () => {
    expect(alertOutcome(null, "ok", true)).toBe("confirmed");
    expect(alertOutcome(null, null, true)).toBe("pending");
    expect(alertOutcome("false-positive", "ok", true)).toBe("false-positive");
  });

  it("sums per metric and method, with a total, and leaves precision null when nothing is known", () => {
    const { rows, total } = summarizeAlertQuality([
      { metric: "f1", method: "threshold", ack_kind: null, next_verdict: null, alerts: 2 },
      { metric: "f1", method: "threshold", ack_kind: "false-positive", next_verdict: null, alerts: 1 },
      { metric: "f1", method: "threshold", ack_kind: null, next_verdict: "regression", alerts: 3 },
      { metric: "accuracy", method: "mcnemar", ack_kind: null, next_verdict: null, alerts: 4 },
    ]);
    expect(rows).toEqual([
      { metric: "accuracy", method: "mcnemar", alerts: 4, confirmed: 0, expected: 0, false_positive: 0, recovered: 0, pending: 4, precision: null },
      { metric: "f1", method: "threshold", alerts: 6, confirmed: 3, expected: 0, false_positive: 1, recovered: 0, pending: 2, precision: 0.75 },
    ]);
    expect(total).toEqual({ alerts: 10, confirmed: 3, expected: 0, false_positive: 1, recovered: 0, pending: 6, precision: 0.75 });
  });
});

for (const backend of backends) {
  describe(`${backend.name}: alert quality`, () => {
    let db: Db;
    let hook: Awaited<ReturnType<typeof receiver>>;
    beforeAll(async () => {
      hook = await receiver();
    });
    afterAll(async () => {
      await hook.close();
    });
    beforeEach(async () => {
      db = await backend.freshMigratedDb();
    });
    afterEach(async () => {
      await db.close();
    });

    // Two channels at one receiver: every alerted finding is two outbox rows.
    const alerting = (): AlertSettings => ({ webhook: { url: hook.url, secret: "s3cret" }, slackWebhookUrl: hook.url, includeInconclusive: false, dashboardUrl: null });
    const push = (model: string, commit: string, metrics: Record<string, number>, overrides: { pull_request?: number } = {}) =>
      pushResults(testDeps(db), [{ name: `${model}-${commit}.json`, text: JSON.stringify({ ...BASE, model_version: model, commit_sha: commit, metrics }) }], overrides);
    const check = (commit: string, options: { alerts?: AlertSettings; project?: ProjectConfig } = {}) =>
      checkRuns(testDeps(db), { commit, project: options.project ?? EMPTY_PROJECT_CONFIG, ...(options.alerts ? { alerts: options.alerts } : {}) });
    const ack = (model: string, metric: string, kind?: "expected" | "false-positive") =>
      acknowledgeFinding(testDeps(db), { model, metric, commit: "b", reason: `${kind ?? "default"} for ${model}`, ...(kind ? { kind } : {}) });

    /**
     * Seven alerted findings, all at commit b:
     * - f1 by the history t-test: m-confirmed (the next run regresses again) and m-recovered (the next run is fine);
     * - f1 by the threshold: m-fp (acked false-positive, though its next run regresses), m-exp1 (acked
     *   false-positive, then expected: the newest counts), m-exp2 (acked with the default kind), m-pending
     *   (only a pull request's run came after it: not the line's next run);
     * - latency_ms by the threshold: m-latency, no later run.
     */
    async function buildHistory(): Promise<void> {
      for (const model of ["m-confirmed", "m-recovered"]) {
        for (const [i, f1] of STEADY_F1.entries()) await push(model, `h${i}`, { f1 });
        await push(model, "b", { f1: 0.7 });
      }
      for (const model of ["m-fp", "m-exp1", "m-exp2", "m-pending", "m-still"]) {
        await push(model, "a", { f1: 0.9 });
        await push(model, "b", { f1: 0.7 });
      }
      await push("m-latency", "a", { latency_ms: 100 });
      await push("m-latency", "b", { latency_ms: 150 });

      const atB = await check("b", { alerts: alerting() });
      expect(atB.alerts.queued).toBe(16);
      expect(atB.findings.filter((f) => f.verdict === "regression").map((f) => `${f.model_version}:${f.metric}:${f.method}`).sort()).toEqual([
        "m-confirmed:f1:history-t_test", "m-exp1:f1:threshold", "m-exp2:f1:threshold", "m-fp:f1:threshold",
        "m-latency:latency_ms:threshold", "m-pending:f1:threshold", "m-recovered:f1:history-t_test", "m-still:f1:threshold",
      ]);

      await ack("m-fp", "f1", "false-positive");
      await ack("m-exp1", "f1", "false-positive");
      await ack("m-exp1", "f1", "expected");
      await ack("m-exp2", "f1");

      // The next runs, checked without channels so they add no alerts of their own. m-confirmed's is
      // checked twice: leniently (ok), then as configured (a regression again): the newest finding counts.
      await push("m-confirmed", "c", { f1: 0.7 });
      await push("m-fp", "c", { f1: 0.5 });
      // m-still stays at 0.7: ok against its alerted run, still 0.2 below the baseline its alert named.
      await push("m-still", "c", { f1: 0.7 });
      await push("m-pending", "pr-1", { f1: 0.9 }, { pull_request: 7 });
      await check("c", { project: LENIENT });
      const atC = await check("c");
      expect(atC.findings.map((f) => `${f.model_version}:${f.verdict}`).sort()).toEqual(["m-confirmed:regression", "m-fp:regression", "m-still:ok"]);
      // Were it taken for the line's next run, m-pending would count as recovered.
      expect(["ok", "improvement"]).toContain(only(await check("pr-1")).verdict);
      // m-recovered is fine again, checked with the channels on (a recovery may be queued: it is not an alerted finding).
      await push("m-recovered", "c2", { f1: 0.9 });
      expect(["ok", "improvement"]).toContain(only(await check("c2", { alerts: alerting() })).verdict);

      // A recovery event in the outbox, as the recovery alerts write them, must not count.
      const [bRun] = await db.query<{ id: string }>("select id::text as id from benchmark_transactions where model_version = 'm-fp' and commit_sha = 'c'");
      const recovery = { event: "recovery", verdict: "ok", config: { ...BASE, model_version: "m-fp" }, metric: "f1", commit_sha: "c", baseline: 0.9,
        current: 0.9, delta: 0, delta_pct: 0, method: "threshold", p_value: null, reason: "back", transaction_id: bRun!.id } as unknown as AlertPayload;
      await insertAlerts(db, [{ dedup_key: "synthetic-recovery", channel: "webhook", check_id: atC.check_id, payload: recovery }]);
    }

    it("counts every alerted finding once, by its outcome, with the precision per metric and method", async () => {
      await buildHistory();
      const [outbox] = await db.query<{ findings: number; delivered: number }>(`
        select count(*) filter (where payload ->> 'event' = 'finding')::int as findings,
               count(*) filter (where payload ->> 'event' = 'finding' and status = 'delivered')::int as delivered
          from benchmark_alerts`);
      expect(outbox).toEqual({ findings: 16, delivered: 16 });

      const report = await reportAlertQuality(testDeps(db));
      expect(report.since).toBeNull();
      expect(report.rows).toEqual([
        { metric: "f1", method: "history-t_test", alerts: 2, confirmed: 1, expected: 0, false_positive: 0, recovered: 1, pending: 0, precision: 0.5 },
        { metric: "f1", method: "threshold", alerts: 5, confirmed: 1, expected: 2, false_positive: 1, recovered: 0, pending: 1, precision: 3 / 4 },
        { metric: "latency_ms", method: "threshold", alerts: 1, confirmed: 0, expected: 0, false_positive: 0, recovered: 0, pending: 1, precision: null },
      ]);
      expect(report.total).toEqual({ alerts: 8, confirmed: 2, expected: 2, false_positive: 1, recovered: 1, pending: 2, precision: 4 / 6 });
    });

    it("counts only the alerts queued since a date", async () => {
      await buildHistory();
      const [bounds] = await db.query<{ first: Date; last: Date }>("select min(created_at) as first, max(created_at) as last from benchmark_alerts");
      const everything = await reportAlertQuality(testDeps(db), { since: new Date(bounds!.first) });
      expect(everything.total.alerts).toBe(8);
      const after = await reportAlertQuality(testDeps(db), { since: new Date(new Date(bounds!.last).getTime() + 1000) });
      expect(after.rows).toEqual([]);
      expect(after.total).toEqual({ alerts: 0, confirmed: 0, expected: 0, false_positive: 0, recovered: 0, pending: 0, precision: null });
    });

    it("records the kind of an acknowledgement, and a false-positive one stops check failing like an expected one", async () => {
      await push("m-fp", "a", { f1: 0.9 });
      await push("m-fp", "b", { f1: 0.7 });
      expect((await check("b")).failing).toBe(true);
      const recorded = await ack("m-fp", "f1", "false-positive");
      expect(recorded).toMatchObject({ model_version: "m-fp", metric: "f1", commit_sha: "b", kind: "false-positive" });
      expect((await ack("m-fp", "f1")).kind).toBe("expected");
      const rows = await db.query<{ kind: string }>("select kind from benchmark_acknowledgements order by created_at");
      expect(rows.map((r) => r.kind)).toEqual(["false-positive", "expected"]);
      const again = await check("b");
      expect(again.failing).toBe(false);
      expect(again.findings[0]).toMatchObject({ verdict: "regression", acknowledged: true });
      await expect(acknowledgeFinding(testDeps(db), { model: "m-fp", metric: "f1", commit: "b", reason: "x", kind: "wrong" as never }))
        .rejects.toMatchObject({ code: "ACK_KIND_INVALID" });
      await expect(db.query("insert into benchmark_acknowledgements (model_version, dataset_version, prompt_version, environment, metric, commit_sha, reason, kind) values ('m', 'd', 'p', 'e', 'f1', 'b', 'r', 'maybe')"))
        .rejects.toThrow(/benchmark_acknowledgements_kind_check/);
    });
  });

  describe(`${backend.name}: migration 0004`, () => {
    it("adds the kind to a database at 0003, making the existing acknowledgements expected, and keeps them append-only", async () => {
      const { db } = await backend.freshEmptyDb();
      try {
        const all = readMigrations();
        const through0003 = all.filter((m) => m.id <= 3);
        expect((await migrate(db, through0003)).applied).toEqual(["0001_create_ledger.sql", "0002_add_regression_checks.sql", "0003_add_alert_outbox.sql"]);
        await db.query(`insert into benchmark_acknowledgements (model_version, dataset_version, prompt_version, environment, metric, commit_sha, reason)
          values ('m', 'd', 'p', 'e', 'f1', 'aaaa', 'smaller model'), ('m', 'd', 'p', 'e', 'latency_ms', 'aaaa', 'longer prompts')`);

        const report = await migrate(db, all.filter((m) => m.id <= 4));
        expect(report.applied).toEqual(["0004_add_alert_quality.sql"]);
        expect(await db.query("select metric, kind from benchmark_acknowledgements order by metric"))
          .toEqual([{ metric: "f1", kind: "expected" }, { metric: "latency_ms", kind: "expected" }]);
        await expect(db.query("update benchmark_acknowledgements set kind = 'false-positive'")).rejects.toThrow(/append-only/);
        await expect(db.query("delete from benchmark_acknowledgements")).rejects.toThrow();
        const [index] = await db.query<{ name: string | null }>("select to_regclass('benchmark_findings_config_metric_idx')::text as name");
        expect(index!.name).toBe("benchmark_findings_config_metric_idx");
      } finally {
        await db.close();
      }
    });
  });
}
