import { describe, expect, it } from "vitest";
import { configMatches, defaultPolicy, resolvePolicy, type ConfigRule, type Direction, type MetricKind, type PolicyOverride, type Threshold } from "./metric-policy.js";
import { parseProjectConfig } from "./project-config.js";
import type { ConfigKey } from "./types.js";

const config = (model_version: string, overrides: Partial<ConfigKey> = {}): ConfigKey => ({
  model_version,
  dataset_version: "qa-v1",
  prompt_version: "p1",
  environment: "ci",
  ...overrides,
});

describe("defaultPolicy: directions by name (issue 3, 'Metric semantics')", () => {
  // The list: f1, precision, recall, accuracy, auc, bleu, rouge*, exact_match: higher.
  it.each<string>([
    "f1", "precision", "recall", "accuracy", "auc", "bleu",
    "rouge", "rouge1", "rouge2", "rougeL", "rougeLsum", "rouge_l", "rouge-2",
    "exact_match", "exactMatch",
    // the same words inside longer names
    "eval_f1", "macro_f1", "test.accuracy", "roc_auc", "bleu_score",
  ])("%s is higher-is-better quality, gating", (metric) => {
    const policy = defaultPolicy(metric);
    expect(policy).toMatchObject({ metric, direction: "higher", kind: "quality", gating: true });
  });

  // latency*, *_ms, *_seconds, duration: lower (time).
  it.each<string>([
    "latency", "latency_ms", "latency_p95", "latencyP95", "latency.p99",
    "ttft_ms", "p99_ms", "e2e_ms",
    "total_seconds", "eval_seconds", "duration_seconds",
    "duration",
  ])("%s is lower-is-better time, gating", (metric) => {
    expect(defaultPolicy(metric)).toMatchObject({ metric, direction: "lower", kind: "time", gating: true });
  });

  // cost*: lower (cost).
  it.each<string>(["cost", "cost_usd", "costPerQuery", "cost_per_1k_tokens", "costs"])("%s is lower-is-better cost, gating", (metric) => {
    expect(defaultPolicy(metric)).toMatchObject({ metric, direction: "lower", kind: "cost", gating: true });
  });

  // error_rate, loss, perplexity: lower (they measure quality, the wrong way up).
  it.each<string>(["error_rate", "loss", "eval_loss", "perplexity"])("%s is lower-is-better, gating", (metric) => {
    expect(defaultPolicy(metric)).toMatchObject({ metric, direction: "lower", gating: true });
  });

  // unknown: two-sided, reported but not gating.
  it.each<string>(["foo", "num_examples", "widgets", "temperature"])("%s is unknown: either, not gating", (metric) => {
    expect(defaultPolicy(metric)).toMatchObject({ metric, direction: "either", kind: "other", gating: false });
  });

  // Regression test (fixed): "latency_per_token_ms" starts with "latency" and ends in "_ms", so by both of the
  // issue's rules it is lower-is-better; the word "per" makes it a throughput (higher).
  it("latency_per_token_ms is lower-is-better (latency* and *_ms)", () => {
    expect(defaultPolicy("latency_per_token_ms").direction).toBe("lower");
  });

  // Regression test (fixed): "ms" counts as a time word anywhere in the name, not only as the "_ms" suffix, so
  // MS MARCO's MRR (higher-is-better quality) is judged as a latency.
  it("ms_marco_mrr is higher-is-better quality (ms is not a *_ms suffix here)", () => {
    expect(defaultPolicy("ms_marco_mrr")).toMatchObject({ direction: "higher", kind: "quality" });
  });

  // Regression test (fixed): rouge* is matched as a prefix ("rougelsum"), but latency* and cost* only as
  // whole words, so all-lower-case names that start with them are unknown.
  it("latencyp95 is lower-is-better (latency*)", () => {
    expect(defaultPolicy("latencyp95").direction).toBe("lower");
  });
  it("costusd is lower-is-better (cost*)", () => {
    expect(defaultPolicy("costusd").direction).toBe("lower");
  });
});

