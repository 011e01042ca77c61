import { randomUUID } from "node:crypto";
import { isFailing, overallVerdict, type BaselineSource, type FailOn, type Finding, type Verdict } from "../core/check/finding.js";
import { judgeRuns, type RunEvidence } from "../core/check/judge-runs.js";
import { InvalidInputError, NotFoundError } from "../core/errors.js";
import type { ProjectConfig } from "../core/project-config.js";
import {
  insertFindings,
  selectAcknowledgedMetrics,
  selectCurrentRuns,
  selectExamples,
  selectGoldenBaseline,
  selectHistoryBefore,
  selectHistoryThrough,
  selectMarkedBaseline,
  selectPreviousRun,
  selectRunsAtCommit,
  selectSamples,
  selectTrackedRunAtCommit,
  type RunRow,
} from "../store/check-store.js";
import type { Queryable } from "../store/db.js";
import { configuredChannels, deliverAlerts, NO_ALERTS, queueAlerts, type AlertSettings, type DeliveryReport, type QueuedAlerts } from "./alerts.js";
import type { Deps } from "./deps.js";
import { resolveCommit } from "./resolve-commit.js";

export interface CheckOptions {
  /** Check the runs of this commit (default: the CI's commit, else local git HEAD). */
  commit?: string;
  /** Check the current snapshot of every active config instead. */
  all?: boolean;
  /**
   * The merge-base commit pull-request (untracked) runs are compared at (default: the CI's,
   * GitLab's CI_MERGE_REQUEST_DIFF_BASE_SHA, else local git's merge base with the CI's base
   * branch). Tracked runs ignore it.
   */
  baseCommit?: string;
  project: ProjectConfig;
  /** The level that fails the check; default from the project config (regression). */
  failOn?: FailOn;
  /** Keep the findings in benchmark_findings; default true. */
  record?: boolean;
  /** Where the findings' alerts go; they are queued with the findings and delivered after. */
  alerts?: AlertSettings;
}

export interface CheckReport {
  check_id: string;
  commit_sha: string | null;
  verdict: Verdict;
  fail_on: FailOn;
  failing: boolean;
  runs: number;
  /** The merge base the untracked runs were compared at; null when none was known or every run is tracked. */
  base_commit: string | null;
  /** The branch the pull request goes into, when the CI names it and a merge base is known. */
  base_branch: string | null;
  findings: Finding[];
  /**
   * Alerts queued by this check (recoveries included), regressions still waiting for their
   * confirmation runs, and how the delivery of every due alert went.
   */
  alerts: QueuedAlerts & { delivery: DeliveryReport | null };
}

/**
 * Judges the runs of a commit (or every current snapshot) against their baselines and
 * histories, and records the findings. `failing` says whether CI should stop.
 */
export async function checkRuns(deps: Deps, options: CheckOptions): Promise<CheckReport> {
  const failOn = options.failOn ?? options.project.check.fail_on;
  const commit = options.all ? null : await resolveCommit(deps, options.commit);

  const runs = options.all ? await selectCurrentRuns(deps.db) : await selectRunsAtCommit(deps.db, commit!);
  if (runs.length === 0) {
    throw options.all
      ? new NotFoundError("NO_RUNS", "The ledger has no runs to check.", "Record runs with `benchledger push` first.")
      : new NotFoundError("NO_RUNS_AT_COMMIT", `No runs are recorded for commit ${commit}.`,
        "Push this commit's results first (`benchledger push results.json`), pass --commit SHA, or check every config with --all.");
  }
  // Only pull-request (untracked) runs are compared at a merge base: ask git only for them.
  const mergeBase = runs.some((run) => !run.tracked) ? await resolveMergeBase(deps, options.baseCommit, commit) : null;
  const evidence: RunEvidence[] = [];
  for (const run of runs) evidence.push(await gatherEvidence(deps.db, run, options.project.check.window, mergeBase));
  const findings = judgeRuns(evidence, options.project);
  const checkId = randomUUID();
  const alertSettings = options.alerts ?? NO_ALERTS;
  let queued: QueuedAlerts = { queued: 0, recoveries: 0, awaiting_confirmation: [] };
  if (options.record !== false) {
    // Every verdict, ok included; and the alerts in the same transaction, so none is lost.
    queued = await deps.db.transaction(async (tx) => {
      await insertFindings(tx, checkId, findings);
      return queueAlerts(tx, findings, alertSettings, checkId);
    });
  }
  const delivery = configuredChannels(alertSettings).length > 0 ? await deliverAlerts(deps, alertSettings) : null;
  return {
    check_id: checkId,
    commit_sha: commit,
    verdict: overallVerdict(findings),
    fail_on: failOn,
    failing: isFailing(findings, failOn),
    runs: runs.length,
    base_commit: mergeBase,
    base_branch: mergeBase !== null ? deps.ci.base_ref ?? null : null,
    findings,
    alerts: { ...queued, delivery },
  };
}

