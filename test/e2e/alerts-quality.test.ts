import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir, writeJson } from "../helpers/cli.js";

const config = { model_version: "m-quality", dataset_version: "d", prompt_version: "p", environment: "ci" };

describe("benchledger ack --as and alerts quality through the CLI (embedded)", () => {
  let dir: string;
  let db: string;
  let hookUrl: string;
  let received = 0;
  let server: http.Server;
  const cli = (...args: string[]) =>
    runCli([...args, "--db", db], { cwd: dir, env: { BENCHLEDGER_WEBHOOK_URL: hookUrl, BENCHLEDGER_WEBHOOK_SECRET: "s3cret" } });

  beforeAll(async () => {
    dir = tempDir();
    db = path.join(dir, "store");
    server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        received += 1;
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("alerts a regression, records a false-positive acknowledgement, and reports the precision", async () => {
    const a = writeJson(dir, "a.json", { ...config, commit_sha: "aaaa1111", metrics: { f1: 0.9 } });
    const b = writeJson(dir, "b.json", { ...config, commit_sha: "bbbb2222", metrics: { f1: 0.7 } });
    expect((await cli("push", a, b)).code).toBe(0);
    const failing = await cli("check", "--commit", "bbbb2222", "--json");
    expect(failing.code, failing.stderr).toBe(1);
    expect(JSON.parse(failing.stdout).alerts).toMatchObject({ queued: 1 });
    expect(received).toBe(1);

    const pending = JSON.parse((await cli("alerts", "quality", "--json")).stdout);
    expect(pending.total).toMatchObject({ alerts: 1, pending: 1, precision: null });

    const wrong = await cli("ack", "--model", "m-quality", "--metric", "f1", "--commit", "bbbb2222", "--as", "maybe", "--reason", "x");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/Allowed choices are expected, false-positive/);

    const ack = await cli("ack", "--model", "m-quality", "--metric", "f1", "--commit", "bbbb2222", "--as", "false-positive", "--reason", "flaky grader", "--json");
    expect(ack.code, ack.stderr).toBe(0);
    expect(JSON.parse(ack.stdout)).toMatchObject({ metric: "f1", commit_sha: "bbbb2222", kind: "false-positive", reason: "flaky grader", config });
    const passing = await cli("check", "--commit", "bbbb2222");
    expect(passing.code, passing.stdout + passing.stderr).toBe(0);

    const quality = await cli("alerts", "quality", "--json");
    expect(quality.code, quality.stderr).toBe(0);
    const report = JSON.parse(quality.stdout);
    expect(report.rows).toEqual([
      { metric: "f1", method: "threshold", alerts: 1, confirmed: 0, expected: 0, false_positive: 1, recovered: 0, pending: 0, precision: 0 },
    ]);
    expect(report.total).toEqual({ alerts: 1, confirmed: 0, expected: 0, false_positive: 1, recovered: 0, pending: 0, precision: 0 });

    const table = await cli("alerts", "quality");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/metric\s*│\s*method\s*│\s*alerts\s*│\s*confirmed\s*│\s*expected\s*│\s*false positive\s*│\s*recovered\s*│\s*pending\s*│\s*precision/);
    expect(table.stdout).toMatch(/f1\s*│\s*threshold\s*│\s*1\s*│\s*0\s*│\s*0\s*│\s*1\s*│\s*0\s*│\s*0\s*│\s*0%/);
    expect(table.stdout).toMatch(/precision = \(confirmed \+ expected\) \/ \(confirmed \+ expected \+ false positive \+ recovered\)/);

    const later = JSON.parse((await cli("alerts", "quality", "--since", "2999-01-01", "--json")).stdout);
    expect(later.total.alerts).toBe(0);
    const badDate = await cli("alerts", "quality", "--since", "yesterday");
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/--since must be a date like 2025-01-31/);
  });
});