describe("defaultPolicy: thresholds by kind", () => {
  // The documented defaults: quality one point absolute; time 5%; cost 2%; loss, error
  // rates and perplexity 2%.
  it.each<[string, Threshold]>([
    ["f1", { absolute: 0.01 }],
    ["accuracy", { absolute: 0.01 }],
    ["rougeL", { absolute: 0.01 }],
    ["latency_ms", { relative: 0.05 }],
    ["duration", { relative: 0.05 }],
    ["eval_seconds", { relative: 0.05 }],
    ["cost_usd", { relative: 0.02 }],
    ["loss", { relative: 0.02 }],
    ["error_rate", { relative: 0.02 }],
    ["perplexity", { relative: 0.02 }],
  ])("%s: %j", (metric, threshold) => {
    expect(defaultPolicy(metric).threshold).toEqual(threshold);
  });
});

describe("configMatches", () => {
  it.each<[string, Partial<ConfigKey>, ConfigKey, boolean]>([
    ["an empty rule matches everything", {}, config("meta-llama/Llama-3-8B"), true],
    ["exact name", { model_version: "gpt-4o" }, config("gpt-4o"), true],
    ["exact name is not a prefix", { model_version: "gpt-4o" }, config("gpt-4o-mini"), false],
    ["trailing star", { model_version: "gpt-4o*" }, config("gpt-4o-mini"), true],
    ["trailing star, other model", { model_version: "gpt-4o*" }, config("gpt-4-turbo"), false],
    ["exact name with a slash", { model_version: "meta-llama/Llama-3-8B" }, config("meta-llama/Llama-3-8B"), true],
    ["exact name with a slash, other size", { model_version: "meta-llama/Llama-3-8B" }, config("meta-llama/Llama-3-70B"), false],
    ["organisation/*", { model_version: "meta-llama/*" }, config("meta-llama/Llama-3-8B"), true],
    ["organisation/* of another organisation", { model_version: "meta-llama/*" }, config("mistralai/Mistral-7B"), false],
    ["* matches across the slash", { model_version: "*" }, config("meta-llama/Llama-3-8B"), true],
    ["*part* matches across the slash", { model_version: "*Llama-3*" }, config("meta-llama/Llama-3-8B"), true],
    ["*/name*", { model_version: "*/Llama-3*" }, config("meta-llama/Llama-3-70B"), true],
    ["a prefix glob does not match a name with an organisation in front", { model_version: "gpt-4o*" }, config("openai/gpt-4o"), false],
    ["braces", { model_version: "{gpt-4o,claude-3-5-sonnet}" }, config("claude-3-5-sonnet"), true],
    ["every field must match", { model_version: "meta-llama/*", environment: "ci" }, config("meta-llama/Llama-3-8B", { environment: "local" }), false],
    ["every field matches", { model_version: "meta-llama/*", dataset_version: "qa-*", environment: "ci" }, config("meta-llama/Llama-3-8B"), true],
    ["dataset and prompt globs", { dataset_version: "squad-*", prompt_version: "v2*" }, config("m", { dataset_version: "squad-2.0", prompt_version: "v2.1" }), true],
    ["dataset glob, other dataset", { dataset_version: "squad-*" }, config("m", { dataset_version: "qa-v1" }), false],
  ])("%s", (_name, match, key, expected) => {
    expect(configMatches(key, match)).toBe(expected);
  });
});

