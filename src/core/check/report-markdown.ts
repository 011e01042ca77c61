import { trendUrl } from "../dashboard-link.js";
import type { Finding, Verdict } from "./finding.js";
import { SEVERITY } from "./finding.js";

export interface MarkdownInput {
  verdict: Verdict;
  failing: boolean;
  fail_on: string;
  commit_sha: string | null;
  runs: number;
  findings: readonly Finding[];
  /** The merge base pull-request runs were compared at, if any, and the branch it is on. */
  base_commit?: string | null;
  base_branch?: string | null;
}

const HEADLINE: Record<Verdict, string> = {
  regression: "Regression",
  sla: "SLA breached",
  tradeoff: "Tradeoff: costlier with no quality gain",
  inconclusive: "Inconclusive: changes within the noise",
  improvement: "Improvement",
  ok: "No regression",
};

/**
 * A report of one check, fit for a pull-request comment: a table per config, the configs
 * that need attention first, each metric's verdict with the numbers behind it and, with a
 * dashboard URL, a link to its trend; configs with nothing to report folded away, and every
 * finding's reason at the end.
 */
export function renderCheckMarkdown(report: MarkdownInput, options: { dashboardUrl?: string | null } = {}): string {
  const lines = [
    `## benchledger: ${HEADLINE[report.verdict]}${report.failing ? " (failing)" : ""}`,
    "",
    `${report.runs} run${report.runs === 1 ? "" : "s"} checked${report.commit_sha ? ` at \`${report.commit_sha.slice(0, 12)}\`` : ""}; ` +
      `fails on \`${report.fail_on}\` or worse.`,
    "",
    ...mergeBaseLines(report),
  ];
  const configs = groupByConfig(report.findings);
  const notable = configs.filter((c) => c.worst > 0);
  const quiet = configs.filter((c) => c.worst === 0);
  if (notable.length === 0) lines.push("Every metric is within its threshold or the noise.", "");
  for (const c of notable) lines.push(...configTable(c.findings, options.dashboardUrl ?? null));
  if (quiet.length > 0) {
    lines.push(`<details><summary>${quiet.length} config${quiet.length === 1 ? "" : "s"} with nothing to report</summary>`, "");
    for (const c of quiet) lines.push(...configTable(c.findings, options.dashboardUrl ?? null));
    lines.push("</details>", "");
  }
  lines.push("<details><summary>All findings</summary>", "");
  for (const f of report.findings) lines.push(`- **${f.verdict}**${f.acknowledged ? " (acknowledged)" : ""} ${escape(config(f))} ${code(f.metric)}: ${escape(f.reason)}`);
  lines.push("", "</details>", "");
  return lines.join("\n");
}

/** The findings of each config, the worst config first; `worst` is the severity of its worst verdict (0: all ok). */
function groupByConfig(findings: readonly Finding[]): { findings: Finding[]; worst: number }[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = JSON.stringify([f.model_version, f.dataset_version, f.prompt_version, f.environment]);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()]
    .map((group) => ({ findings: group, worst: Math.max(...group.map((f) => SEVERITY[f.verdict])) }))
    .sort((a, b) => b.worst - a.worst || config(a.findings[0]!).localeCompare(config(b.findings[0]!)));
}

/** A config's heading and its table: what needs attention first, then the gating metrics that are fine. */
function configTable(findings: readonly Finding[], dashboardUrl: string | null): string[] {
  const shown = findings
    .filter((f) => f.verdict !== "ok" || f.gating)
    .sort((a, b) => SEVERITY[b.verdict] - SEVERITY[a.verdict] || a.metric.localeCompare(b.metric));
  const first = findings[0]!;
  const trend = dashboardUrl ? ` · [trend](${trendUrl(dashboardUrl, first, (shown[0] ?? first).metric)})` : "";
  const lines = [`### ${escape(config(first))}${trend}`, ""];
  if (shown.length === 0) return [...lines, "Only metrics that do not gate, all within their thresholds.", ""];
  lines.push("| verdict | metric | baseline | current | delta | test | p / q | n |", "|---|---|---|---|---|---|---|---|");
  for (const f of shown) lines.push(row(f, dashboardUrl));
  return [...lines, ""];
}

/** What a pull request's runs were compared with: the base branch at the merge base, or why not. */
function mergeBaseLines(report: MarkdownInput): string[] {
  if (!report.base_commit) return [];
  const branch = report.base_branch ? code(report.base_branch) : "the base branch";
  const at = `\`${report.base_commit.slice(0, 12)}\``;
  return report.findings.some((f) => f.baseline_source === "merge-base")
    ? [`Pull-request runs compared with ${branch} at ${at} (merge base).`, ""]
    : [`No run of ${branch} at the merge base ${at}: pull-request runs compared with the marked baseline, else the newest tracked run.`, ""];
}

function row(f: Finding, dashboardUrl: string | null): string {
  const cells = [
    `**${f.verdict}**${f.acknowledged ? " (ack)" : ""}`,
    dashboardUrl ? `[${code(f.metric)}](${trendUrl(dashboardUrl, f, f.metric)})` : code(f.metric),
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
