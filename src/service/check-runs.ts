import { randomUUID } from "node:crypto";
import { isFailing, overallVerdict, type FailOn, type Finding, type Verdict } from "../core/check/finding.js";
import { judgeRuns, type RunEvidence } from "../core/check/judge-runs.js";
import { NotFoundError } from "../core/errors.js";
import type { ProjectConfig } from "../core/project-config.js";
import {
  insertFindings,
  selectAcknowledgedMetrics,
  selectCurrentRuns,
  selectExamples,
  selectGoldenBaseline,
  selectHistoryBefore,
  selectMarkedBaseline,
  selectPreviousRun,
  selectRunsAtCommit,
  selectSamples,
  type RunRow,
} from "../store/check-store.js";
import type { Queryable } from "../store/db.js";
import { insertAlerts } from "../store/alerts-store.js";
import { alertsFor, configuredChannels, deliverAlerts, NO_ALERTS, type AlertSettings, type DeliveryReport } from "./alerts.js";
import type { Deps } from "./deps.js";
import { resolveCommit } from "./resolve-commit.js";

export interface CheckOptions {
  /** Check the runs of this commit (default: the CI's commit, else local git HEAD). */
  commit?: string;
  /** Check the current snapshot of every active config instead. */
  all?: boolean;
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
  findings: Finding[];
  /** Alerts queued by this check, and how the delivery of every due alert went. */
  alerts: { queued: number; delivery: DeliveryReport | null };
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
  const evidence: RunEvidence[] = [];
  for (const run of runs) evidence.push(await gatherEvidence(deps.db, run, options.project.check.window));
  const findings = judgeRuns(evidence, options.project);
  const checkId = randomUUID();
  const alertSettings = options.alerts ?? NO_ALERTS;
  let queued = 0;
  if (options.record !== false) {
    // Every verdict, ok included; and the alerts in the same transaction, so none is lost.
    queued = await deps.db.transaction(async (tx) => {
      await insertFindings(tx, checkId, findings);
      return insertAlerts(tx, alertsFor(findings, alertSettings, checkId));
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
    findings,
    alerts: { queued, delivery },
  };
}

async function gatherEvidence(db: Queryable, run: RunRow, window: number): Promise<RunEvidence> {
  const baselineRun = await findBaseline(db, run);
  const [samples, history, acknowledged, currentExamples] = await Promise.all([
    selectSamples(db, run),
    selectHistoryBefore(db, run, window),
    selectAcknowledgedMetrics(db, run, run.commit_sha),
    selectExamples(db, run.transaction_id),
  ]);
  const baseline = baselineRun
    ? { source: baselineRun.source, transaction_id: baselineRun.run.transaction_id, samples: await selectSamples(db, baselineRun.run) }
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
  };
}

/**
 * The run to compare with: the config's marked baseline (unless it is this very commit),
 * else its previous run at another commit, else a golden baseline marked on another
 * config of the same dataset and environment (a new model or prompt: an A/B comparison).
 */
async function findBaseline(db: Queryable, run: RunRow): Promise<{ source: "baseline" | "previous" | "golden"; run: RunRow } | null> {
  const marked = await selectMarkedBaseline(db, run);
  if (marked && marked.transaction_id !== run.transaction_id && (marked.commit_sha === null || marked.commit_sha !== run.commit_sha)) {
    return { source: "baseline", run: marked };
  }
  const previous = await selectPreviousRun(db, run);
  if (previous) return { source: "previous", run: previous };
  const golden = await selectGoldenBaseline(db, run);
  return golden ? { source: "golden", run: golden } : null;
}