describe("resolvePolicy", () => {
  const llama = config("meta-llama/Llama-3-8B");
  const gpt = config("gpt-4o");

  it("is the default by name when the project overrides nothing", () => {
    expect(resolvePolicy("f1", gpt, {})).toEqual(defaultPolicy("f1"));
    expect(resolvePolicy("latency_ms", gpt, { metrics: {}, configs: [] })).toEqual(defaultPolicy("latency_ms"));
  });

  type Row = [string, string, ConfigKey, { metrics?: Record<string, PolicyOverride>; configs?: ConfigRule[] },
    { direction: Direction; threshold: Threshold; gating: boolean; kind?: MetricKind }];
  it.each<Row>([
    ["top-level exact name replaces the threshold", "f1", gpt,
      { metrics: { f1: { threshold: { absolute: 0.02 } } } },
      { direction: "higher", threshold: { absolute: 0.02 }, gating: true }],
    ["a threshold override replaces the whole default threshold, not merges into it", "f1", gpt,
      { metrics: { f1: { threshold: { relative: 0.1 } } } },
      { direction: "higher", threshold: { relative: 0.1 }, gating: true }],
    ["a field not given keeps the default", "f1", gpt,
      { metrics: { f1: { gating: false } } },
      { direction: "higher", threshold: { absolute: 0.01 }, gating: false }],
    ["top-level glob", "ttft_ms", gpt,
      { metrics: { "*_ms": { threshold: { relative: 0.1 } } } },
      { direction: "lower", threshold: { relative: 0.1 }, gating: true, kind: "time" }],
    ["a glob that does not match leaves the default", "f1", gpt,
      { metrics: { "*_ms": { threshold: { relative: 0.1 } } } },
      { direction: "higher", threshold: { absolute: 0.01 }, gating: true }],
    ["glob then exact name: the exact name, later, wins", "f1", gpt,
      { metrics: { "*": { threshold: { relative: 0.1 } }, f1: { threshold: { absolute: 0.03 } } } },
      { direction: "higher", threshold: { absolute: 0.03 }, gating: true }],
    ["glob then exact name: the glob still applies to the others", "precision", gpt,
      { metrics: { "*": { threshold: { relative: 0.1 } }, f1: { threshold: { absolute: 0.03 } } } },
      { direction: "higher", threshold: { relative: 0.1 }, gating: true }],
    ["a direction on an unknown metric makes it gating", "widgets", gpt,
      { metrics: { widgets: { direction: "lower", threshold: { absolute: 3 } } } },
      { direction: "lower", threshold: { absolute: 3 }, gating: true, kind: "other" }],
    ["direction either makes a metric not gating", "f1", gpt,
      { metrics: { f1: { direction: "either" } } },
      { direction: "either", threshold: { absolute: 0.01 }, gating: false }],
    ["an explicit gating beside the direction wins", "widgets", gpt,
      { metrics: { widgets: { direction: "higher", gating: false, threshold: {} } } },
      { direction: "higher", threshold: {}, gating: false }],
    ["a matching configs rule beats the top-level exact name", "f1", llama,
      { metrics: { f1: { threshold: { absolute: 0.02 } } }, configs: [{ match: { model_version: "meta-llama/*" }, metrics: { "*": { threshold: { absolute: 0.05 } } } }] },
      { direction: "higher", threshold: { absolute: 0.05 }, gating: true }],
    ["a configs rule that does not match is ignored", "f1", gpt,
      { metrics: { f1: { threshold: { absolute: 0.02 } } }, configs: [{ match: { model_version: "meta-llama/*" }, metrics: { "*": { threshold: { absolute: 0.05 } } } }] },
      { direction: "higher", threshold: { absolute: 0.02 }, gating: true }],
    ["two matching rules: the later one wins", "f1", llama,
      { configs: [
        { match: { model_version: "*" }, metrics: { f1: { threshold: { absolute: 0.04 } } } },
        { match: { model_version: "meta-llama/Llama-3-8B" }, metrics: { f1: { threshold: { absolute: 0.06 } } } },
      ] },
      { direction: "higher", threshold: { absolute: 0.06 }, gating: true }],
    ["two matching rules in the other order: the general one, later, wins", "f1", llama,
      { configs: [
        { match: { model_version: "meta-llama/Llama-3-8B" }, metrics: { f1: { threshold: { absolute: 0.06 } } } },
        { match: { model_version: "*" }, metrics: { f1: { threshold: { absolute: 0.04 } } } },
      ] },
      { direction: "higher", threshold: { absolute: 0.04 }, gating: true }],
    ["rules merge field by field", "latency_ms", llama,
      { metrics: { latency_ms: { gating: false } }, configs: [
        { match: {}, metrics: { "latency*": { threshold: { relative: 0.2 } } } },
        { match: { environment: "ci" }, metrics: { latency_ms: { direction: "lower" } } },
      ] },
      // direction "lower" sets gating back to true
      { direction: "lower", threshold: { relative: 0.2 }, gating: true, kind: "time" }],
    ["a rule without metrics changes nothing", "f1", llama,
      { configs: [{ match: { model_version: "*" } }] },
      { direction: "higher", threshold: { absolute: 0.01 }, gating: true }],
  ])("%s", (_name, metric, key, project, expected) => {
    const policy = resolvePolicy(metric, key, project);
    expect(policy).toMatchObject({ metric, ...expected });
    expect(policy.threshold).toEqual(expected.threshold);
  });

  it("applies a parsed YAML file's rules in file order", () => {
    const project = parseProjectConfig("benchledger.config.yaml", [
      "metrics:",
      "  f1: { threshold: { absolute: 0.02 } }",
      "configs:",
      "  - match: { model_version: 'meta-llama/*' }",
      "    metrics:",
      "      f1: { threshold: { absolute: 0.03 } }",
      "  - match: { model_version: 'meta-llama/Llama-3-8B', environment: ci }",
      "    metrics:",
      "      f1: { threshold: { absolute: 0.04 } }",
      "  - match: { model_version: 'meta-llama/Llama-3-8B', environment: gpu }",
      "    metrics:",
      "      f1: { threshold: { absolute: 0.05 } }",
    ].join("\n"));
    expect(resolvePolicy("f1", config("meta-llama/Llama-3-8B"), project).threshold).toEqual({ absolute: 0.04 });
    expect(resolvePolicy("f1", config("meta-llama/Llama-3-70B"), project).threshold).toEqual({ absolute: 0.03 });
    expect(resolvePolicy("f1", config("meta-llama/Llama-3-8B", { environment: "gpu" }), project).threshold).toEqual({ absolute: 0.05 });
    expect(resolvePolicy("f1", config("gpt-4o"), project).threshold).toEqual({ absolute: 0.02 });
  });
});

