import { suggestThreshold, type ThresholdSuggestion } from "../core/check/suggest-threshold.js";
import { flattenMetrics } from "../core/metrics.js";
import { resolvePolicy, type MetricPolicy, type PolicyOverride } from "../core/metric-policy.js";
import type { ProjectConfig } from "../core/project-config.js";
import type { ConfigKey } from "../core/types.js";
import { selectCurrentRuns } from "../store/check-store.js";
import { selectHistory } from "../store/history-store.js";
import type { Deps } from "./deps.js";

export interface MetricSuggestion extends ConfigKey, ThresholdSuggestion {
  metric: string;
  direction: MetricPolicy["direction"];
  current: MetricPolicy["threshold"];
}

export interface ThresholdReport {
  window: number;
  suggestions: MetricSuggestion[];
  /** Too few runs to measure the noise of: configs and metrics left out. */
  skipped: (ConfigKey & { metric: string; runs: number })[];
  /** Ready to paste into benchledger.config.json. */
  config: { configs: { match: ConfigKey; metrics: Record<string, PolicyOverride> }[] };
}

/**
 * Proposes per-metric thresholds for every active config from the noise measured over its
 * newest `window` runs, so users need not guess them.
 */
export async function suggestThresholds(deps: Deps, options: { window: number; project: ProjectConfig }): Promise<ThresholdReport> {
  const suggestions: MetricSuggestion[] = [];
  const skipped: ThresholdReport["skipped"] = [];
  for (const run of await selectCurrentRuns(deps.db)) {
    const config: ConfigKey = { model_version: run.model_version, dataset_version: run.dataset_version, prompt_version: run.prompt_version, environment: run.environment };
    const history = await selectHistory(deps.db, { ...config, metricPath: null }, options.window);
    for (const metric of flattenMetrics(run.metrics).keys()) {
      const policy = resolvePolicy(metric, config, options.project);
      if (!policy.gating) continue;
      const values = history.map((p) => (p.metrics ? flattenMetrics(p.metrics).get(metric) : undefined)).filter((v): v is number => v !== undefined);
      const suggestion = suggestThreshold(policy, values);
      if (suggestion) suggestions.push({ ...config, metric, direction: policy.direction, current: policy.threshold, ...suggestion });
      else skipped.push({ ...config, metric, runs: values.length });
    }
  }
  return { window: options.window, suggestions, skipped, config: { configs: asConfigRules(suggestions) } };
}

function asConfigRules(suggestions: MetricSuggestion[]): ThresholdReport["config"]["configs"] {
  const rules = new Map<string, { match: ConfigKey; metrics: Record<string, PolicyOverride> }>();
  for (const s of suggestions) {
    const match = { model_version: s.model_version, dataset_version: s.dataset_version, prompt_version: s.prompt_version, environment: s.environment };
    const key = JSON.stringify(match);
    const rule = rules.get(key) ?? { match, metrics: {} };
    rule.metrics[s.metric] = { threshold: s.suggested };
    rules.set(key, rule);
  }
  return [...rules.values()];
}
