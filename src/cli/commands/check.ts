import fs from "node:fs";
import { Option, type Command } from "commander";
import { loadAlertSettings, loadGitHubSettings, loadProjectConfig } from "../../config.js";
import { gitHubTarget, upsertPullRequestComment } from "../../service/pr-comment.js";
import { renderCheckMarkdown } from "../../core/check/report-markdown.js";
import type { FailOn } from "../../core/check/finding.js";
import { checkRuns } from "../../service/check-runs.js";
import { addCommonOptions, parsePositiveInt, withLedger, type CommonOptions } from "../context.js";
import { formatNumber, formatSigned } from "../print.js";

interface CheckCliOptions extends CommonOptions {
  configFile?: string;
  failOn?: FailOn;
  markdown?: string;
  commit?: string;
  baseCommit?: string;
  all?: boolean;
  record: boolean;
  prComment?: boolean;
  pr?: number;
}

/** Exit code of a check that reached its --fail-on level. */
export const CHECK_FAILED_EXIT = 1;

export function registerCheck(program: Command): void {
  const command = program
    .command("check")
    .summary("judge the runs of this commit: regression, inconclusive, improvement or ok")
    .description(
      "Compare the runs pushed for the current commit (--commit, else the CI's, else git HEAD) with their baseline " +
        "(the config's marked baseline, else its previous run, else a golden baseline of the same dataset and " +
        "environment) and history. Pull-request runs (and other untracked runs) are compared with the base branch: " +
        "its run at the merge-base commit (--base-commit, else GitLab's CI_MERGE_REQUEST_DIFF_BASE_SHA, else " +
        "`git merge-base` with origin/$GITHUB_BASE_REF on GitHub Actions with fetch-depth: 0), else its marked " +
        "baseline or newest run; never with another pull request's run. " +
        "Every metric gets a verdict with its numbers: regression, sla, tradeoff, " +
        "inconclusive, improvement or ok. Exits 1 when a finding reaches --fail-on, else 0.\n\n" +
        "Tests, strongest first: per-example (McNemar for accuracy, paired bootstrap for f1/precision/recall and " +
        "means), Welch's t when both sides have several runs, the config's history (t_test by default), else the " +
        "threshold alone. p-values are corrected across the check (Benjamini-Hochberg).",
    )
    .option("--config-file <file>", "project config with directions, thresholds and SLAs (default: ./benchledger.config.json or .yaml if present)")
    .addOption(new Option("--fail-on <verdict>", "fail at this verdict or worse (default: regression; tradeoff and inconclusive are stricter)").choices(["regression", "tradeoff", "inconclusive"]))
    .option("--markdown <file>", "also write a Markdown report for a pull-request comment")
    .option("--commit <sha>", "check the runs of this commit")
    .option("--base-commit <sha>", "the merge-base commit pull-request runs are compared at (default: the CI's; see above)")
    .option("--all", "check the current snapshot of every active config")
    .option("--no-record", "do not keep the findings in the ledger")
    .option("--pr-comment", "put the report on the pull request as one comment, updated on every push (needs GITHUB_TOKEN, GITHUB_REPOSITORY)")
    .option("--pr <number>", "the pull request to comment on (default: the CI's)", parsePositiveInt("--pr"));
  addCommonOptions(command).addHelpText("after", `
Examples:
  $ benchledger push results.json && benchledger check
  $ benchledger check --markdown report.md --fail-on inconclusive
  $ benchledger check --base-commit "$(git merge-base HEAD origin/main)"   # a pull request's run
  $ benchledger check --all --json | jq '.findings[] | select(.verdict != "ok")'
`);
  command.action(async (options: CheckCliOptions) => {
    const project = loadProjectConfig(options.configFile);
    const alerts = loadAlertSettings(project.alerts);
    await withLedger("check", options, async (deps, out) => {
      const report = await checkRuns(deps, {
        project,
        alerts,
        ...(options.commit !== undefined ? { commit: options.commit } : {}),
        ...(options.baseCommit !== undefined ? { baseCommit: options.baseCommit } : {}),
        ...(options.all ? { all: true } : {}),
        ...(options.failOn !== undefined ? { failOn: options.failOn } : {}),
        record: options.record,
      });
      const markdown = renderCheckMarkdown(report, { dashboardUrl: alerts.dashboardUrl });
      if (options.markdown) fs.writeFileSync(options.markdown, markdown);
      if (options.prComment) {
        const pullRequest = options.pr ?? deps.ci.pull_request ?? null;
        if (pullRequest === null) out.note("No pull request to comment on (not a pull-request run; pass --pr N): skipped the comment.");
        else {
          const posted = await upsertPullRequestComment(gitHubTarget(loadGitHubSettings()), pullRequest, markdown);
          out.note(`Pull request #${pullRequest}: comment ${posted.action}.`);
        }
      }
      if (options.json) out.json(report);
      else {
        const shown = report.findings.filter((f) => f.verdict !== "ok" || f.gating);
        out.table(["verdict", "model", "dataset", "prompt", "env", "metric", "baseline", "from", "current", "delta", "test", "p", "n"],
          shown.map((f) => [f.verdict + (f.acknowledged ? " (ack)" : ""), f.model_version, f.dataset_version, f.prompt_version,
            f.environment, f.metric, formatNumber(f.baseline), f.baseline_source, formatNumber(f.current), formatSigned(f.delta === null ? null : Number(f.delta.toPrecision(4))),
            f.method, f.p_value === null ? "-" : f.p_value < 1e-4 ? f.p_value.toExponential(1) : f.p_value.toFixed(4), f.n]));
        for (const f of report.findings.filter((x) => x.verdict !== "ok")) {
          out.line(`${f.verdict}${f.acknowledged ? " (acknowledged)" : ""}: ${f.model_version} / ${f.dataset_version} / ${f.prompt_version} / ${f.environment}: ${f.reason}`);
        }
        out.line(`Verdict: ${report.verdict}${report.failing ? ` (fails at --fail-on ${report.fail_on})` : ""}.`);
        const d = report.alerts.delivery;
        for (const w of report.alerts.awaiting_confirmation) {
          out.note(`Alert held: ${w.verdict} in ${w.metric} of ${w.model_version} / ${w.dataset_version} / ${w.prompt_version} / ${w.environment} seen in ${w.runs_seen} of the ${w.runs_needed} runs in a row that confirm it.`);
        }
        if (d) out.note(`Alerts: ${report.alerts.queued} queued${report.alerts.recoveries > 0 ? ` (${report.alerts.recoveries} recovered)` : ""}; ${d.delivered} delivered, ${d.retrying} to retry, ${d.failed} failed (benchledger alerts list).`);
      }
      if (report.failing) process.exitCode = CHECK_FAILED_EXIT;
    });
  });
}
