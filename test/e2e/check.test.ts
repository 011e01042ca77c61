import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../src/core/random.js";
import { dropTestDatabases, testBackends } from "../helpers/backends.js";
import { runCli, tempDir, writeJson } from "../helpers/cli.js";

const backends = await testBackends();
afterAll(dropTestDatabases);

const config = { model_version: "m-check", dataset_version: "d", prompt_version: "p", environment: "ci" };

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
}

function examples(n: number, correct: number) {
  return Array.from({ length: n }, (_, i) => ({ id: `q${i}`, correct: i < correct }));
}

const kinds = backends.some((b) => b.name === "postgres") ? (["embedded", "postgres"] as const) : (["embedded"] as const);

describe.each(kinds)("benchledger check through the CLI (%s)", (kind) => {
  let db: string;
  let dir: string;
  const cli = (...args: string[]) => runCli([...args, "--db", db], { cwd: dir });

  beforeAll(async () => {
    dir = tempDir();
    db = kind === "embedded" ? path.join(dir, "store") : await backends.find((b) => b.name === "postgres")!.freshMigratedUrl!();
  });

  it("calls accuracy 0.80 -> 0.70 on 20 examples inconclusive (exit 0), on 2,000 a regression (exit 1)", async () => {
    for (const [n, model] of [[20, "small"], [2000, "large"]] as const) {
      const base = writeJson(dir, `${model}-0.json`, { ...config, model_version: model, commit_sha: `${model}-a`, metrics: { accuracy: 0.8 }, examples: examples(n, n * 0.8) });
      const next = writeJson(dir, `${model}-1.json`, { ...config, model_version: model, commit_sha: `${model}-b`, metrics: { accuracy: 0.7 }, examples: examples(n, n * 0.7) });
      expect((await cli("push", base, next)).code).toBe(0);
    }
    const small = await cli("check", "--commit", "small-b", "--json");
    expect(small.code, small.stderr).toBe(0);
    const smallReport = JSON.parse(small.stdout);
    expect(smallReport.verdict).toBe("inconclusive");
    expect(smallReport.findings[0]).toMatchObject({ metric: "accuracy", verdict: "inconclusive", method: "mcnemar", n: 20, current: 0.7, baseline: 0.8 });

    const markdown = path.join(dir, "report.md");
    const large = await cli("check", "--commit", "large-b", "--json", "--markdown", markdown);
    expect(large.code).toBe(1);
    const largeReport = JSON.parse(large.stdout);
    expect(largeReport.verdict).toBe("regression");
    const finding = largeReport.findings[0];
    expect(finding).toMatchObject({ ...config, model_version: "large", metric: "accuracy", verdict: "regression", method: "mcnemar", n: 2000, threshold: { absolute: 0.01 } });
    for (const key of ["current", "baseline", "delta", "p_value", "ci_low", "ci_high"]) expect(typeof finding[key], key).toBe("number");
    expect(finding.ci_high).toBeLessThan(0);
    expect(fs.readFileSync(markdown, "utf8")).toMatch(/## benchledger: Regression \(failing\)[\s\S]*### large \/ d \/ p \/ ci\n\n\| verdict \|[^\n]*\n\|---[^\n]*\n\| \*\*regression\*\* \| `accuracy` \| 0\.8 \| 0\.7 \|/);
  });

  it("passes f1 0.895 after 30 runs at 0.90 +- 0.01, and fails 0.80", async () => {
    const random = seededRandom(11);
    const history = Array.from({ length: 30 }, (_, i) => ({ ...config, commit_sha: `h${i}`, metrics: { f1: Number((0.9 + 0.01 * gaussian(random)).toFixed(4)) } }));
    expect((await cli("push", writeJson(dir, "history.json", history))).code).toBe(0);

    expect((await cli("push", writeJson(dir, "good.json", { ...config, commit_sha: "good", metrics: { f1: 0.895 } }))).code).toBe(0);
    const good = await cli("check", "--commit", "good");
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(/Verdict: ok\./);

    expect((await cli("push", writeJson(dir, "bad.json", { ...config, commit_sha: "bad", metrics: { f1: 0.8 } }))).code).toBe(0);
    const bad = await cli("check", "--commit", "bad");
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/regression: m-check \/ d \/ p \/ ci: f1 0\.(9|89)\d* -> 0\.8, /);
    expect(bad.stdout).toMatch(/Verdict: regression \(fails at --fail-on regression\)\./);
  });

  it("stops failing once the change is acknowledged", async () => {
    const ack = await cli("ack", "--model", "m-check", "--metric", "f1", "--commit", "bad", "--reason", "expected: smaller model");
    expect(ack.code, ack.stderr).toBe(0);
    const again = await cli("check", "--commit", "bad", "--json");
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).findings.find((f: { metric: string }) => f.metric === "f1")).toMatchObject({ verdict: "regression", acknowledged: true });
  });

  it("reads thresholds and SLAs from benchledger.config.json, and names a bad field of it", async () => {
    fs.writeFileSync(path.join(dir, "benchledger.config.json"), JSON.stringify({ metrics: { f1: { threshold: { absolute: 0.2 } } } }));
    const relaxed = await cli("check", "--commit", "bad", "--no-record");
    expect(relaxed.code).toBe(0);
    fs.writeFileSync(path.join(dir, "benchledger.config.json"), JSON.stringify({ metrics: { f1: { direction: "up" } } }));
    const broken = await cli("check", "--commit", "bad");
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/benchledger\.config\.json: \$\.metrics\.f1\.direction/);
    fs.rmSync(path.join(dir, "benchledger.config.json"));
  });

  it("names the commit of a level shift (changepoints), and prints drift and suggested thresholds as JSON", async () => {
    const random = seededRandom(21);
    const runs = Array.from({ length: 40 }, (_, i) => ({ ...config, model_version: "cp", commit_sha: `s${i}`,
      metrics: { f1: Number(((i < 25 ? 0.9 : 0.86) + 0.004 * gaussian(random)).toFixed(4)), confidence: { mean: 0.8 } } }));
    expect((await cli("push", writeJson(dir, "steps.json", runs))).code).toBe(0);
    const cp = await cli("changepoints", "--model", "cp", "--metric", "f1", "--json");
    expect(cp.code, cp.stderr).toBe(0);
    const { change_points } = JSON.parse(cp.stdout);
    expect(change_points).toHaveLength(1);
    expect(change_points[0]).toMatchObject({ index: 25, commit_sha: "s25", direction: "regression" });
    for (const key of ["created_at", "before_mean", "after_mean", "p_value"]) expect(change_points[0]).toHaveProperty(key);

    const drift = await cli("drift", "--model", "cp", "--json");
    expect(drift.code, drift.stderr).toBe(0);
    expect(JSON.parse(drift.stdout)).toMatchObject({ current_version: 40, baseline_version: 39, baseline_source: "previous" });

    const suggested = await cli("thresholds", "suggest", "--json");
    expect(suggested.code, suggested.stderr).toBe(0);
    expect(JSON.parse(suggested.stdout).suggestions.some((s: { model_version: string; metric: string }) => s.model_version === "cp" && s.metric === "f1")).toBe(true);
  });
});
