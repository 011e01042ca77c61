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

/** The body rows of the findings table (not the header or its rule). */
function tableRows(markdown: string): string[] {
  const lines = markdown.split("\n").filter((line) => line.startsWith("| "));
  return lines.slice(1);
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

describe("renderCheckMarkdown: the notable table", () => {
  const scrambled = [
    finding("ok", { metric: "a_ok" }),
    finding("improvement", { metric: "m_improvement", delta: 0.1, delta_pct: 12.5 }),
    finding("regression", { metric: "z_regression" }),
    finding("inconclusive", { metric: "m_inconclusive" }),
    finding("sla", { metric: "latency_ms", method: "static" }),
    finding("tradeoff", { metric: "cost", kind: "cost" }),
    finding("ok", { metric: "b_ok" }),
  ];

  it("lists every finding but the ok ones, worst first", () => {
    const rows = tableRows(report(scrambled));
    expect(rows).toHaveLength(5);
    const verdicts = rows.map((row) => cells(row)[0]!.replace(/\*/g, "").split(" ")[0] as Verdict);
    expect(new Set(verdicts)).toEqual(new Set(["regression", "sla", "tradeoff", "inconclusive", "improvement"]));
    const severities = verdicts.map((v) => SEVERITY[v]);
    expect(severities).toEqual([...severities].sort((x, y) => y - x));
    expect(verdicts.slice(2)).toEqual(["tradeoff", "inconclusive", "improvement"]);
  });

  it("has a header with nine columns and the rule under it", () => {
    const lines = report(scrambled).split("\n");
    const header = lines.find((line) => line.startsWith("| "))!;
    expect(cells(header)).toHaveLength(9);
    expect(lines[lines.indexOf(header) + 1]).toBe("|---|---|---|---|---|---|---|---|---|");
  });

  it("shows a finding's numbers in its row", () => {
    const row = tableRows(report([finding("regression", {
      current: 0.8, baseline: 0.9, delta: -0.1, delta_pct: -11.11, method: "mcnemar", p_value: 0.0123, q_value: 0.0246, n: 200,
    })]))[0]!;
    const [verdict, config, metric, base, current, delta, test, pq, n] = cells(row);
    expect(verdict).toContain("regression");
    expect(config).toBe("gpt-4o / qa-v1 / p1 / ci");
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
    expect(c[5]).toBe("+0.1 (+12.5%)");
    expect(c[7]).toBe("3.8e-33 / -");
  });

  it("leaves the number cells of an SLA finding without a baseline empty", () => {
    const c = cells(tableRows(report([finding("sla", { baseline: null, delta: null, delta_pct: null, current: 620, method: "static" })]))[0]!);
    expect(c[3]).toBe("");
    expect(c[4]).toBe("620");
    expect(c[5]).toBe("");
    expect(c[7]).toBe("");
  });

  it("marks an acknowledged finding", () => {
    expect(cells(tableRows(report([finding("regression", { acknowledged: true })]))[0]!)[0]).toMatch(/ack/);
  });

  it("escapes pipes in names so the row keeps its nine cells", () => {
    const row = tableRows(report([finding("regression", { metric: "acc|none", model_version: "org|model" })]))[0]!;
    expect(row).toContain("`acc\\|none`");
    expect(row).toContain("org\\|model");
    expect(cells(row)).toHaveLength(9);
  });

  // Regression test (fixed): "<" is escaped as "&lt;" inside the metric's code span too, where
  // CommonMark does not decode entities, so `a<b` shows as `a&lt;b`. In a code span "<" is
  // already literal.
  it("shows a metric with < as it is inside its code span", () => {
    const row = tableRows(report([finding("regression", { metric: "loss<0.5_rate" })]))[0]!;
    expect(cells(row)[2]).toBe("`loss<0.5_rate`");
  });

  it("says there is nothing to look at when every finding is ok", () => {
    const text = report([finding("ok"), finding("ok", { metric: "recall" })]);
    expect(tableRows(text)).toEqual([]);
    expect(text).not.toContain("|---");
    expect(text).toContain("within its threshold or the noise");
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
