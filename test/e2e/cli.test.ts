import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMigrations } from "../../src/store/migrations.js";
import { dropTestDatabases, testBackends } from "../helpers/backends.js";
import { psql, runCli, startCli, tempDir, writeJson, type CliResult } from "../helpers/cli.js";

const backends = await testBackends();
afterAll(dropTestDatabases);

const config = { model_version: "m-e2e", dataset_version: "d-e2e", prompt_version: "p1", environment: "ci" };
const select = ["--model", "m-e2e", "--dataset", "d-e2e", "--prompt", "p1", "--env", "ci"];

function json<T = any>(result: CliResult): T {
  expect(result.stderr.includes("internal error"), result.stderr).toBe(false);
  return JSON.parse(result.stdout) as T;
}

/** A ledger for the CLI: an embedded directory, or a migrated PostgreSQL database. */
interface Target {
  name: string;
  db: string;
  /** Edits a snapshot row behind the ledger's back (guard triggers off), as a superuser could. */
  tamper(sql: string): Promise<void>;
  /** Runs SQL as an operator would (psql; PGlite in-process for the embedded store). */
  sql(text: string): Promise<string>;
}

async function makeTarget(kind: "embedded" | "postgres"): Promise<Target> {
  if (kind === "embedded") {
    const dir = path.join(tempDir(), "store");
    const sql = async (text: string) => {
      const pg = await PGlite.create(path.join(dir, "pgdata"));
      try {
        const results = await pg.exec(text);
        return results.flatMap((r) => r.rows.map((row) => Object.values(row).join("|"))).join("\n");
      } finally {
        await pg.close();
      }
    };
    return { name: "embedded", db: dir, sql, tamper: async (text) => void (await sql(withGuardsOff(text))) };
  }
  const backend = backends.find((b) => b.name === "postgres")!;
  const url = await backend.freshMigratedUrl!();
  const sql = async (text: string) => {
    const result = psql(url, text);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout.trim();
  };
  return { name: "postgres", db: url, sql, tamper: async (text) => void (await sql(withGuardsOff(text))) };
}

function withGuardsOff(sql: string): string {
  return `alter table benchmark_snapshots disable trigger user; ${sql}; alter table benchmark_snapshots enable trigger user;`;
}

const kinds = backends.some((b) => b.name === "postgres") ? (["embedded", "postgres"] as const) : (["embedded"] as const);

