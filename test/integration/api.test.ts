import fs from "node:fs";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_PROJECT_CONFIG, parseProjectConfig } from "../../src/core/project-config.js";
import type { Db } from "../../src/store/db.js";
import { createApp } from "../../src/server/app.js";
import { dropTestDatabases, testBackends, testDeps } from "../helpers/backends.js";

const backends = await testBackends();
afterAll(dropTestDatabases);

const CONFIG = { model_version: "m1", dataset_version: "d1", prompt_version: "p1", environment: "ci" };

for (const backend of backends) {
  describe(`${backend.name}: the HTTP API`, () => {
    let db: Db;
    let app: ReturnType<typeof createApp>;
    beforeEach(async () => {
      db = await backend.freshMigratedDb();
      app = createApp({ deps: testDeps(db), project: EMPTY_PROJECT_CONFIG, version: "test", webDir: "/nonexistent" });
    });
    afterEach(async () => {
      await db.close();
    });
    const post = (path: string, body: unknown) => app.request(path, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } });
    const get = async (path: string) => {
      const response = await app.request(path);
      return { status: response.status, body: await response.json() as any };
    };

    it("records results posted as a results file, answering what push --json prints", async () => {
      const first = await post("/api/results?commit=abc&tag=ci", { ...CONFIG, metrics: { f1: 0.8 } });
      expect(first.status).toBe(200);
      const body = await first.json() as any;
      expect(body).toEqual({ results: [{ transaction_id: expect.any(String), snapshot_version: 1, duplicate: false, run_key: expect.any(String), tracked: true, config: CONFIG }] });
      const again = await (await post("/api/results?commit=abc", { ...CONFIG, metrics: { f1: 0.8 } })).json() as any;
      expect(again.results[0]).toMatchObject({ duplicate: true, transaction_id: body.results[0].transaction_id });
      const [row] = await db.query<{ commit_sha: string; tags: string[] }>("select commit_sha, tags from benchmark_transactions");
      expect(row).toEqual({ commit_sha: "abc", tags: ["ci"] });
    });

    it("rejects an invalid results body with 400, the path of the bad field, and writes nothing", async () => {
      const response = await post("/api/results", { ...CONFIG, metrics: { f1: "high" } });
      expect(response.status).toBe(400);
      const body = await response.json() as any;
      expect(body.error).toMatchObject({ code: "INVALID_RESULT", kind: "invalid-input" });
      expect(body.error.message).toContain("request body: $.metrics.f1");
      const bad = await post("/api/results", "{not json");
      expect(bad.status).toBe(400);
      const [{ n }] = await db.query<{ n: number }>("select count(*)::int as n from benchmark_transactions") as [{ n: number }];
      expect(n).toBe(0);
    });

    it("serves the reads the CLI has: latest, history, versions, compare", async () => {
      for (const f1 of [0.8, 0.85, 0.7]) await post("/api/results", { ...CONFIG, metrics: { f1 }, run_key: `r${f1}` });
      expect((await get("/api/latest")).body.latest).toHaveLength(1);
      expect((await get("/api/configs")).body.configs).toEqual([CONFIG]);
      const history = await get("/api/history?model=m1&metric=f1");
      expect(history.body.points.map((p: any) => p.value)).toEqual([0.8, 0.85, 0.7]);
      expect(history.body.points[0].metrics).toBeNull(); // one metric asked for: values only
      const series = (await get("/api/series?model=m1&metric=f1&limit=2")).body;
      expect(series).toMatchObject({ config: CONFIG, metric: "f1", count: 2, truncated: true, value: [0.85, 0.7] });
      expect((await get("/api/series?model=m1&metric=f1")).body).toMatchObject({ count: 3, truncated: false });
      expect(series.time_ms).toHaveLength(2);
      expect(series.time_ms[0]).toBeLessThanOrEqual(series.time_ms[1]);
      const versions = await get("/api/versions?model=m1");
      expect(versions.body.versions.map((v: any) => v.snapshot_version)).toEqual([1, 2, 3]);
      const compare = await get("/api/compare?model=m1&a=1&b=3");
      expect(compare.body.deltas[0]).toMatchObject({ metric: "f1", a: 0.8, b: 0.7, change: "worse" });
      expect((await get("/api/compare?model=m1&a=1&b=9")).status).toBe(404);
      expect((await get("/api/compare?model=m1&a=x&b=1")).status).toBe(400);
      expect((await get("/api/versions?model=nope")).status).toBe(404);
    });

    it("checks out a version and marks a baseline", async () => {
      for (const f1 of [0.8, 0.85]) await post("/api/results", { ...CONFIG, metrics: { f1 }, run_key: `r${f1}` });
      const checkout = await post("/api/checkout", { model: "m1", version: 1 });
      expect(checkout.status).toBe(200);
      expect(await checkout.json()).toMatchObject({ snapshot_version: 3, restored_from_version: 1 });
      expect((await post("/api/baseline", { model: "m1", version: 2 })).status).toBe(200);
      expect((await get("/api/versions?model=m1")).body.versions.filter((v: any) => v.is_baseline).map((v: any) => v.snapshot_version)).toEqual([2]);
      expect((await post("/api/baseline", { model: "m1", version: null })).status).toBe(200);
      expect((await post("/api/checkout", { model: "m1" })).status).toBe(400);
    });

    it("judges a commit through POST /api/check", async () => {
      await post("/api/results?commit=a", { ...CONFIG, metrics: { f1: 0.9 } });
      await post("/api/results?commit=b", { ...CONFIG, metrics: { f1: 0.7 } });
      const response = await post("/api/check", { commit: "b" });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ verdict: "regression", failing: true, findings: [{ metric: "f1", verdict: "regression" }] });
    });

    it("serves the dashboard's reads: leaderboard with baseline deltas and facets, findings, efficiency, SLA, per-example compare", async () => {
      await post("/api/results?commit=a", [
        { ...CONFIG, model_provider: "openai", metrics: { f1: 0.8, cost_usd: 1.0, latency_ms: 400 }, tags: ["<img src=x onerror=alert(1)>"] },
        { ...CONFIG, model_version: "m2", model_provider: "meta", metrics: { f1: 0.7, cost_usd: 0.2, latency_ms: 300 } },
        { ...CONFIG, model_version: "m3", metrics: { f1: 0.6, cost_usd: 0.5, latency_ms: 600 } },
      ]);
      await post("/api/baseline", { model: "m1", version: 1 });
      await post("/api/results?commit=b", { ...CONFIG, model_provider: "openai", metrics: { f1: 0.85, cost_usd: 1.1, latency_ms: 390 }, examples: [{ id: "q1", correct: true }, { id: "q2", correct: false }] });
      const board = (await get("/api/leaderboard?provider=openai")).body;
      expect(board.rows.map((r: any) => r.model_version)).toEqual(["m1"]);
      expect(board.rows[0].baseline).toMatchObject({ snapshot_version: 1 });
      expect(board.rows[0].deltas.f1).toMatchObject({ change: "better", direction: "higher" });
      expect(board.rows[0].deltas.f1.delta).toBeCloseTo(0.05, 10);
      expect(board.rows[0].deltas.cost_usd.change).toBe("worse");
      expect(board.facets.providers.sort()).toEqual(["meta", "openai"]);
      expect(board.metrics).toEqual(["cost_usd", "f1", "latency_ms"]);
      expect((await get("/api/leaderboard?sort=latency_ms")).body.rows.map((r: any) => r.model_version)).toEqual(["m2", "m1", "m3"]);
      expect((await get(`/api/leaderboard?tag=${encodeURIComponent("<img src=x onerror=alert(1)>")}`)).body.rows).toHaveLength(0);

      const efficiency = (await get("/api/efficiency?quality=f1&cost=cost_usd")).body;
      expect(Object.fromEntries(efficiency.points.map((p: any) => [p.model_version, p.on_front]))).toEqual({ m1: true, m2: true, m3: false });

      await post("/api/results?commit=c", { ...CONFIG, metrics: { f1: 0.5, cost_usd: 1.1, latency_ms: 390 } });
      await post("/api/check", { commit: "c" });
      const findings = (await get("/api/findings")).body.findings;
      expect(findings[0]).toMatchObject({ model_version: "m1", metric: "f1", verdict: "regression", commit_sha: "c", acknowledged: false });
      await post("/api/results?commit=d", { ...CONFIG, metrics: { f1: 0.86, cost_usd: 1.1, latency_ms: 390 } });
      await post("/api/check", { commit: "d" });
      expect((await get("/api/findings")).body.findings.filter((f: any) => f.metric === "f1")).toEqual([]);

      const slaApp = createApp({ deps: testDeps(db), version: "test", webDir: "/nonexistent",
        project: parseProjectConfig("c.json", JSON.stringify({ configs: [{ match: { model_version: "m1" }, sla: { latency_ms: { max: 395 } } }] })) });
      const sla = await (await slaApp.request("/api/sla")).json() as any;
      expect(sla.series).toHaveLength(1);
      expect(sla.series[0]).toMatchObject({ model_version: "m1", metric: "latency_ms", max: 395, breaches: 1 });
      expect(sla.series[0].points.map((p: any) => p.breached)).toEqual([true, false, false, false]);
    });

    it("compares two versions example by example", async () => {
      await post("/api/results", { ...CONFIG, metrics: { accuracy: 0.5 }, examples: [{ id: "q1", correct: true }, { id: "q2", correct: false }, { id: "q3", correct: true }] });
      await post("/api/results", { ...CONFIG, metrics: { accuracy: 0.5 }, examples: [{ id: "q1", correct: false }, { id: "q2", correct: true }, { id: "q4", correct: true }] });
      const compare = (await get("/api/compare?model=m1&a=1&b=2")).body;
      expect(compare.examples).toMatchObject({ shared: 2, only_a: 1, only_b: 1, changed_total: 2 });
      expect(compare.examples.changed.map((c: any) => c.id)).toEqual(["q1", "q2"]);
    });

    it("refuses other sites: wrong Host, cross-site Origin, writes that are not JSON", async () => {
      const guarded = createApp({ deps: testDeps(db), project: EMPTY_PROJECT_CONFIG, version: "test", webDir: "/nonexistent",
        allowedHosts: () => ["127.0.0.1:5178", "localhost:5178"] });
      const send = (path: string, init: RequestInit & { headers?: Record<string, string> }) => guarded.request(`http://127.0.0.1:5178${path}`, init);
      expect((await send("/api/latest", { headers: { host: "127.0.0.1:5178" } })).status).toBe(200);
      expect((await send("/api/latest", { headers: { host: "attacker.example" } })).status).toBe(403);
      const body = JSON.stringify({ ...CONFIG, metrics: { f1: 0.5 } });
      expect((await send("/api/results", { method: "POST", body, headers: { host: "127.0.0.1:5178", "content-type": "text/plain" } })).status).toBe(415);
      expect((await send("/api/results", { method: "POST", body, headers: { host: "127.0.0.1:5178", "content-type": "application/json", origin: "http://evil.example" } })).status).toBe(403);
      const [{ n }] = await db.query<{ n: number }>("select count(*)::int as n from benchmark_transactions") as [{ n: number }];
      expect(n).toBe(0);
      expect((await send("/api/results", { method: "POST", body, headers: { host: "127.0.0.1:5178", "content-type": "application/json", origin: "http://127.0.0.1:5178" } })).status).toBe(200);
    });

    it("describes every route in /api/openapi.json, and answers unknown routes with a JSON 404", async () => {
      const doc = (await get("/api/openapi.json")).body;
      expect(doc.openapi).toBe("3.1.0");
      for (const [path, method] of [["/api/health", "get"], ["/api/results", "post"], ["/api/leaderboard", "get"], ["/api/series", "get"],
        ["/api/findings", "get"], ["/api/efficiency", "get"], ["/api/sla", "get"], ["/api/latest", "get"], ["/api/history", "get"], ["/api/versions", "get"],
        ["/api/compare", "get"], ["/api/checkout", "post"], ["/api/baseline", "post"], ["/api/check", "post"], ["/api/changepoints", "get"]]) {
        expect(doc.paths[path!]?.[method!], `${method} ${path}`).toBeDefined();
      }
      expect(doc.paths["/api/history"].get.parameters.find((p: any) => p.name === "model").required).toBe(true);
      // Every read the dashboard does goes through a documented route.
      const webSources = fs.readdirSync(new URL("../../web/src", import.meta.url), { recursive: true, encoding: "utf8" })
        .filter((f) => /\.tsx?$/.test(f))
        .map((f) => fs.readFileSync(new URL(`../../web/src/${f}`, import.meta.url), "utf8"));
      const used = new Set(webSources.flatMap((source) => [...source.matchAll(/["`](\/api\/[a-z/]+)/g)].map((m) => m[1]!)));
      expect(used.size).toBeGreaterThan(5);
      for (const path of used) if (path !== "/api/openapi") expect(doc.paths[path], path).toBeDefined();
      const missing = await get("/api/nothing-here");
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe("NO_SUCH_ROUTE");
    });
  });
}
