import { describe, expect, it } from "vitest";
import { InvalidInputError } from "./errors.js";
import { DEFAULT_ALERT_POLICY, DEFAULT_CHECK_SETTINGS, EMPTY_PROJECT_CONFIG, parseProjectConfig, type ProjectConfig } from "./project-config.js";

/** The error parseProjectConfig throws for this file, or a failure if it does not throw. */
function parseError(file: string, text: string): InvalidInputError {
  try {
    parseProjectConfig(file, text);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error(`${file} was accepted: ${text}`);
}

const FULL_JSON = JSON.stringify({
  $schema: "https://example.com/benchledger.schema.json",
  check: { window: 20, min_samples: 4, model: "z_score", confidence: 0.995, alpha: 0.01, fail_on: "tradeoff", bootstrap_iterations: 5000, seed: 7 },
  metrics: { f1: { threshold: { absolute: 0.02 } }, "*_ms": { direction: "lower", threshold: { relative: 0.1 }, gating: false } },
  configs: [
    { match: { model_version: "meta-llama/*" }, metrics: { f1: { threshold: { absolute: 0.03, relative: 0.05 } } } },
    { match: { model_version: "gpt-*", environment: "ci" }, sla: { latency_ms: { max: 500 } } },
    { match: { dataset_version: "qa-*" }, metrics: { accuracy: { gating: false } }, sla: { accuracy: { min: 0.7 }, cost: { min: 0, max: 1.5 } } },
  ],
}, null, 2);

const FULL_YAML = `
$schema: https://example.com/benchledger.schema.json
check:
  window: 20
  min_samples: 4
  model: z_score
  confidence: 0.995
  alpha: 0.01
  fail_on: tradeoff
  bootstrap_iterations: 5000
  seed: 7
metrics:
  f1:
    threshold: { absolute: 0.02 }
  "*_ms":
    direction: lower
    threshold:
      relative: 0.1
    gating: false
configs:
  - match: { model_version: "meta-llama/*" }
    metrics:
      f1: { threshold: { absolute: 0.03, relative: 0.05 } }
  - match:
      model_version: gpt-*
      environment: ci
    sla:
      latency_ms: { max: 500 }
  - match: { dataset_version: qa-* }
    metrics:
      accuracy: { gating: false }
    sla:
      accuracy: { min: 0.7 }
      cost: { min: 0, max: 1.5 }
`;

// Written out by hand from the file above.
const FULL_EXPECTED: ProjectConfig = {
  check: { window: 20, min_samples: 4, model: "z_score", confidence: 0.995, alpha: 0.01, fail_on: "tradeoff", bootstrap_iterations: 5000, seed: 7 },
  alerts: DEFAULT_ALERT_POLICY,
  metrics: { f1: { threshold: { absolute: 0.02 } }, "*_ms": { direction: "lower", threshold: { relative: 0.1 }, gating: false } },
  configs: [
    { match: { model_version: "meta-llama/*" }, metrics: { f1: { threshold: { absolute: 0.03, relative: 0.05 } } } },
    { match: { model_version: "gpt-*", environment: "ci" } },
    { match: { dataset_version: "qa-*" }, metrics: { accuracy: { gating: false } } },
  ],
  sla: [
    { match: { model_version: "gpt-*", environment: "ci" }, limits: { latency_ms: { max: 500 } } },
    { match: { dataset_version: "qa-*" }, limits: { accuracy: { min: 0.7 }, cost: { min: 0, max: 1.5 } } },
  ],
};

describe("parseProjectConfig: parsing", () => {
  it("parses a complete JSON file", () => {
    expect(parseProjectConfig("benchledger.config.json", FULL_JSON)).toEqual(FULL_EXPECTED);
  });

  it.each(["benchledger.config.yaml", "benchledger.config.yml", "conf/BENCHLEDGER.CONFIG.YML"])("parses the same config as YAML (%s)", (file) => {
    expect(parseProjectConfig(file, FULL_YAML)).toEqual(FULL_EXPECTED);
  });

  it("reads a .json file as JSON, not YAML", () => {
    const error = parseError("benchledger.config.json", "check:\n  window: 5\n");
    expect(error.code).toBe("BAD_PROJECT_CONFIG");
    expect(error.message).toContain("benchledger.config.json");
    expect(error.message).toContain("cannot parse");
  });

  it("reads JSON text in a .yaml file (YAML is a superset)", () => {
    expect(parseProjectConfig("c.yaml", '{"check": {"alpha": 0.02}}').check.alpha).toBe(0.02);
  });

  it.each<[string, string]>([
    ["bad.json", "{"],
    ["bad.json", '{"check": {"window": 5,}}'],
    ["bad.yaml", "check: [\n"],
    ["bad.yml", "check:\n  window: 5\n  window: 6\n"], // duplicate key
  ])("rejects a syntax error in %s naming the file", (file, text) => {
    const error = parseError(file, text);
    expect(error.code).toBe("BAD_PROJECT_CONFIG");
    expect(error.message.startsWith(`${file}: cannot parse: `)).toBe(true);
  });
});

describe("parseProjectConfig: defaults", () => {
  it.each<[string, string]>([
    ["an empty YAML file", "c.yaml|"],
    ["a YAML file of comments", "c.yml|# nothing yet\n"],
    ["an empty JSON object", "c.json|{}"],
    ["JSON null", "c.json|null"],
  ])("%s is the empty project config", (_name, fileAndText) => {
    const [file, text] = fileAndText.split("|") as [string, string];
    expect(parseProjectConfig(file, text)).toEqual(EMPTY_PROJECT_CONFIG);
  });

  it("fills in every check setting not given", () => {
    expect(parseProjectConfig("c.json", '{"check": {"alpha": 0.01, "seed": 3}}').check)
      .toEqual({ ...DEFAULT_CHECK_SETTINGS, alpha: 0.01, seed: 3 });
  });

  it("has empty metrics, configs and sla when not given", () => {
    const project = parseProjectConfig("c.json", '{"check": {"window": 10}}');
    expect(project.metrics).toEqual({});
    expect(project.configs).toEqual([]);
    expect(project.sla).toEqual([]);
  });

  it("fails on regressions by default (issue 3: --fail-on default regression)", () => {
    expect(DEFAULT_CHECK_SETTINGS.fail_on).toBe("regression");
    expect(EMPTY_PROJECT_CONFIG.check).toEqual(DEFAULT_CHECK_SETTINGS);
  });

  it("has defaults the schema itself accepts, with B >= 1000 bootstrap resamples (DETECTION.md section 5)", () => {
    const roundTrip = parseProjectConfig("c.json", JSON.stringify({ check: DEFAULT_CHECK_SETTINGS }));
    expect(roundTrip.check).toEqual(DEFAULT_CHECK_SETTINGS);
    expect(DEFAULT_CHECK_SETTINGS.bootstrap_iterations).toBeGreaterThanOrEqual(1000);
    expect(DEFAULT_CHECK_SETTINGS.min_samples).toBeLessThanOrEqual(DEFAULT_CHECK_SETTINGS.window);
  });

  it("does not share the default settings object with its result", () => {
    const project = parseProjectConfig("c.json", "{}");
    project.check.alpha = 0.5;
    expect(DEFAULT_CHECK_SETTINGS.alpha).not.toBe(0.5);
  });
});

describe("parseProjectConfig: invalid fields name the file and the $.path", () => {
  // [file, text, the path the message must name]. For an unknown key, zod names the object
  // that holds it and the key's own name; both must appear.
  it.each<[string, string, string, string?]>([
    ["benchledger.config.json", '{"check": {"window": 1}}', "$.check.window"],
    ["benchledger.config.json", '{"check": {"window": 2.5}}', "$.check.window"],
    ["benchledger.config.json", '{"check": {"window": "30"}}', "$.check.window"],
    ["benchledger.config.json", '{"check": {"min_samples": 1}}', "$.check.min_samples"],
    ["benchledger.config.json", '{"check": {"model": "mean"}}', "$.check.model"],
    ["benchledger.config.json", '{"check": {"confidence": 1}}', "$.check.confidence"],
    ["benchledger.config.json", '{"check": {"confidence": 0.4}}', "$.check.confidence"],
    ["benchledger.config.json", '{"check": {"alpha": 0}}', "$.check.alpha"],
    ["benchledger.config.json", '{"check": {"alpha": 1}}', "$.check.alpha"],
    ["benchledger.config.json", '{"check": {"fail_on": "ok"}}', "$.check.fail_on"],
    ["benchledger.config.json", '{"check": {"fail_on": "sla"}}', "$.check.fail_on"],
    ["benchledger.config.json", '{"check": {"bootstrap_iterations": 50}}', "$.check.bootstrap_iterations"],
    ["benchledger.config.json", '{"check": {"bootstrap_iterations": 200000}}', "$.check.bootstrap_iterations"],
    ["benchledger.config.json", '{"check": {"seed": 1.5}}', "$.check.seed"],
    ["benchledger.config.json", '{"check": {"windw": 3}}', "$.check", "windw"],
    ["benchledger.config.json", '{"check": 5}', "$.check"],
    ["benchledger.config.json", '{"thresholds": {}}', "$", "thresholds"],
    ["benchledger.config.json", "[]", "$"],
    ["benchledger.config.json", '"check"', "$"],
    ["benchledger.config.json", '{"metrics": {"f1": {"direction": "up"}}}', "$.metrics.f1.direction"],
    ["benchledger.config.json", '{"metrics": {"f1": {"threshold": {"absolute": -0.1}}}}', "$.metrics.f1.threshold.absolute"],
    ["benchledger.config.json", '{"metrics": {"f1": {"threshold": {"relative": -1}}}}', "$.metrics.f1.threshold.relative"],
    ["benchledger.config.json", '{"metrics": {"f1": {"threshold": {"percent": 5}}}}', "$.metrics.f1.threshold", "percent"],
    ["benchledger.config.json", '{"metrics": {"f1": {"gating": "yes"}}}', "$.metrics.f1.gating"],
    ["benchledger.config.json", '{"metrics": {"f1": 0.01}}', "$.metrics.f1"],
    ["benchledger.config.json", '{"metrics": {"*_ms": {"threshold": 0.05}}}', "$.metrics.*_ms.threshold"],
    ["benchledger.config.json", '{"configs": {"match": {}}}', "$.configs"],
    ["benchledger.config.json", '{"configs": [{}]}', "$.configs[0].match"],
    ["benchledger.config.json", '{"configs": [{"match": {}}, {"match": {"model_version": 3}}]}', "$.configs[1].match.model_version"],
    ["benchledger.config.json", '{"configs": [{"match": {"model": "gpt-4o"}}]}', "$.configs[0].match", "model"],
    ["benchledger.config.json", '{"configs": [{"match": {}, "metrics": {"latency_ms": {"direction": "down"}}}]}', "$.configs[0].metrics.latency_ms.direction"],
    ["benchledger.config.json", '{"configs": [{"match": {}, "sla": {"latency_ms": {}}}]}', "$.configs[0].sla.latency_ms"],
    ["benchledger.config.json", '{"configs": [{"match": {}, "sla": {"latency_ms": {"max": "500"}}}]}', "$.configs[0].sla.latency_ms.max"],
    ["benchledger.config.json", '{"configs": [{"match": {}, "sla": {"latency_ms": {"max": 500, "p": 95}}}]}', "$.configs[0].sla.latency_ms", "p"],
    ["benchledger.config.json", '{"configs": [{"match": {}, "sla": {"latency_ms": 500}}]}', "$.configs[0].sla.latency_ms"],
    ["benchledger.config.json", '{"configs": [{"match": {}, "when": 1}]}', "$.configs[0]", "when"],
    ["ci/bench.yaml", "check:\n  window: 1\n", "$.check.window"],
    ["ci/bench.yaml", "check:\n  window: ~\n", "$.check.window"],
    ["ci/bench.yml", "configs:\n  - match: { environment: ci }\n    sla:\n      latency_ms: { max: fast }\n", "$.configs[0].sla.latency_ms.max"],
  ])("%s %s -> %s", (file, text, path, key) => {
    const error = parseError(file, text);
    expect(error.code).toBe("BAD_PROJECT_CONFIG");
    expect(error.kind).toBe("invalid-input");
    // "file: $.path: message", with the path exactly (followed by its colon).
    // An unknown field is named by its own path: "$.check.windw: unknown field".
    const fieldPath = key === undefined ? path : path === "$" ? `$.${key}` : `${path}.${key}`;
    expect(error.message).toContain(`${file}: ${fieldPath}: `);
    if (key !== undefined) expect(error.message).toContain(`${fieldPath}: unknown field`);
  });

  it("lists every invalid field, not just the first", () => {
    const error = parseError("c.json", '{"check": {"window": 1, "alpha": 2}, "configs": [{"match": {"environment": 1}}]}');
    expect(error.message).toContain("c.json: $.check.window: ");
    expect(error.message).toContain("c.json: $.check.alpha: ");
    expect(error.message).toContain("c.json: $.configs[0].match.environment: ");
  });

  // An SLA whose min is above its max could never be met: every value would breach it.
  it("rejects an SLA with min > max", () => {
    const error = parseError("c.json", '{"configs": [{"match": {}, "sla": {"latency_ms": {"min": 900, "max": 500}}}]}');
    expect(error.message).toContain("$.configs[0].sla.latency_ms");
  });

  // Regression test (fixed): the history is cut to `window` runs, so with window < min_samples the history
  // models can never run, silently. The pair should be rejected.
  it("rejects window < min_samples", () => {
    const error = parseError("c.json", '{"check": {"window": 3, "min_samples": 5}}');
    expect(error.message).toContain("$.check");
  });
});

describe("parseProjectConfig: SLA rules", () => {
  it("extracts the rules that have an sla, in file order, with their match", () => {
    const project = parseProjectConfig("c.json", JSON.stringify({
      configs: [
        { match: { model_version: "a*" }, sla: { latency_ms: { max: 500 } } },
        { match: { model_version: "b*" }, metrics: { f1: { gating: false } } },
        { match: {}, sla: { accuracy: { min: 0.8 }, "latency.p95": { min: 0, max: 2000 } } },
      ],
    }));
    expect(project.sla).toEqual([
      { match: { model_version: "a*" }, limits: { latency_ms: { max: 500 } } },
      { match: {}, limits: { accuracy: { min: 0.8 }, "latency.p95": { min: 0, max: 2000 } } },
    ]);
    // Every rule stays a config rule; the sla is not repeated there.
    expect(project.configs).toEqual([
      { match: { model_version: "a*" } },
      { match: { model_version: "b*" }, metrics: { f1: { gating: false } } },
      { match: {} },
    ]);
  });

  it("accepts an SLA with only a min or only a max, and negative bounds", () => {
    const project = parseProjectConfig("c.yaml", "configs:\n  - match: {}\n    sla:\n      delta: { min: -1 }\n      loss: { max: 0 }\n");
    expect(project.sla).toEqual([{ match: {}, limits: { delta: { min: -1 }, loss: { max: 0 } } }]);
  });
});

describe("parseProjectConfig: alerts", () => {
  it("defaults to alerting at once, no GitHub issues, issues left open on recovery", () => {
    expect(parseProjectConfig("c.json", "{}").alerts).toEqual(DEFAULT_ALERT_POLICY);
    expect(DEFAULT_ALERT_POLICY).toEqual({ confirm_runs: 1, inconclusive: false, github_issues: false, close_on_recovery: false, labels: ["benchledger", "regression"] });
  });

  it("reads the alerts section from YAML", () => {
    const yaml = "alerts:\n  confirm_runs: 2\n  github_issues: true\n  close_on_recovery: true\n  labels: [evals, perf]\n";
    expect(parseProjectConfig("c.yaml", yaml).alerts).toEqual({ ...DEFAULT_ALERT_POLICY, confirm_runs: 2, github_issues: true, close_on_recovery: true, labels: ["evals", "perf"] });
  });

  it("names a bad alerts field", () => {
    expect(() => parseProjectConfig("c.json", JSON.stringify({ alerts: { confirm_runs: 0 } }))).toThrow(/c\.json: \$\.alerts\.confirm_runs/);
    expect(() => parseProjectConfig("c.json", JSON.stringify({ alerts: { labels: [] } }))).toThrow(/\$\.alerts\.labels/);
    expect(() => parseProjectConfig("c.json", JSON.stringify({ alerts: { slack: "x" } }))).toThrow(/\$\.alerts\.slack: unknown field/);
  });
});
