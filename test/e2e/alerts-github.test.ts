import { createHmac } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { runCli, startCli, tempDir, writeJson } from "../helpers/cli.js";
import { startFakeGitHub } from "../helpers/fake-github.js";

const CONFIG = { model_version: "m-alert", dataset_version: "d", prompt_version: "p", environment: "ci" };
const SECRET = "e2e-secret";

/** No alert channel of the machine running the tests leaks into a child. */
const NO_CHANNELS = {
  BENCHLEDGER_SLACK_WEBHOOK_URL: "", BENCHLEDGER_WEBHOOK_URL: "", BENCHLEDGER_WEBHOOK_SECRET: "",
  BENCHLEDGER_GITHUB_ISSUES: "", BENCHLEDGER_GITHUB_CLOSE_ON_RECOVERY: "", BENCHLEDGER_ALERT_CONFIRM_RUNS: "",
  BENCHLEDGER_ALERT_INCONCLUSIVE: "", BENCHLEDGER_ALERT_RETRY_SECONDS: "", BENCHLEDGER_DASHBOARD_URL: "",
  GITHUB_TOKEN: "", GITHUB_REPOSITORY: "", GITHUB_API_URL: "",
};

async function waitFor<T>(probe: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(50)) {
    const value = probe();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A ledger with a regression at bbbb2222 (f1 0.9 -> 0.7), pushed by the CLI. */
async function ledgerWithRegression() {
  const dir = tempDir();
  const store = path.join(dir, "store");
  for (const [name, commit, f1] of [["a.json", "aaaa1111", 0.9], ["b.json", "bbbb2222", 0.7]] as const) {
    const pushed = await runCli(["push", writeJson(dir, name, { ...CONFIG, commit_sha: commit, metrics: { f1 } }), "--db", store], { env: NO_CHANNELS });
    expect(pushed.code, pushed.stderr).toBe(0);
  }
  return { dir, store };
}

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("alerts from the CLI", () => {
  it("check with BENCHLEDGER_GITHUB_ISSUES=true opens one issue, and a second check of the commit none", async () => {
    const github = await startFakeGitHub();
    try {
      const { store } = await ledgerWithRegression();
      const env = { ...NO_CHANNELS, BENCHLEDGER_GITHUB_ISSUES: "true", GITHUB_TOKEN: github.token, GITHUB_REPOSITORY: github.repository, GITHUB_API_URL: github.url };
      const first = await runCli(["check", "--commit", "bbbb2222", "--db", store], { env });
      expect(first.code, first.stderr).toBe(1); // the regression fails the check
      expect(first.stderr).toContain("Alerts: 1 queued; 1 delivered, 0 to retry, 0 failed");
      const second = await runCli(["check", "--commit", "bbbb2222", "--db", store, "--json"], { env });
      expect(second.code, second.stderr).toBe(1);
      expect(JSON.parse(second.stdout).alerts).toEqual({
        queued: 0, recoveries: 0, awaiting_confirmation: [], delivery: { delivered: 0, retrying: 0, failed: 0, skipped: 0 } });

      expect(github.log()).toEqual([
        "GET /repos/acme/evals/issues?state=open&labels=benchledger&per_page=100&page=1 -> 200",
        "POST /repos/acme/evals/issues -> 201",
      ]);
      expect(github.problems()).toEqual([]);
      expect(github.issues).toHaveLength(1);
      expect(github.issues[0]).toMatchObject({ title: "Regression: f1 of m-alert / d / p / ci", labels: ["benchledger", "regression"], state: "open" });
      expect(github.issues[0]!.body).toMatch(/^<!-- benchledger:incident:[0-9a-f]{24} -->\n<!-- benchledger:alert:[0-9a-f-]{36} -->\n/);
      const listed = await runCli(["alerts", "list", "--db", store, "--json"], { env: NO_CHANNELS });
      expect(JSON.parse(listed.stdout).alerts.map((a: { channel: string; status: string }) => [a.channel, a.status])).toEqual([["github", "delivered"]]);
    } finally {
      await github.close();
    }
  });

  it("closes the issue on recovery with BENCHLEDGER_GITHUB_CLOSE_ON_RECOVERY=true, with labels from the project config", async () => {
    const github = await startFakeGitHub();
    try {
      const { dir, store } = await ledgerWithRegression();
      writeJson(dir, "benchledger.config.json", { alerts: { labels: ["evals", "perf"] } });
      const env = {
        ...NO_CHANNELS, BENCHLEDGER_GITHUB_ISSUES: "true", BENCHLEDGER_GITHUB_CLOSE_ON_RECOVERY: "true",
        GITHUB_TOKEN: github.token, GITHUB_REPOSITORY: github.repository, GITHUB_API_URL: github.url,
      };
      expect((await runCli(["check", "--commit", "bbbb2222", "--db", store], { cwd: dir, env })).code).toBe(1);
      expect((await runCli(["push", writeJson(dir, "c.json", { ...CONFIG, commit_sha: "cccc3333", metrics: { f1: 0.9 } }), "--db", store], { env: NO_CHANNELS })).code).toBe(0);
      const recovered = await runCli(["check", "--commit", "cccc3333", "--db", store], { cwd: dir, env });
      expect(recovered.code, recovered.stderr).toBe(0);
      expect(recovered.stderr).toContain("Alerts: 1 queued (1 recovered); 1 delivered, 0 to retry, 0 failed");
      expect(github.log()).toEqual([
        "GET /repos/acme/evals/issues?state=open&labels=evals&per_page=100&page=1 -> 200",
        "POST /repos/acme/evals/issues -> 201",
        "GET /repos/acme/evals/issues?state=open&labels=evals&per_page=100&page=1 -> 200",
        "GET /repos/acme/evals/issues/1/comments?per_page=100&page=1 -> 200",
        "POST /repos/acme/evals/issues/1/comments -> 201",
        "PATCH /repos/acme/evals/issues/1 -> 200",
      ]);
      expect(github.issues.map((i) => [i.labels, i.state, i.state_reason])).toEqual([[["evals", "perf"], "closed", "completed"]]);
      expect(github.problems()).toEqual([]);
    } finally {
      await github.close();
    }
  });

  it("refuses BENCHLEDGER_GITHUB_ISSUES=true without GITHUB_TOKEN, naming it, before touching the ledger", async () => {
    const { store } = await ledgerWithRegression();
    const result = await runCli(["check", "--commit", "bbbb2222", "--db", store],
      { env: { ...NO_CHANNELS, BENCHLEDGER_GITHUB_ISSUES: "true", GITHUB_REPOSITORY: "acme/evals" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/BENCHLEDGER_GITHUB_ISSUES=true needs GITHUB_TOKEN and GITHUB_REPOSITORY/);
    const listed = await runCli(["alerts", "list", "--db", store, "--json"], { env: NO_CHANNELS });
    expect(JSON.parse(listed.stdout).alerts).toEqual([]);
  });

  it("holds an unconfirmed regression with BENCHLEDGER_ALERT_CONFIRM_RUNS=2 and says so", async () => {
    const hook = http.createServer((req, res) => res.writeHead(200).end());
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
    try {
      const { store } = await ledgerWithRegression();
      const env = {
        ...NO_CHANNELS, BENCHLEDGER_ALERT_CONFIRM_RUNS: "2", BENCHLEDGER_WEBHOOK_SECRET: SECRET,
        BENCHLEDGER_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
      };
      const held = await runCli(["check", "--commit", "bbbb2222", "--db", store], { env });
      expect(held.code, held.stderr).toBe(1);
      expect(held.stderr).toContain("Alert held: regression in f1 of m-alert / d / p / ci seen in 1 of the 2 runs in a row that confirm it.");
      expect(held.stderr).toContain("Alerts: 0 queued; 0 delivered, 0 to retry, 0 failed");
    } finally {
      hook.closeAllConnections();
      await new Promise<void>((resolve) => hook.close(() => resolve()));
    }
  });

  it("serve --alerts-every delivers the alert check could not, once the receiver is up", async () => {
    const { store } = await ledgerWithRegression();
    const port = await freePort();
    const env = {
      ...NO_CHANNELS, BENCHLEDGER_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, BENCHLEDGER_WEBHOOK_SECRET: SECRET,
      BENCHLEDGER_ALERT_RETRY_SECONDS: "0",
    };
    // Nobody listens: the alert stays queued with its error.
    const checked = await runCli(["check", "--commit", "bbbb2222", "--db", store], { env });
    expect(checked.code, checked.stderr).toBe(1);
    expect(checked.stderr).toContain("Alerts: 1 queued; 0 delivered, 1 to retry, 0 failed");
    const pending = JSON.parse((await runCli(["alerts", "list", "--db", store, "--json"], { env: NO_CHANNELS })).stdout).alerts;
    expect(pending).toMatchObject([{ channel: "webhook", status: "pending", attempts: 4 }]);

    const received: { path: string; signature: string; body: string }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        received.push({ path: req.url ?? "", signature: String(req.headers["x-benchledger-signature"]), body });
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(port, "127.0.0.1", resolve));
    const server = startCli(["serve", "--db", store, "--port", "0", "--alerts-every", "0.2"], { env });
    try {
      await waitFor(() => /at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output())?.[1], "the serving line");
      await waitFor(() => (received.length > 0 ? true : undefined), "the webhook delivery");
      await sleep(1000); // several more rounds: none may send it again
      expect(received).toHaveLength(1);
      expect(received[0]!.path).toBe("/hook");
      expect(JSON.parse(received[0]!.body)).toMatchObject({ event: "finding", verdict: "regression", commit_sha: "bbbb2222", config: CONFIG, baseline: 0.9, current: 0.7 });
      const signature = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(received[0]!.signature)!;
      expect(signature[2]).toBe(createHmac("sha256", SECRET).update(`${signature[1]}.${received[0]!.body}`).digest("hex"));
    } finally {
      server.kill("SIGTERM");
      const stopped = await server.done;
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(stopped.stderr).toContain("Delivering pending alerts (webhook) every 0.2 s.");
      expect(stopped.stderr).toContain("Alerts: 1 delivered, 0 to retry, 0 failed.");
    }
    expect(fs.existsSync(path.join(store, "server.json"))).toBe(false);
    const delivered = JSON.parse((await runCli(["alerts", "list", "--db", store, "--json"], { env: NO_CHANNELS })).stdout).alerts;
    expect(delivered).toMatchObject([{ channel: "webhook", status: "delivered", attempts: 5, last_error: null }]);
  });

  // Regression test (fixed): serve reads the alert settings only after it has
  // started the HTTP server (startAlertDelivery in src/cli/commands/serve.ts). A bad
  // setting then closes the ledger and fails the command, but the listening server keeps
  // the process alive (and server.json advertises it), so serve hangs instead of exiting 2.
  it("serve with BENCHLEDGER_GITHUB_ISSUES=true and no GITHUB_TOKEN exits 2 naming GITHUB_TOKEN instead of hanging", async () => {
    const dir = tempDir();
    const store = path.join(dir, "store");
    const server = startCli(["serve", "--db", store, "--port", "0", "--alerts-every", "1"],
      { env: { ...NO_CHANNELS, BENCHLEDGER_GITHUB_ISSUES: "true", GITHUB_REPOSITORY: "acme/evals" } });
    const exited = await Promise.race([server.done, sleep(15_000).then(() => null)]);
    if (exited === null) {
      server.kill("SIGKILL");
      await server.done;
    }
    expect(exited, "serve was still running 15 s later").not.toBeNull();
    expect(exited!.code).toBe(2);
    expect(exited!.stderr).toMatch(/BENCHLEDGER_GITHUB_ISSUES=true needs GITHUB_TOKEN/);
  });
});
