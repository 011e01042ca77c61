/**
 * Dashboard benchmark (npm run bench:dashboard): a PostgreSQL ledger of 1,000,000 runs
 * (generated), then the API calls behind each dashboard page, timed over HTTP against a
 * running server: median and p95 of repeated calls; then the time until each page of the
 * dashboard has drawn its data in Chromium, and a trend of 100,000 points. Targets: every
 * call under 100 ms at the median, every page within 1.5 s, the 100,000-point trend within
 * 1 s. Writes bench/dashboard/results.md.
 *
 *   BENCH_RUNS=1000000 BENCH_CONFIGS=200   size of the generated ledger
 *   BENCH_DB=postgres://.../name            reuse (or keep) this database instead of a throwaway one
 *   TEST_DATABASE_URL                       the server to create the throwaway database on
 */
import fs from "node:fs";
import postgres from "postgres";
import { parseProjectConfig } from "../../src/core/project-config.js";
import { checkRuns } from "../../src/service/check-runs.js";
import { startServer } from "../../src/server/start-server.js";
import { migrate } from "../../src/store/migrations.js";
import { createPostgresDb } from "../../src/store/postgres-driver.js";
import { addLongSeries, generateLedger } from "./generate.js";
import { timePages, type PageTiming } from "./pages.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 1_000_000);
const LONG_SERIES = 100_000;
const CONFIGS = Number(process.env.BENCH_CONFIGS ?? 200);
const WARMUP = 5;
const REPEATS = 30;
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function log(message: string): void {
  process.stderr.write(`[bench:dashboard] ${message}\n`);
}