async function gatherEvidence(db: Queryable, run: RunRow, window: number, mergeBase: string | null): Promise<RunEvidence> {
  const baselineRun = await findBaseline(db, run, mergeBase);
  const [samples, history, acknowledged, currentExamples] = await Promise.all([
    selectSamples(db, run),
    // At a merge base, the noise is the tracked line's up to that run: later main-line
    // commits are not in the pull request and must not shift its reference.
    baselineRun?.source === "merge-base" ? selectHistoryThrough(db, run, baselineRun.run, window) : selectHistoryBefore(db, run, window),
    selectAcknowledgedMetrics(db, run, run.commit_sha),
    selectExamples(db, run.transaction_id),
  ]);
  const baseline = baselineRun
    // An untracked run's baseline side is the tracked line's alone: never other untracked runs.
    ? { source: baselineRun.source, transaction_id: baselineRun.run.transaction_id, samples: await selectSamples(db, baselineRun.run, { trackedOnly: !run.tracked }) }
    : null;
  const baselineExamples = baselineRun && currentExamples ? await selectExamples(db, baselineRun.run.transaction_id) : null;
  return {
    transaction_id: run.transaction_id,
    config: { model_version: run.model_version, dataset_version: run.dataset_version, prompt_version: run.prompt_version, environment: run.environment },
    commit_sha: run.commit_sha,
    samples,
    baseline,
    history,
    examples: { current: currentExamples, baseline: baselineExamples },
    acknowledged,
    declared: { directions: run.directions ?? {}, units: run.units ?? {} },
  };
}

/**
 * The run to compare with. For a pull-request (untracked) run first the config's newest
 * tracked run at the merge base, where the branch left its base branch. Then, for every
 * run: the config's marked baseline (unless it is this very evaluation), else its previous
 * tracked run at another commit (the tracked line's newest), else a golden baseline marked
 * on another config of the same dataset and environment (a new model or prompt: an A/B
 * comparison). Never an untracked run: the queries below only return tracked ones.
 */
async function findBaseline(db: Queryable, run: RunRow, mergeBase: string | null): Promise<{ source: Exclude<BaselineSource, "history" | "none">; run: RunRow } | null> {
  if (!run.tracked && mergeBase !== null && mergeBase !== run.commit_sha) {
    const atMergeBase = await selectTrackedRunAtCommit(db, run, mergeBase);
    if (atMergeBase) return { source: "merge-base", run: atMergeBase };
  }
  const marked = await selectMarkedBaseline(db, run);
  if (marked && marked.transaction_id !== run.transaction_id && !isSameEvaluation(marked, run)) {
    return { source: "baseline", run: marked };
  }
  const previous = await selectPreviousRun(db, run);
  if (previous) return { source: "previous", run: previous };
  const golden = await selectGoldenBaseline(db, run);
  return golden ? { source: "golden", run: golden } : null;
}

/** Runs of one commit pushed by one CI run (or locally, by none) are repeats of one evaluation. */
function isSameEvaluation(a: RunRow, b: RunRow): boolean {
  return a.commit_sha !== null && a.commit_sha === b.commit_sha && a.run_url === b.run_url;
}

/**
 * The merge base pull-request runs are compared at: --base-commit, else the CI's (GitLab's
 * CI_MERGE_REQUEST_DIFF_BASE_SHA), else local git's merge base of the checked commit and
 * the CI's base branch (GitHub Actions, with the base branch fetched); null when nothing
 * says. A unique prefix of a recorded commit is completed, as for --commit.
 */
async function resolveMergeBase(deps: Deps, given: string | undefined, commit: string | null): Promise<string | null> {
  if (given !== undefined && given.trim() === "") {
    throw new InvalidInputError("EMPTY_BASE_COMMIT", "--base-commit is empty.", "Pass the merge-base commit, e.g. --base-commit $(git merge-base HEAD origin/main).");
  }
  const baseRef = deps.ci.base_ref ?? null;
  const found = given?.trim() ?? deps.ci.merge_base ?? (baseRef && commit && deps.readMergeBase ? await deps.readMergeBase(commit, baseRef) : null);
  return found ? resolveCommit(deps, found) : null;
}
