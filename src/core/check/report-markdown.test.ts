import { describe, expect, it } from "vitest";
import type { TransactionId } from "../types.js";
import { SEVERITY, type Finding, type Verdict } from "./finding.js";
import { renderCheckMarkdown, type MarkdownInput } from "./report-markdown.js";

function finding(verdict: Verdict, overrides: Partial<Finding> = {}): Finding {
  return {
    model_version: "gpt-4o", dataset_version: "qa-v1", prompt_version: "p1", environment: "ci",
    transaction_id: "r1" as TransactionId, commit_sha: "0123456789abcdef", metric: "f1", direction: "higher", kind: "quality",
    gating: true, current: 0.8, baseline: 0.9, delta: -0.1, delta_pct: -11.11, threshold: { absolute: 0.01 }, method: "threshold",
    p_value: null, q_value: null, ci_low: null, ci_high: null, n: 2, samples: { current: 1, baseline: 1, history: 0, examples: null },
    baseline_source: "baseline", baseline_transaction_id: "base" as TransactionId, verdict, acknowledged: false,
    reason: `reason of ${verdict}`,
    ...overrides,
  };
}

function report(findings: Finding[], overrides: Partial<MarkdownInput> = {}): string {
  return renderCheckMarkdown({ verdict: "ok", failing: false, fail_on: "regression", commit_sha: "0123456789abcdef", runs: 1, findings, ...overrides });
}

/** The body rows of the findings tables (not the headers or their rules). */
function tableRows(markdown: string): string[] {
  return markdown.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| verdict |"));
}

/** The cells of a table row, split on unescaped pipes. */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
}

describe("renderCheckMarkdown: headline", () => {
  it.each<[Verdict, RegExp, RegExp]>([
    ["regression", /regression/i, /no regression/i],
    ["sla", /SLA/, /no regression/i],
    ["tradeoff", /tradeoff/i, /no regression/i],
    ["inconclusive", /inconclusive/i, /no regression/i],
    ["improvement", /improvement/i, /regression/i],
    ["ok", /no regression/i, /improvement|inconclusive|tradeoff/i],
  ])("%s", (verdict, words, notWords) => {
    const headline = report([], { verdict }).split("\n")[0]!;
    expect(headline.startsWith("## ")).toBe(true);
    expect(headline).toMatch(words);
    expect(headline).not.toMatch(notWords);
    expect(headline).not.toContain("failing");
  });

  it("gives every verdict its own headline", () => {
    const verdicts: Verdict[] = ["regression", "sla", "tradeoff", "inconclusive", "improvement", "ok"];
    expect(new Set(verdicts.map((verdict) => report([], { verdict }).split("\n")[0])).size).toBe(6);
  });

  it("says when the check fails", () => {
    expect(report([], { verdict: "regression", failing: true }).split("\n")[0]).toMatch(/regression.*failing/i);
  });

  it("names the runs, the short commit and the fail-on level", () => {
    const text = report([], { runs: 3, fail_on: "inconclusive" });
    expect(text).toContain("3 runs");
    expect(text).toContain("`0123456789ab`");
    expect(text).not.toContain("0123456789abc"); // 12 characters of the sha
    expect(text).toContain("`inconclusive`");
    expect(report([], { runs: 1 })).toMatch(/\b1 run\b(?!s)/);
    expect(report([], { commit_sha: null })).not.toContain("`null`");
  });
});

