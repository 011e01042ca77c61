import type { Finding, Verdict } from "./finding.js";
import { SEVERITY } from "./finding.js";

export interface MarkdownInput {
  verdict: Verdict;
  failing: boolean;
  fail_on: string;
  commit_sha: string | null;
  runs: number;
  findings: readonly Finding[];
}

const HEADLINE: Record<Verdict, string> = {
  regression: "Regression",
  sla: "SLA breached",
  tradeoff: "Tradeoff: costlier with no quality gain",
  inconclusive: "Inconclusive: changes within the noise",
  improvement: "Improvement",
  ok: "No regression",
};

/** A report of one check, fit for a pull-request comment: what needs attention first, every finding after. */
export function renderCheckMarkdown(report: MarkdownInput): string {
  const notable = [...report.findings]
    .filter((f) => f.verdict !== "ok")
    .sort((a, b) => SEVERITY[b.verdict] - SEVERITY[a.verdict] || a.metric.localeCompare(b.metric));
  const lines = [
    `## benchledger: ${HEADLINE[report.verdict]}${report.failing ? " (failing)" : ""}`,
    "",
    `${report.runs} run${report.runs === 1 ? "" : "s"} checked${report.commit_sha ? ` at \`${report.commit_sha.slice(0, 12)}\`` : ""}; ` +
      `fails on \`${report.fail_on}\` or worse.`,
    "",
  ];
  if (notable.length > 0) {
    lines.push("| verdict | config | metric | baseline | current | delta | test | p / q | n |", "|---|---|---|---|---|---|---|---|---|");
    for (const f of notable) lines.push(row(f));
    lines.push("");
  } else {
    lines.push("Every metric is within its threshold or the noise.", "");
  }
  lines.push("<details><summary>All findings</summary>", "");
  for (const f of report.findings) lines.push(`- **${f.verdict}**${f.acknowledged ? " (acknowledged)" : ""} ${escape(config(f))} ${code(f.metric)}: ${escape(f.reason)}`);
  lines.push("", "</details>", "");
  return lines.join("\n");
}

function row(f: Finding): string {
  const cells = [
    `**${f.verdict}**${f.acknowledged ? " (ack)" : ""}`,
    escape(config(f)),
    code(f.metric),
    number(f.baseline),
    number(f.current),
    f.delta === null ? "" : `${f.delta > 0 ? "+" : ""}${number(f.delta)}${f.delta_pct !== null ? ` (${f.delta_pct > 0 ? "+" : ""}${f.delta_pct.toFixed(1)}%)` : ""}`,
    f.method,
    f.p_value === null ? "" : `${p(f.p_value)} / ${f.q_value === null ? "-" : p(f.q_value)}`,
    String(f.n),
  ];
  return `| ${cells.join(" | ")} |`;
}

function config(f: Finding): string {
  return `${f.model_version} / ${f.dataset_version} / ${f.prompt_version} / ${f.environment}`;
}

function number(value: number | null): string {
  return value === null ? "" : Number(value.toPrecision(4)).toString();
}

function p(value: number): string {
  return value < 1e-4 ? value.toExponential(1) : value.toFixed(4);
}

/** Text outside code: pipes would split a table cell, and < could open an HTML tag. */
function escape(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/</g, "&lt;");
}

/** A name in a code span, where entities are not decoded: only pipes and backticks need care. */
function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  return `${fence}${text.replace(/\|/g, "\\|")}${fence}`;
}
