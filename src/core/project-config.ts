import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { InvalidInputError } from "./errors.js";
import type { ConfigRule, PolicyOverride } from "./metric-policy.js";

/**
 * The project config file (benchledger.config.json, or .yaml/.yml): how `check` judges
 * metrics. Every field is optional; a malformed file stops with the path of the bad field.
 */
const threshold = z.strictObject({
  absolute: z.number().nonnegative().optional(),
  relative: z.number().nonnegative().optional(),
});

const override = z.strictObject({
  direction: z.enum(["higher", "lower", "either"]).optional(),
  threshold: threshold.optional(),
  gating: z.boolean().optional(),
});

const limit = z.strictObject({ min: z.number().optional(), max: z.number().optional() })
  .refine((l) => l.min !== undefined || l.max !== undefined, { error: "expected min and/or max" })
  .refine((l) => l.min === undefined || l.max === undefined || l.min <= l.max, { error: "expected min <= max" });

const match = z.strictObject({
  model_version: z.string().optional(),
  dataset_version: z.string().optional(),
  prompt_version: z.string().optional(),
  environment: z.string().optional(),
});

export const projectConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  check: z.strictObject({
    window: z.number().int().min(2).optional(),
    min_samples: z.number().int().min(2).optional(),
    model: z.enum(["percentage", "z_score", "t_test", "iqr"]).optional(),
    confidence: z.number().min(0.5).lt(1).optional(),
    alpha: z.number().gt(0).lt(1).optional(),
    fail_on: z.enum(["regression", "tradeoff", "inconclusive"]).optional(),
    bootstrap_iterations: z.number().int().min(100).max(100_000).optional(),
    seed: z.number().int().optional(),
  }).refine((c) => c.window === undefined || c.min_samples === undefined || c.window >= c.min_samples, {
    error: "expected window >= min_samples: the history models read at most `window` runs",
  }).optional(),
  metrics: z.record(z.string(), override).optional(),
  alerts: z.strictObject({
    confirm_runs: z.number().int().min(1).max(20).optional(),
    inconclusive: z.boolean().optional(),
    github_issues: z.boolean().optional(),
    close_on_recovery: z.boolean().optional(),
    labels: z.array(z.string().trim().min(1).max(50)).min(1).max(10).optional(),
  }).optional(),
  configs: z.array(z.strictObject({
    match,
    metrics: z.record(z.string(), override).optional(),
    sla: z.record(z.string(), limit).optional(),
  })).optional(),
});

export interface CheckSettings {
  /** How many recent runs of a config the history models use. */
  window: number;
  /** Fewest runs of history before a history model is used. */
  min_samples: number;
  model: "percentage" | "z_score" | "t_test" | "iqr";
  /**
   * The band of the percentage model, as 1 - confidence (0.99: within 1% of the history's
   * mean). The t_test and z_score models decide by p-value against alpha instead.
   */
  confidence: number;
  /** Significance level, after Benjamini-Hochberg across the findings of one check. */
  alpha: number;
  fail_on: "regression" | "tradeoff" | "inconclusive";
  bootstrap_iterations: number;
  seed: number;
}

export interface SlaRule {
  match: ConfigRule["match"];
  limits: Record<string, { min?: number; max?: number }>;
}

/** How alerts behave (where they go, the secrets, comes from the environment). */
export interface AlertPolicy {
  /** Consecutive runs (a rerun counts) a regression must show before it alerts; 1 alerts at once. */
  confirm_runs: number;
  /** Alert on inconclusive findings too. */
  inconclusive: boolean;
  /** Open a GitHub issue per regressing config and metric. */
  github_issues: boolean;
  /** Close that issue when the metric recovers (it always gets a comment). */
  close_on_recovery: boolean;
  /** Labels of the issues; the first one finds them again. */
  labels: string[];
}

export const DEFAULT_ALERT_POLICY: AlertPolicy = {
  confirm_runs: 1,
  inconclusive: false,
  github_issues: false,
  close_on_recovery: false,
  labels: ["benchledger", "regression"],
};

export interface ProjectConfig {
  check: CheckSettings;
  alerts?: AlertPolicy;
  metrics: Record<string, PolicyOverride>;
  configs: ConfigRule[];
  sla: SlaRule[];
}

export const DEFAULT_CHECK_SETTINGS: CheckSettings = {
  window: 30,
  min_samples: 5,
  model: "t_test",
  confidence: 0.99,
  alpha: 0.05,
  fail_on: "regression",
  bootstrap_iterations: 2000,
  seed: 1,
};

export const EMPTY_PROJECT_CONFIG: ProjectConfig = { check: DEFAULT_CHECK_SETTINGS, alerts: DEFAULT_ALERT_POLICY, metrics: {}, configs: [], sla: [] };

/** Parses and validates the text of a project config file (JSON, or YAML by extension). */
export function parseProjectConfig(file: string, text: string): ProjectConfig {
  let document: unknown;
  try {
    document = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError("BAD_PROJECT_CONFIG", `${file}: cannot parse: ${(error as Error).message.split("\n")[0]}`,
      "Fix the syntax; docs/checks.md shows a complete example.");
  }
  const parsed = projectConfigSchema.safeParse(document ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.flatMap((issue) => {
      const at = (path: PropertyKey[]) => `$${path.map((p) => typeof p === "number" ? `[${p}]` : `.${String(p)}`).join("")}`;
      if (issue.code === "unrecognized_keys") return issue.keys.map((key) => `  ${file}: ${at([...issue.path, key])}: unknown field`);
      return [`  ${file}: ${at(issue.path)}: ${issue.message}`];
    });
    throw new InvalidInputError("BAD_PROJECT_CONFIG", `Invalid project config:\n${lines.join("\n")}`,
      "docs/checks.md lists every field of benchledger.config.json.");
  }
  const data = parsed.data;
  const configs = data.configs ?? [];
  return {
    check: { ...DEFAULT_CHECK_SETTINGS, ...data.check },
    alerts: { ...DEFAULT_ALERT_POLICY, ...data.alerts },
    metrics: data.metrics ?? {},
    configs: configs.map((rule) => ({ match: rule.match, ...(rule.metrics ? { metrics: rule.metrics } : {}) })),
    sla: configs.filter((rule) => rule.sla).map((rule) => ({ match: rule.match, limits: rule.sla! })),
  };
}