async function prepareDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const given = process.env.BENCH_DB;
  const name = given ? new URL(given).pathname.slice(1) : `benchledger_bench_${process.pid}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
  if (!exists) await admin.unsafe(`create database ${name}`);
  const url = given ?? Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
  const db = createPostgresDb(url, { maxConnections: 2 });
  await migrate(db);
  const [{ n }] = await db.query<{ n: number }>("select count(*)::int as n from benchmark_transactions") as [{ n: number }];
  if (n < RUNS) {
    if (n > 0) throw new Error(`${name} holds ${n} runs, fewer than ${RUNS}: drop it or point BENCH_DB elsewhere.`);
    const started = Date.now();
    log(`generating ${RUNS.toLocaleString()} runs over ${CONFIGS} configs in ${name}...`);
    await generateLedger(db, { runs: RUNS, configs: CONFIGS, days: 365 });
    log(`generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } else log(`reusing ${name} with ${n.toLocaleString()} runs`);
  const [{ long }] = await db.query<{ long: number }>("select count(*)::int as long from benchmark_transactions where model_version = 'model-long'") as [{ long: number }];
  if (long === 0) {
    log(`adding one config with ${LONG_SERIES.toLocaleString()} runs for the long trend...`);
    await addLongSeries(db, LONG_SERIES);
  }
  await db.close();
  return {
    url,
    drop: async () => {
      if (!given) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

interface Timing {
  page: string;
  call: string;
  median: number;
  p95: number;
  bytes: number;
}

async function time(url: string, init?: RequestInit): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url, init);
  const body = await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${Buffer.from(body).toString().slice(0, 300)}`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}

function percentile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

async function measure(base: string, page: string, call: string): Promise<Timing> {
  for (let i = 0; i < WARMUP; i += 1) await time(base + call);
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REPEATS; i += 1) {
    const sample = await time(base + call);
    samples.push(sample.ms);
    bytes = sample.bytes;
  }
  samples.sort((a, b) => a - b);
  return { page, call, median: percentile(samples, 0.5), p95: percentile(samples, 0.95), bytes };
}

async function main(): Promise<void> {
  const started = Date.now();
  const database = await prepareDatabase();
  const db = createPostgresDb(database.url, { maxConnections: 8 });
  const deps = { db, ci: { environment: null, commit_sha: null, branch_name: null }, readGit: async () => ({ commit_sha: null, branch_name: null }), now: () => new Date() };
  const project = parseProjectConfig("bench.json", JSON.stringify({ configs: [{ match: { model_version: "model-1" }, sla: { latency_ms: { max: 600 } } }] }));
  const [{ n: findings }] = await db.query<{ n: number }>("select count(*)::int as n from benchmark_findings") as [{ n: number }];
  if (findings === 0) {
    log("recording one check of every current snapshot, for the Regressions page...");
    await checkRuns(deps, { all: true, project });
  }
  const server = await startServer({ deps, project, version: "bench", host: "127.0.0.1", port: 0, storeDir: null });
  const config = "model=model-3&dataset=dataset-0&prompt=prompt-0&env=staging";
  const calls: [string, string][] = [
    ["Current snapshot", "/api/leaderboard"],
    ["Current snapshot", "/api/leaderboard?env=staging&sort=latency_ms"],
    ["Trends", `/api/series?${config}&metric=f1`],
    ["Trends", `/api/history?${config}&metric=f1&bucket=day`],
    ["Trends", `/api/changepoints?${config}&metric=f1`],
    ["Regressions", "/api/findings"],
    ["Versions", `/api/versions?${config}`],
    ["Versions", `/api/compare?${config}&a=1&b=2`],
    ["Cost and efficiency", "/api/efficiency?quality=f1&cost=cost_usd"],
    ["SLA", "/api/sla?days=30"],
  ];
  const timings: Timing[] = [];
  for (const [page, call] of calls) {
    timings.push(await measure(server.url, page, call));
    log(`${call}: median ${timings.at(-1)!.median.toFixed(1)} ms`);
  }
  const longConfig = "model-long~dataset-long~prompt-0~staging";
  const llama = "model-3~dataset-0~prompt-0~staging";
  const pages = fs.existsSync(new URL("../../dist/web/index.html", import.meta.url))
    ? await timePages(server.url, [
      ["Current snapshot", "/"],
      ["Trends", `/trends?c=${llama}&metric=f1`],
      ["Regressions", "/regressions"],
      ["Versions", `/versions?c=${llama}`],
      ["Cost and efficiency", "/efficiency"],
      ["SLA", "/sla"],
      ["Trends, 100,000 points", `/trends?c=${longConfig}&metric=f1&limit=${LONG_SERIES}`],
    ])
    : (log("dist/web is missing (npm run build): page times skipped"), []);
  await server.close();
  await db.close();
  await database.drop();
  const report = render(timings, pages, (Date.now() - started) / 1000);
  fs.writeFileSync(new URL("./results.md", import.meta.url), report);
  process.stdout.write(report);
}

function render(timings: Timing[], pages: PageTiming[], seconds: number): string {
  const rows = timings.map((t) => `| ${t.page} | \`${t.call}\` | ${t.median.toFixed(1)} | ${t.p95.toFixed(1)} | ${(t.bytes / 1024).toFixed(0)} KiB | ${t.median < 100 ? "yes" : "**no**"} |`);
  return [
    "# Dashboard API benchmark",
    "",
    `Generated by \`npm run bench:dashboard\` (bench/dashboard/run.ts): PostgreSQL ${RUNS.toLocaleString()} runs over ${CONFIGS} configs ` +
      `(one config has ${Math.round(RUNS / CONFIGS).toLocaleString()} runs), every call over HTTP to a running server, ${WARMUP} warm-up and ${REPEATS} timed calls each. ` +
      `Run took ${seconds.toFixed(0)} s on this machine (2 cores).`,
    "",
    "| page | API call | median ms | p95 ms | response | median < 100 ms |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    "Time from navigation start until the page has drawn its data (`data-state=\"ready\"`), headless Chromium 1280×800, " +
      "the server and the browser on the same 2 cores; 1 warm-up and 7 timed loads each.",
    "",
    "| page | URL | median ms | p95 ms | target | met |",
    "|---|---|---|---|---|---|",
    ...pages.map((p) => {
      const target = p.points !== null && p.points >= 100_000 ? 1000 : 1500;
      return `| ${p.page}${p.points !== null ? ` (${p.points.toLocaleString()} points drawn)` : ""} | \`${p.url}\` | ${p.median.toFixed(0)} | ${p.p95.toFixed(0)} | ${target} ms | ${p.median < target ? "yes" : "**no**"} |`;
    }),
    "",
  ].join("\n");
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
