import { detectChangePoints, type ChangePointOptions } from "../core/changepoints/detect-change-points.js";
import { InvalidInputError } from "../core/errors.js";
import { resolvePolicy } from "../core/metric-policy.js";
import { EMPTY_PROJECT_CONFIG, type ProjectConfig } from "../core/project-config.js";
import type { ConfigKey, TransactionId } from "../core/types.js";
import { selectHistory } from "../store/history-store.js";
import { selectDeclaredMetric } from "../store/check-store.js";
import type { Deps } from "./deps.js";
import { selectConfig, type ConfigSelector } from "./select-config.js";

export interface ChangePointReport {
  config: ConfigKey;
  metric: string;
  runs: number;
  change_points: {
    /** The first run of the new level, and its commit: where the change started. */
    index: number;
    transaction_id: TransactionId;
    commit_sha: string | null;
    /** The last run before the change: the range to bisect is (previous_commit_sha, commit_sha]. */
    previous_commit_sha: string | null;
    created_at: Date;
    before_mean: number;
    after_mean: number;
    p_value: number;
    direction: "regression" | "improvement" | "change";
  }[];
}

/** Where a config's metric shifted level over its history, and which commit started each shift. */
export async function findChangePoints(
  deps: Deps,
  options: ConfigSelector & { metric: string; maxRuns?: number; project?: ProjectConfig } & ChangePointOptions,
): Promise<ChangePointReport> {
  if (!options.metric) throw new InvalidInputError("METRIC_REQUIRED", "--metric is required.", "For example --metric f1.");
  const config = await selectConfig(deps, options);
  const points = (await selectHistory(deps.db, {
    model_version: config.model_version, dataset_version: config.dataset_version,
    prompt_version: config.prompt_version, environment: config.environment, metricPath: options.metric.split("."),
  }, options.maxRuns ?? 500)).filter((p) => p.value !== null);
  const declared = await selectDeclaredMetric(deps.db, config, options.metric);
  const direction = resolvePolicy(options.metric, config, options.project ?? EMPTY_PROJECT_CONFIG, declared).direction;
  const found = detectChangePoints(points.map((p) => p.value!), options);
  return {
    config,
    metric: options.metric,
    runs: points.length,
    change_points: found.map((cp) => {
      const run = points[cp.index]!;
      const up = cp.after_mean > cp.before_mean;
      return {
        index: cp.index,
        transaction_id: run.transaction_id,
        commit_sha: run.commit_sha,
        previous_commit_sha: points[cp.index - 1]?.commit_sha ?? null,
        created_at: run.created_at,
        before_mean: cp.before_mean,
        after_mean: cp.after_mean,
        p_value: cp.p_value,
        direction: direction === "either" ? "change" : (up === (direction === "higher")) ? "improvement" : "regression",
      };
    }),
  };
}