describe.each(kinds)("the CLI as a separate process (%s)", (kind) => {
  let target: Target;
  let dir: string;
  const cli = (...args: string[]) => runCli([...args, "--db", target.db]);

  beforeAll(async () => {
    target = await makeTarget(kind);
    dir = tempDir();
    expect((await runCli(["migrate", "--db", target.db])).code).toBe(0); // creates the embedded store
  });

  it("pushes, dedups a retry, versions, checks out, compares and verifies", async () => {
    const files = [0.8, 0.85, 0.7].map((f1, i) => writeJson(dir, `r${i + 1}.json`, { ...config, metrics: { f1, latency_ms: 100 + i }, commit_sha: `c${i}` }));

    const first = json(await cli("push", files[0]!, "--json"));
    expect(first).toEqual({ results: [{ transaction_id: expect.any(String), snapshot_version: 1, duplicate: false, run_key: expect.any(String), tracked: true, config }] });
    const retry = json(await cli("push", files[0]!, "--json"));
    expect(retry.results[0]).toMatchObject({ duplicate: true, snapshot_version: 1, transaction_id: first.results[0].transaction_id });

    const rest = json(await cli("push", files[1]!, files[2]!, "--json"));
    expect(rest.results.map((r: any) => r.snapshot_version)).toEqual([2, 3]);

    const checkedOut = json(await cli("checkout", ...select, "--version", "1", "--json"));
    expect(checkedOut).toMatchObject({ snapshot_version: 4, restored_from_version: 1, transaction_id: first.results[0].transaction_id });

    const { versions } = json(await cli("versions", ...select, "--json"));
    expect(versions.map((v: any) => v.snapshot_version)).toEqual([1, 2, 3, 4]);
    expect(versions.filter((v: any) => v.is_current).map((v: any) => v.snapshot_version)).toEqual([4]);
    expect(versions[3].metrics).toEqual(versions[0].metrics);

    const compared = json(await cli("compare", ...select, "--a", "1", "--b", "3", "--json"));
    const f1 = compared.deltas.find((d: any) => d.metric === "f1");
    expect([f1.a, f1.b, f1.change]).toEqual([0.8, 0.7, "worse"]);
    expect(f1.delta).toBeCloseTo(-0.1, 10);
    const human = await cli("compare", ...select, "--a", "1", "--b", "3");
    expect(human.stdout).toMatch(/f1\s+│\s+0\.8\s+│\s+0\.7\s+│\s+-0\.1\s/);

    const { latest } = json(await cli("latest", "--json"));
    expect(latest).toHaveLength(1);
    expect(latest[0]).toMatchObject({ ...config, snapshot_version: 4, metrics: { f1: 0.8, latency_ms: 100 } });

    const history = json(await cli("history", "--model", "m-e2e", "--metric", "f1", "--json"));
    expect(history.points.map((p: any) => p.value)).toEqual([0.8, 0.85, 0.7]);

    const verify = await cli("replay", "--verify");
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/OK: the 4 snapshot versions match a replay of the 3 runs/);
  });

  it.each([
    ["bad JSON", "bad.json", '{"model_version": "m", "metrics": {"f1": 0.9}', /bad\.json: \$: not valid JSON: .* at line 1, column \d+/],
    ["missing metrics", "nometrics.json", { model_version: "m", dataset_version: "d" }, /nometrics\.json: \$\.metrics: missing/],
    ["a string metric", "string.json", { model_version: "m", dataset_version: "d", metrics: { f1: "0.9" } }, /string\.json: \$\.metrics\.f1: expected a finite number .*got the string "0\.9"/],
    ["NaN", "nan.json", '{"model_version": "m", "dataset_version": "d", "metrics": {"f1": NaN}}', /nan\.json: \$\.metrics\.f1: .*got NaN/],
    ["Infinity", "inf.json", '{"model_version": "m", "dataset_version": "d", "metrics": {"loss": -Infinity}}', /inf\.json: \$\.metrics\.loss: .*got -Infinity/],
    ["tags of an unknown type", "tags.json", { model_version: "m", dataset_version: "d", metrics: { f1: 1 }, tags: { a: 1 } }, /tags\.json: \$\.tags: expected an array of strings/],
    ["an empty file", "empty.json", "", /empty\.json: \$: the file is empty/],
  ])("rejects %s: exit 2, names file and field, writes nothing", async (_, name, content, message) => {
    const before = json(await cli("latest", "--json")).latest;
    const good = writeJson(dir, "good-beside-bad.json", { ...config, model_version: "never-written", metrics: { f1: 0.5 } });
    const bad = writeJson(dir, name, content);
    const result = await cli("push", good, bad);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/nothing was recorded/);
    expect(json(await cli("latest", "--json")).latest).toEqual(before);
  });

  it("replay --verify fails naming the config when a snapshot is altered behind its back", async () => {
    await target.tamper("update benchmark_snapshots set metrics = '{\"f1\": 0.99}' where snapshot_version = 2 and model_version = 'm-e2e'");
    const verify = await cli("replay", "--verify");
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/m-e2e \/ d-e2e \/ p1 \/ ci v2: metrics are \{"f1": 0\.99\}/);
    expect(verify.stderr).toMatch(/differs from the log in 1 place/);
    const asJson = json(await cli("replay", "--verify", "--json"));
    expect(asJson).toMatchObject({ ok: false, differences: [{ ...config, snapshot_version: 2 }] });

    expect((await cli("replay")).code).toBe(0);
    expect((await cli("replay", "--verify")).code).toBe(0);
    const { versions } = json(await cli("versions", ...select, "--json"));
    expect(versions[1].metrics).toEqual({ f1: 0.85, latency_ms: 101 });
  });

  it("is atomic: when the snapshot step fails, the push exits non-zero and no transaction row remains", async () => {
    await target.sql("alter table benchmark_snapshots add constraint trip_for_test check (model_version <> 'trip-me')");
    const runs = await target.sql("select count(*) from benchmark_transactions");
    const file = writeJson(dir, "trip.json", { ...config, model_version: "trip-me", metrics: { f1: 0.5 } });
    const result = await cli("push", file);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/trip_for_test/);
    expect(await target.sql("select count(*) from benchmark_transactions")).toBe(runs);
    expect(await target.sql("select count(*) from benchmark_transactions where model_version = 'trip-me'")).toBe("0");
    await target.sql("alter table benchmark_snapshots drop constraint trip_for_test");
  });

  it("teaches: --help lists the commands, usage errors exit 2", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["push", "latest", "history", "versions", "compare", "checkout", "baseline", "replay", "migrate", "demo",
      "check", "ack", "changepoints", "drift", "thresholds"]) {
      expect(help.stdout).toContain(command);
    }
    expect((await runCli(["frobnicate"])).code).toBe(2);
    expect((await runCli(["push"])).code).toBe(2);
    expect((await cli("checkout", ...select)).code).toBe(2); // --version missing
    expect((await cli("checkout", ...select, "--version", "zero")).code).toBe(2);
    const missing = await cli("push", path.join(dir, "does-not-exist.json"));
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/does-not-exist\.json: no such file/)]);
  });
});