describe("defaultPolicy: 'X per Y' names take X's meaning", () => {
  it.each([
    ["ms_per_token", "lower", "time"],
    ["seconds_per_example", "lower", "time"],
    ["errors_per_run", "lower", "quality"],
    ["cost_per_query", "lower", "cost"],
    ["tokens_per_second", "higher", "time"],
    ["requests_per_sec", "higher", "time"],
    ["total_tokens", "either", "other"],
  ] as const)("%s is %s-is-better (%s)", (metric, direction, kind) => {
    expect(defaultPolicy(metric)).toMatchObject({ direction, kind });
  });
});

describe("resolvePolicy with what a run declares", () => {
  const config = { model_version: "hyperium/hyper", dataset_version: "pipeline", prompt_version: "default", environment: "ci" };

  it("takes the tool's direction for a name that says nothing, gating it, and a time unit makes it a time", () => {
    expect(defaultPolicy("hello_world_16")).toMatchObject({ direction: "either", gating: false });
    expect(resolvePolicy("hello_world_16", config, {}, { direction: "lower", unit: "ns/iter" }))
      .toMatchObject({ direction: "lower", gating: true, kind: "time", threshold: { relative: 0.05 } });
    expect(resolvePolicy("test_pt_load", config, {}, { direction: "higher", unit: "iter/sec" }))
      .toMatchObject({ direction: "higher", gating: true, kind: "other" });
  });

  it("lets the tool's direction win over the name, and the project config win over both", () => {
    expect(resolvePolicy("mgas_error_ms", config, {}, { direction: "higher", unit: "mgas/s" }).direction).toBe("higher");
    expect(resolvePolicy("hello_world_16", config, { metrics: { "hello_*": { direction: "higher" } } }, { direction: "lower" }).direction).toBe("higher");
  });

  it("treats a standard error as noise, not as a quality metric", () => {
    expect(defaultPolicy("acc_stderr")).toMatchObject({ direction: "either", gating: false });
    expect(defaultPolicy("exact_match_stderr,strict-match")).toMatchObject({ direction: "either", gating: false });
    expect(defaultPolicy("acc")).toMatchObject({ direction: "higher", gating: true });
  });
});
