import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { runCli, startCli, tempDir, writeJson } from "../helpers/cli.js";

const config = { model_version: "m-serve", dataset_version: "d", prompt_version: "p", environment: "ci" };

async function waitFor<T>(probe: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(50)) {
    const value = probe();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("benchledger serve over an embedded store", () => {
  it("serves the API, lets other processes push and read through it, and lets go of the store when stopped", async () => {
    const dir = tempDir();
    const store = path.join(dir, "store");
    const server = startCli(["serve", "--db", store, "--port", "0"]);
    const url = await waitFor(() => /at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output())?.[1], "the serving line");

    const health = await (await fetch(`${url}/api/health`)).json() as { status: string };
    expect(health.status).toBe("ok");
    expect(fs.existsSync(path.join(store, "server.json"))).toBe(true);
    expect(fs.statSync(path.join(store, "server.json")).mode & 0o077).toBe(0);

    const file = writeJson(dir, "r.json", { ...config, commit_sha: "c1", metrics: { f1: 0.8 } });
    const pushed = await runCli(["push", file, "--db", store, "--json"], { env: { BENCHLEDGER_LOCK_WAIT_MS: "0" } });
    expect(pushed.code, pushed.stderr).toBe(0);
    const retried = await runCli(["push", file, "--db", store, "--json"], { env: { BENCHLEDGER_LOCK_WAIT_MS: "0" } });
    expect(JSON.parse(retried.stdout).results[0]).toMatchObject({ duplicate: true, transaction_id: JSON.parse(pushed.stdout).results[0].transaction_id });

    const api = await (await fetch(`${url}/api/latest`)).json() as { latest: { model_version: string }[] };
    expect(api.latest.map((r) => r.model_version)).toEqual(["m-serve"]);
    const viaCli = await runCli(["versions", "--model", "m-serve", "--db", store, "--json"]);
    expect(JSON.parse(viaCli.stdout).versions).toHaveLength(1);
    expect((await runCli(["checkout", "--model", "m-serve", "--version", "1", "--db", store])).code).toBe(2); // already current
    expect((await runCli(["replay", "--verify", "--db", store])).code).toBe(0);

    server.kill("SIGTERM");
    expect((await server.done).code).toBe(0);
    expect(fs.existsSync(path.join(store, "server.json"))).toBe(false);
    expect(fs.existsSync(path.join(store, "lock"))).toBe(false);
    const direct = await runCli(["latest", "--db", store, "--json"], { env: { BENCHLEDGER_LOCK_WAIT_MS: "0" } });
    expect(JSON.parse(direct.stdout).latest).toHaveLength(1);
  });

  it("says which port is taken", async () => {
    const dir = tempDir();
    const first = startCli(["serve", "--db", path.join(dir, "a"), "--port", "0"]);
    const port = await waitFor(() => /:(\d+) \(Ctrl-C/.exec(first.output())?.[1], "the first server");
    const second = await runCli(["serve", "--db", path.join(dir, "b"), "--port", port]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`Cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)[\\s\\S]*--port`));
    first.kill("SIGTERM");
    await first.done;
  });
});