describe.runIf(kinds.includes("postgres" as never))("PostgreSQL through the CLI and psql", () => {
  const postgres = () => backends.find((b) => b.name === "postgres")!;

  it("16 processes pushing distinct runs to one config at once end with versions exactly 1..16", async () => {
    const url = await postgres().freshMigratedUrl!();
    const dir = tempDir();
    const runs = Array.from({ length: 16 }, (_, i) => writeJson(dir, `run-${i}.json`, { ...config, metrics: { f1: i / 100 }, run_key: `job-${i}` }));
    const results = await Promise.all(runs.map((file) => runCli(["push", file, "--db", url, "--json"])));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const versions = results.map((r) => json(r).results[0].snapshot_version).sort((a: number, b: number) => a - b);
    expect(versions).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(psql(url, "select count(*) from benchmark_transactions").stdout.trim()).toBe("16");
    expect(psql(url, "select string_agg(snapshot_version::text, ',' order by snapshot_version) from benchmark_snapshots").stdout.trim())
      .toBe(Array.from({ length: 16 }, (_, i) => i + 1).join(","));
    expect(psql(url, "select snapshot_version from benchmark_snapshots where is_current").stdout.trim()).toBe("16");
    expect((await runCli(["replay", "--verify", "--db", url])).code).toBe(0);
  });

  it("the log refuses UPDATE, DELETE and TRUNCATE from psql with an append-only error; the row is unchanged", async () => {
    const url = await postgres().freshMigratedUrl!();
    const file = writeJson(tempDir(), "r.json", { ...config, metrics: { f1: 0.9 }, commit_sha: "abc" });
    expect((await runCli(["push", file, "--db", url])).code).toBe(0);
    const row = () => psql(url, "select id, commit_sha, metrics::text from benchmark_transactions").stdout;
    const before = row();
    for (const [statement, op] of [
      ["update benchmark_transactions set commit_sha = 'evil'", "UPDATE"],
      ["delete from benchmark_transactions", "DELETE"],
      ["truncate benchmark_transactions", "TRUNCATE"],
    ] as const) {
      const result = psql(url, statement);
      expect(result.code, statement).not.toBe(0);
      expect(result.stderr).toContain(`benchmark_transactions is append-only: ${op} is not allowed`);
    }
    expect(row()).toBe(before);
  });

  it("says to migrate an unmigrated database, migrates it once, and says what it cannot reach", async () => {
    const { db, url } = await postgres().freshEmptyDb();
    await db.close();
    const unmigrated = await runCli(["latest", "--db", url!]);
    expect(unmigrated.code).toBe(1);
    expect(unmigrated.stderr).toMatch(/not migrated[\s\S]*hint: Run: benchledger migrate --db/);
    const migrated = json(await runCli(["migrate", "--db", url!, "--json"]));
    expect(migrated.applied).toEqual(readMigrations().map((m) => m.file));
    expect(migrated.applied[0]).toBe("0001_create_ledger.sql");
    expect(json(await runCli(["migrate", "--db", url!, "--json"])).applied).toEqual([]);
    expect((await runCli(["latest", "--db", url!])).code).toBe(0);

    const unreachable = await runCli(["latest", "--db", "postgres://nobody:secret@127.0.0.1:1/none"]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/Cannot connect to the database postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/);
    expect(unreachable.stderr).not.toContain("secret");
    expect(unreachable.stderr).toMatch(/hint: Check that PostgreSQL is running/);
  });
});

describe("an embedded store shared by two processes", () => {
  it("stops a second process with an error naming the holder, and loses nothing", async () => {
    const store = path.join(tempDir(), "store");
    const demo = startCli(["demo", "--db", store]);
    const lockFile = path.join(store, "lock");
    for (let i = 0; i < 200 && !fs.existsSync(lockFile); i += 1) await sleep(25);
    expect(fs.existsSync(lockFile)).toBe(true);
    const second = await runCli(["latest", "--db", store], { env: { BENCHLEDGER_LOCK_WAIT_MS: "0" } });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`The embedded store ${store} is in use by process ${demo.pid}`);
    expect(second.stderr).toContain("benchledger demo");
    const finished = await demo.done;
    expect(finished.code, finished.stderr).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);
    expect(json(await runCli(["latest", "--db", store, "--json"])).latest).toHaveLength(8);
    expect((await runCli(["replay", "--verify", "--db", store])).code).toBe(0);
  });

  it("lets processes that wait take turns: two pushes at once both land", async () => {
    const dir = tempDir();
    const store = path.join(dir, "store");
    expect((await runCli(["migrate", "--db", store])).code).toBe(0);
    const files = [1, 2].map((i) => writeJson(dir, `r${i}.json`, { ...config, metrics: { f1: i / 10 } }));
    const results = await Promise.all(files.map((file) => runCli(["push", file, "--db", store, "--json"])));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    expect(results.map((r) => json(r).results[0].snapshot_version).sort()).toEqual([1, 2]);
  });

  it("takes over the lock of a process that died", async () => {
    const store = path.join(tempDir(), "store");
    expect((await runCli(["migrate", "--db", store])).code).toBe(0);
    const dead = startCli(["--version"]);
    await dead.done;
    fs.writeFileSync(path.join(store, "lock"), JSON.stringify({ pid: dead.pid, hostname: (await import("node:os")).hostname(), command: "benchledger push", started_at: "2026-01-01T00:00:00Z" }));
    const result = await runCli(["latest", "--db", store], { env: { BENCHLEDGER_LOCK_WAIT_MS: "0" } });
    expect(result.code, result.stderr).toBe(0);
  });
});