describe("renderCheckMarkdown: a table per config", () => {
  const scrambled = [
    finding("ok", { metric: "a_ok" }),
    finding("improvement", { metric: "m_improvement", delta: 0.1, delta_pct: 12.5 }),
    finding("regression", { metric: "z_regression" }),
    finding("inconclusive", { metric: "m_inconclusive" }),
    finding("sla", { metric: "latency_ms", method: "static" }),
    finding("tradeoff", { metric: "cost", kind: "cost" }),
    finding("ok", { metric: "b_ok", gating: false }),
  ];

  it("lists the config's metrics worst first, the gating ones that are fine last, and leaves out fine metrics that do not gate", () => {
    const rows = tableRows(report(scrambled));
    const verdicts = rows.map((row) => cells(row)[0]!.replace(/\*/g, "").split(" ")[0] as Verdict);
    expect(new Set(verdicts.slice(0, 2))).toEqual(new Set(["regression", "sla"]));
    expect(verdicts.slice(2)).toEqual(["tradeoff", "inconclusive", "improvement", "ok"]);
    expect(rows.map((row) => cells(row)[1])).not.toContain("`b_ok`");
    expect(cells(rows.at(-1)!)[1]).toBe("`a_ok`");
  });

  it("heads each table with its config and has eight columns with the rule under them", () => {
    const lines = report(scrambled).split("\n");
    expect(lines).toContain("### gpt-4o / qa-v1 / p1 / ci");
    const header = lines.find((line) => line.startsWith("| "))!;
    expect(cells(header)).toEqual(["verdict", "metric", "baseline", "current", "delta", "test", "p / q", "n"]);
    expect(lines[lines.indexOf(header) + 1]).toBe("|---|---|---|---|---|---|---|---|");
  });

  it("gives every config its own table, the worst config first, and folds away the configs with nothing to report", () => {
    const text = report([
      finding("ok", { model_version: "a-fine" }),
      finding("improvement", { model_version: "b-better" }),
      finding("regression", { model_version: "c-worse" }),
    ]);
    const headings = text.split("\n").filter((line) => line.startsWith("### "));
    expect(headings).toEqual(["### c-worse / qa-v1 / p1 / ci", "### b-better / qa-v1 / p1 / ci", "### a-fine / qa-v1 / p1 / ci"]);
    const folded = text.slice(text.indexOf("<summary>1 config with nothing to report</summary>"));
    expect(folded.indexOf("### a-fine")).toBeGreaterThan(0);
    expect(folded.indexOf("### a-fine")).toBeLessThan(folded.indexOf("</details>"));
  });

  it("links each metric and each config to its trend on the dashboard when one is configured", () => {
    const text = renderCheckMarkdown({ verdict: "regression", failing: true, fail_on: "regression", commit_sha: null, runs: 1,
      findings: [finding("regression", { metric: "f1" })] }, { dashboardUrl: "https://bench.example.com" });
    const trend = "https://bench.example.com/trends?c=gpt-4o%7Eqa-v1%7Ep1%7Eci&metric=f1";
    expect(text).toContain(`### gpt-4o / qa-v1 / p1 / ci · [trend](${trend})`);
    expect(cells(tableRows(text)[0]!)[1]).toBe(`[\`f1\`](${trend})`);
    expect(report([finding("regression")])).not.toContain("](");
  });

  it("shows a finding's numbers in its row", () => {
    const row = tableRows(report([finding("regression", {
      current: 0.8, baseline: 0.9, delta: -0.1, delta_pct: -11.11, method: "mcnemar", p_value: 0.0123, q_value: 0.0246, n: 200,
    })]))[0]!;
    const [verdict, metric, base, current, delta, test, pq, n] = cells(row);
    expect(verdict).toContain("regression");
    expect(metric).toBe("`f1`");
    expect(base).toBe("0.9");
    expect(current).toBe("0.8");
    expect(delta).toBe("-0.1 (-11.1%)");
    expect(test).toBe("mcnemar");
    expect(pq).toBe("0.0123 / 0.0246");
    expect(n).toBe("200");
  });

  it("signs an increase, writes tiny p-values in exponent form and a missing q as -", () => {
    const row = tableRows(report([finding("improvement", { delta: 0.1, delta_pct: 12.5, current: 1, baseline: 0.9, p_value: 3.8e-33, q_value: null })]))[0]!;
    const c = cells(row);
    expect(c[4]).toBe("+0.1 (+12.5%)");
    expect(c[6]).toBe("3.8e-33 / -");
  });

  it("leaves the number cells of an SLA finding without a baseline empty", () => {
    const c = cells(tableRows(report([finding("sla", { baseline: null, delta: null, delta_pct: null, current: 620, method: "static" })]))[0]!);
    expect(c[2]).toBe("");
    expect(c[3]).toBe("620");
    expect(c[4]).toBe("");
    expect(c[6]).toBe("");
  });

  it("marks an acknowledged finding", () => {
    expect(cells(tableRows(report([finding("regression", { acknowledged: true })]))[0]!)[0]).toMatch(/ack/);
  });

  it("escapes pipes in names so the row keeps its eight cells, and HTML in the config's heading", () => {
    const text = report([finding("regression", { metric: "acc|none", model_version: "org|<b>model" })]);
    const row = tableRows(text)[0]!;
    expect(row).toContain("`acc\\|none`");
    expect(cells(row)).toHaveLength(8);
    expect(text).toContain("### org\\|&lt;b>model / qa-v1 / p1 / ci");
  });

  // Regression test (fixed): "<" is escaped as "&lt;" inside the metric's code span too, where
  // CommonMark does not decode entities, so `a<b` shows as `a&lt;b`. In a code span "<" is
  // already literal.
  it("shows a metric with < as it is inside its code span", () => {
    const row = tableRows(report([finding("regression", { metric: "loss<0.5_rate" })]))[0]!;
    expect(cells(row)[1]).toBe("`loss<0.5_rate`");
  });

  it("says there is nothing to look at when every finding is ok, and folds the config's table away", () => {
    const text = report([finding("ok"), finding("ok", { metric: "recall" })]);
    expect(text).toContain("within its threshold or the noise");
    expect(text.indexOf("|---")).toBeGreaterThan(text.indexOf("<summary>1 config with nothing to report</summary>"));
  });
});

