import picomatch from "picomatch";
import type { ConfigKey } from "./types.js";

/**
 * What a metric means for regression checks: which way is better, how big a change must
 * be to matter, and whether a regression in it fails `check`.
 */
export type Direction = "higher" | "lower" | "either";
export type MetricKind = "quality" | "time" | "cost" | "other";

export interface Threshold {
  /** A change must be at least this large in the metric's own units (0.01 = one point of f1). */
  absolute?: number;
  /** A change must be at least this fraction of the baseline (0.05 = 5%). */
  relative?: number;
}

export interface MetricPolicy {
  metric: string;
  direction: Direction;
  threshold: Threshold;
  /** A regression in a gating metric fails `check`; others are reported only. */
  gating: boolean;
  kind: MetricKind;
}

export interface PolicyOverride {
  direction?: Direction;
  threshold?: Threshold;
  gating?: boolean;
}

/** A block of the project config that applies to configs matching `match` (globs). */
export interface ConfigRule {
  match: Partial<ConfigKey>;
  metrics?: Record<string, PolicyOverride>;
}

const HIGHER_WORDS = new Set([
  "f1", "precision", "recall", "accuracy", "acc", "auc", "auroc", "bleu", "exact", "em", "mcc", "chrf",
  "meteor", "bertscore", "pass", "ndcg", "mrr", "map", "hit", "hits", "correct", "correctness",
  "relevancy", "relevance", "faithfulness", "win", "score",
]);
const THROUGHPUT_WORDS = new Set(["throughput", "qps", "rps", "tps"]);
const PER_TIME = new Set(["second", "seconds", "sec", "s", "minute", "min", "hour", "ms"]);
// Time named outright (anywhere in the name), and time units (only as the last word, so
// "ms_marco_mrr" stays a quality metric while "ttft_ms" is a time).
const TIME_WORDS = new Set(["latency", "duration", "time", "ttft", "tpot", "elapsed", "runtime", "walltime"]);
const TIME_UNITS = new Set(["seconds", "secs", "sec", "s", "ms", "ns", "us"]);
const COST_WORDS = new Set(["cost", "costs", "usd", "price", "spend"]);
const LOWER_WORDS = new Set(["loss", "error", "errors", "err", "perplexity", "ppl", "wer", "cer", "mae", "mse", "rmse", "regret", "ece", "brier"]);

/** Splits "timeToFirstToken", "latency.p95" or "eval_loss" into lower-case words. */
export function metricWords(metric: string): string[] {
  return metric
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
}

function kindOf(words: string[]): MetricKind | "lower" | "throughput" | null {
  // A standard error (lm-eval's acc_stderr) measures noise: neither better nor worse.
  if (words.includes("stderr")) return null;
  // "X per Y": X decides. "tokens per second" is a throughput, "ms per token" a time,
  // "errors per run" an error rate, "cost per query" a cost.
  const per = words.indexOf("per");
  if (per > 0) {
    if (PER_TIME.has(words[per + 1] ?? "")) return "throughput";
    return kindOf(words.slice(0, per));
  }
  if (words.some((w) => COST_WORDS.has(w) || w.startsWith("cost"))) return "cost";
  if (words.some((w) => TIME_WORDS.has(w) || w.startsWith("latency"))) return "time";
  if (words.some((w) => THROUGHPUT_WORDS.has(w))) return "throughput";
  if (TIME_UNITS.has(words.at(-1) ?? "")) return "time";
  if (words.some((w) => LOWER_WORDS.has(w))) return "lower";
  if (words.some((w) => HIGHER_WORDS.has(w) || w.startsWith("rouge") || w.startsWith("bleu"))) return "quality";
  return null;
}

/**
 * The default policy of a metric from its name. Quality metrics (f1, precision, recall,
 * accuracy, auc, bleu, rouge*, exact_match, ...) are higher-is-better with a threshold of
 * one point (0.01); latency/duration/time metrics lower-is-better with 5%; throughput
 * (per second, qps) higher-is-better with 5%; cost lower with 2%; loss,
 * error rates and perplexity lower with 2%. Unknown names are two-sided, reported, not gating.
 */
export function defaultPolicy(metric: string): MetricPolicy {
  const kind = kindOf(metricWords(metric));
  switch (kind) {
    case "quality":
      return { metric, direction: "higher", threshold: { absolute: 0.01 }, gating: true, kind: "quality" };
    case "time":
      return { metric, direction: "lower", threshold: { relative: 0.05 }, gating: true, kind: "time" };
    case "throughput":
      return { metric, direction: "higher", threshold: { relative: 0.05 }, gating: true, kind: "time" };
    case "cost":
      return { metric, direction: "lower", threshold: { relative: 0.02 }, gating: true, kind: "cost" };
    case "lower":
      return { metric, direction: "lower", threshold: { relative: 0.02 }, gating: true, kind: "quality" };
    default:
      return { metric, direction: "either", threshold: { relative: 0.05 }, gating: false, kind: "other" };
  }
}

/**
 * What the run's tool declared (an importer reads it from the tool's output): its direction
 * makes the metric gating, and a time unit (ns/iter, ms, s/op) makes it a time, so a slower
 * benchmark can be a tradeoff. The project config still wins over both.
 */
function applyDeclared(policy: MetricPolicy, declared: { direction?: "higher" | "lower"; unit?: string }): MetricPolicy {
  if (declared.direction === undefined) return policy;
  const isTime = declared.unit !== undefined && isTimeUnit(declared.unit);
  return {
    ...policy,
    direction: declared.direction,
    gating: true,
    kind: isTime ? "time" : policy.kind,
    // A metric the name did not explain gets the relative threshold of its kind.
    threshold: policy.direction === "either" ? { relative: 0.05 } : policy.threshold,
  };
}

const TIME_UNITS_DECLARED = /^(?:(?:median|mean|p\d+)\s+)?(?:ns|us|µs|ms|s|sec|secs|seconds|cycles)(?:\/(?:iter|op|call))?$/i;

function isTimeUnit(unit: string): boolean {
  return TIME_UNITS_DECLARED.test(unit.trim()) || /^(?:ns|ms|s|sec)\/op$/i.test(unit.trim());
}

/**
 * The policy of a metric for a config: the default by name, then the project config's
 * `metrics` (exact name or glob), then each matching `configs` rule in file order.
 */
export function resolvePolicy(
  metric: string,
  config: ConfigKey,
  project: { metrics?: Record<string, PolicyOverride>; configs?: ConfigRule[] },
  declared: { direction?: "higher" | "lower"; unit?: string } = {},
): MetricPolicy {
  let policy = applyDeclared(defaultPolicy(metric), declared);
  policy = applyOverrides(policy, project.metrics);
  for (const rule of project.configs ?? []) {
    if (configMatches(config, rule.match)) policy = applyOverrides(policy, rule.metrics);
  }
  return policy;
}

function applyOverrides(policy: MetricPolicy, overrides: Record<string, PolicyOverride> | undefined): MetricPolicy {
  if (!overrides) return policy;
  // Globs first, the exact name last: `"f1": ...` wins over `"*": ...` wherever they stand.
  const matching = Object.entries(overrides)
    .filter(([pattern]) => globMatches(pattern, policy.metric))
    .sort(([a], [b]) => Number(a === policy.metric) - Number(b === policy.metric));
  return matching.reduce<MetricPolicy>((current, [, override]) => ({
    ...current,
    ...(override.direction !== undefined ? { direction: override.direction, gating: override.direction !== "either" } : {}),
    ...(override.threshold !== undefined ? { threshold: override.threshold } : {}),
    ...(override.gating !== undefined ? { gating: override.gating } : {}),
  }), policy);
}

/** Whether every field the rule names matches the config (globs: `gpt-4o*`, `*`). */
export function configMatches(config: ConfigKey, match: Partial<ConfigKey>): boolean {
  return (Object.keys(match) as (keyof ConfigKey)[]).every((field) => {
    const pattern = match[field];
    return pattern === undefined || globMatches(pattern, config[field]);
  });
}

const matchers = new Map<string, (value: string) => boolean>();

function globMatches(pattern: string, value: string): boolean {
  let matcher = matchers.get(pattern);
  if (!matcher) {
    matcher = picomatch(pattern, { bash: true, dot: true });
    matchers.set(pattern, matcher);
  }
  return matcher(value);
}