describe("renderCheckMarkdown: the details list", () => {
  it("lists every finding, ok ones included, with its verdict, config, metric and reason", () => {
    const findings = [
      finding("ok", { metric: "recall", reason: "recall 0.5 -> 0.5, +0" }),
      finding("regression", { metric: "f1", reason: "f1 0.9 -> 0.8, -0.1", acknowledged: true }),
      finding("sla", { metric: "latency_ms", reason: "latency_ms is 620; the SLA says <= 500: breached" }),
    ];
    const text = report(findings);
    const details = text.slice(text.indexOf("<details>"), text.indexOf("</details>"));
    const items = details.split("\n").filter((line) => line.startsWith("- "));
    expect(items).toHaveLength(3);
    expect(items[0]).toBe("- **ok** gpt-4o / qa-v1 / p1 / ci `recall`: recall 0.5 -> 0.5, +0");
    expect(items[1]).toContain("**regression**");
    expect(items[1]).toContain("acknowledged");
    expect(items[1]).toContain("f1 0.9 -> 0.8, -0.1");
    // "<" would open an HTML tag in a pull-request comment
    expect(items[2]).toContain("the SLA says &lt;= 500: breached");
    expect(text.trimEnd().endsWith("</details>")).toBe(true);
  });

  it("escapes pipes in reasons", () => {
    const text = report([finding("regression", { metric: "a|b", reason: "a|b 0.9 -> 0.8" })]);
    const item = text.split("\n").find((line) => line.startsWith("- "))!;
    expect(item).toContain("a\\|b 0.9 -> 0.8");
  });

  it("has a details block even with no findings", () => {
    const text = report([]);
    expect(text).toContain("<details>");
    expect(text).toContain("</details>");
    expect(text.split("\n").filter((line) => line.startsWith("- "))).toEqual([]);
  });
});

describe("renderCheckMarkdown: a pull request's merge base", () => {
  const base = "abc1234def5678abc1234def5678abc1234def56";

  it("says the pull request's runs were compared with the base branch at the merge base", () => {
    const text = report([finding("ok", { baseline_source: "merge-base" })], { base_commit: base, base_branch: "main" });
    expect(text).toContain("compared with `main` at `abc1234def56` (merge base)");
    expect(text).not.toContain(base); // the short sha only
  });

  it("names the base branch generically when the CI does not", () => {
    expect(report([finding("ok", { baseline_source: "merge-base" })], { base_commit: base, base_branch: null }))
      .toContain("compared with the base branch at `abc1234def56` (merge base)");
  });

  it("says when the merge base has no run to compare with", () => {
    const text = report([finding("ok", { baseline_source: "baseline" })], { base_commit: base, base_branch: "main" });
    expect(text).toContain("No run of `main` at the merge base `abc1234def56`");
    expect(text).not.toContain("(merge base)");
  });

  it("says nothing of a merge base when there is none", () => {
    for (const overrides of [{}, { base_commit: null, base_branch: "main" }]) {
      expect(report([finding("ok", { baseline_source: "previous" })], overrides)).not.toMatch(/merge base/i);
    }
  });
});
