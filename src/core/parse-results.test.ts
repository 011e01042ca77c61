import { describe, expect, it } from "vitest";
import { InvalidInputError } from "./errors.js";
import { invalidResults, parseResultsFile, type InputProblem } from "./parse-results.js";

const FILE = "eval/results.json";
const base = { model_version: "gpt-4o-mini", dataset_version: "medqa-v2" };
const valid = { ...base, metrics: { f1: 0.91 } };

/** The error parseResultsFile throws for `text`; fails the test when it does not throw. */
function rejection(text: string): InvalidInputError & { problems: InputProblem[] } {
  let thrown: unknown;
  try {
    parseResultsFile(FILE, text);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidInputError);
  const error = thrown as InvalidInputError & { problems: InputProblem[] };
  expect(error.kind).toBe("invalid-input");
  expect(error.code).toBe("INVALID_RESULT");
  expect(Array.isArray(error.problems)).toBe(true);
  return error;
}

/** A result with `fields` merged over a valid one, as JSON text. */
function resultWith(fields: Record<string, unknown>): string {
  return JSON.stringify({ ...valid, ...fields });
}

describe("parseResultsFile: accepted shapes", () => {
  const second = { ...base, model_version: "claude-3-5-haiku", metrics: { f1: 0.8 } };
  it.each([
    ["one result object", JSON.stringify(valid), ["gpt-4o-mini"]],
    ["an array of results", JSON.stringify([valid, second]), ["gpt-4o-mini", "claude-3-5-haiku"]],
    ['{"results": [...]}', JSON.stringify({ results: [valid, second] }), ["gpt-4o-mini", "claude-3-5-haiku"]],
    ['{"$schema", "results"}', JSON.stringify({ $schema: "https://x/result.schema.json", results: [second] }), ["claude-3-5-haiku"]],
    ["pretty-printed with surrounding whitespace", `\n\n  ${JSON.stringify(valid, null, 2)}\n`, ["gpt-4o-mini"]],
  ])("%s", (_name, text, models) => {
    const results = parseResultsFile(FILE, text);
    expect(results.map((r) => r.model_version)).toEqual(models);
    expect(results.every((r) => r.dataset_version === "medqa-v2")).toBe(true);
  });

  it("keeps the order of the results in the file", () => {
    const text = JSON.stringify({ results: [1, 2, 3].map((n) => ({ ...base, model_version: `m${n}`, metrics: { f1: n / 10 } })) });
    expect(parseResultsFile(FILE, text).map((r) => [r.model_version, r.metrics.f1])).toEqual([
      ["m1", 0.1],
      ["m2", 0.2],
      ["m3", 0.3],
    ]);
  });
});

describe("parseResultsFile: defaults and conversions", () => {
  it("gives a result without tags an empty tag list and no created_at", () => {
    const [result] = parseResultsFile(FILE, JSON.stringify(valid));
    expect(result).toEqual({ ...valid, tags: [] });
    expect(result).not.toHaveProperty("created_at");
  });

  it("returns every optional field it was given", () => {
    const full = {
      ...valid,
      model_provider: "openai",
      prompt_version: "cot-v2",
      environment: "staging",
      commit_sha: "abc123",
      branch_name: "main",
      duration_seconds: 0,
      tags: ["nightly", "gpu-a100"],
      run_key: "ci-42",
    };
    const [result] = parseResultsFile(FILE, JSON.stringify(full));
    expect(result).toEqual(full);
  });

  it("drops $schema from a single result", () => {
    const [result] = parseResultsFile(FILE, resultWith({ $schema: "./result.schema.json" }));
    expect(result).not.toHaveProperty("$schema");
    expect(result).toEqual({ ...valid, tags: [] });
  });

  it("trims the names", () => {
    const [result] = parseResultsFile(FILE, resultWith({ model_version: "  gpt-4o-mini ", environment: "\tstaging\n" }));
    expect(result?.model_version).toBe("gpt-4o-mini");
    expect(result?.environment).toBe("staging");
  });

  it.each([
    ["2026-11-26T12:00:00Z", Date.UTC(2026, 10, 26, 12, 0, 0)],
    ["2026-11-26T12:00:00.250Z", Date.UTC(2026, 10, 26, 12, 0, 0, 250)],
    ["2026-11-26T12:00:00+02:00", Date.UTC(2026, 10, 26, 10, 0, 0)],
    ["2026-11-26T01:30:00-05:30", Date.UTC(2026, 10, 26, 7, 0, 0)],
  ])("parses created_at %s into a Date", (createdAt, epochMs) => {
    const [result] = parseResultsFile(FILE, resultWith({ created_at: createdAt }));
    expect(result?.created_at).toBeInstanceOf(Date);
    expect(result?.created_at?.getTime()).toBe(epochMs);
  });

  it("accepts nested metrics as given", () => {
    const metrics = { f1: 0.9, latency: { p50: 120, p95: 410.5 }, ci: { f1: { low: 0.88, high: 0.93 } }, zero: 0, negative: -1.5 };
    const [result] = parseResultsFile(FILE, resultWith({ metrics }));
    expect(result?.metrics).toEqual(metrics);
  });

  it("coerces example ids, labels and predictions to strings", () => {
    const examples = [
      { id: 7, label: 1, prediction: 0, correct: false, score: 0.25, latency_ms: 12, cost: 0.001 },
      { id: "q-8", label: true, prediction: "yes", correct: true },
      { id: 0 },
    ];
    const [result] = parseResultsFile(FILE, resultWith({ examples }));
    expect(result?.examples).toEqual([
      { id: "7", label: "1", prediction: "0", correct: false, score: 0.25, latency_ms: 12, cost: 0.001 },
      { id: "q-8", label: "true", prediction: "yes", correct: true },
      { id: "0" },
    ]);
  });
});

describe("parseResultsFile: rejections name the file, the JSON path and what was expected", () => {
  const NAN_FILE = `{"model_version": "m", "dataset_version": "d", "metrics": {"f1": NaN}}`;
  it.each<[string, string, string, RegExp]>([
    ["an empty file", "", "$", /^the file is empty; expected a JSON result object or an array of them$/],
    ["a whitespace-only file", "  \n\t\r\n ", "$", /^the file is empty; expected a JSON result object/],
    ["an empty array", "[]", "$", /^no results; expected at least one result object$/],
    ['an empty "results" array', `{"results": []}`, "$.results", /^no results; expected at least one result object$/],
    ["a JSON number", "42", "$", /^expected a result object with model_version, dataset_version and metrics, got 42$/],
    ["JSON null", "null", "$", /^expected a result object .*, got null$/],
    ["an array of non-objects", `[${JSON.stringify(valid)}, "x"]`, "$[1]", /^expected a result object .*, got the string "x"$/],
    ["missing metrics", JSON.stringify(base), "$.metrics", /^missing; expected an object of metrics/],
    ["missing model_version", JSON.stringify({ dataset_version: "d", metrics: { f1: 1 } }), "$.model_version", /^missing; expected the model version as a non-empty string$/],
    ["{} metrics", resultWith({ metrics: {} }), "$.metrics", /^expected at least one metric, e\.g\. \{"f1": 0\.91\}, got \{\}$/],
    ["metrics as an array", resultWith({ metrics: [0.9] }), "$.metrics", /^expected an object of metrics.*, got an array$/],
    ["a string metric", resultWith({ metrics: { f1: "0.91" } }), "$.metrics.f1", /^expected a finite number or an object of metrics, got the string "0\.91"$/],
    ["an array metric", resultWith({ metrics: { f1: [0.91] } }), "$.metrics.f1", /^expected a finite number or an object of metrics, got an array$/],
    ["a null metric", resultWith({ metrics: { f1: null } }), "$.metrics.f1", /^expected a finite number or an object of metrics, got null$/],
    ["a boolean metric", resultWith({ metrics: { f1: true } }), "$.metrics.f1", /^expected a finite number or an object of metrics, got boolean true$/],
    ["a bad nested metric", resultWith({ metrics: { f1: 0.9, dist: { p50: 1, mean: "x" } } }), "$.metrics.dist.mean", /^expected a finite number or an object of metrics, got the string "x"$/],
    ["a metric name that is not an identifier", resultWith({ metrics: { "exact match": "x" } }), '$.metrics["exact match"]', /^expected a finite number .*, got the string "x"$/],
    ["NaN (as Python writes it)", NAN_FILE, "$.metrics.f1", /^expected a finite number or an object of metrics, got NaN$/],
    ["Infinity", NAN_FILE.replace("NaN", "Infinity"), "$.metrics.f1", /^expected a finite number.*, got Infinity$/],
    ["-Infinity", NAN_FILE.replace("NaN", "-Infinity"), "$.metrics.f1", /^expected a finite number.*, got -Infinity$/],
    ["a nested NaN", NAN_FILE.replace("NaN", `{"mean": NaN, "p50": 1}`).replace('"f1"', '"dist"'), "$.metrics.dist.mean", /^expected a finite number.*, got NaN$/],
    ["a NaN example score", NAN_FILE.replace('{"f1": NaN}', '{"f1": 1}, "examples": [{"id": 1, "score": NaN}]'), "$.examples[0].score", /^expected a finite number, got NaN$/],
    ["tags as a string", resultWith({ tags: "nightly" }), "$.tags", /^expected an array of strings, e\.g\. \["nightly"\], got the string "nightly"$/],
    ["tags as a number", resultWith({ tags: 3 }), "$.tags", /^expected an array of strings.*, got 3$/],
    ["a tag that is a number", resultWith({ tags: ["nightly", 3] }), "$.tags[1]", /^expected a tag as a non-empty string, got 3$/],
    ["an empty tag", resultWith({ tags: [""] }), "$.tags[0]", /^expected a tag as a non-empty string, got the string ""$/],
    ["an unknown top-level field (typo)", resultWith({ modle_provider: "openai" }), "$.modle_provider", /^unknown field \(misspelled\? docs\/results-format\.md lists the fields\)$/],
    ["an unknown field in an example", resultWith({ examples: [{ id: 1, corect: true }] }), "$.examples[0].corect", /^unknown field/],
    ["an empty model_version", resultWith({ model_version: "" }), "$.model_version", /^expected the model version as a non-empty string, got the string ""$/],
    ["a blank model_version", resultWith({ model_version: "   " }), "$.model_version", /^expected the model version as a non-empty string/],
    ["a model_version that is a number", resultWith({ model_version: 4 }), "$.model_version", /^expected the model version as a non-empty string, got 4$/],
    ["a name over 200 characters", resultWith({ dataset_version: "d".repeat(201) }), "$.dataset_version", /^expected the dataset version of at most 200 characters, got the string "d{40}\.\.\."$/],
    ["a created_at that is not a time", resultWith({ created_at: "yesterday" }), "$.created_at", /^expected an ISO 8601 time with a zone, e\.g\. 2026-11-26T12:00:00Z, got the string "yesterday"$/],
    ["a created_at without a zone", resultWith({ created_at: "2026-11-26T12:00:00" }), "$.created_at", /^expected an ISO 8601 time with a zone/],
    ["a created_at as epoch seconds", resultWith({ created_at: 1764158400 }), "$.created_at", /^expected an ISO 8601 time with a zone.*, got 1764158400$/],
    ["a negative duration_seconds", resultWith({ duration_seconds: -1 }), "$.duration_seconds", /^expected a duration of 0 seconds or more, got -1$/],
    ["a duration_seconds as a string", resultWith({ duration_seconds: "12" }), "$.duration_seconds", /^expected a finite number, got the string "12"$/],
    ["examples as an object", resultWith({ examples: { id: 1 } }), "$.examples", /^expected an array of examples, got an object$/],
    ['"results" that is not an array', `{"results": "x"}`, "$.results", /^expected an array of result objects$/],
    ['an extra key next to "results"', JSON.stringify({ results: [valid], meta: { run: 1 } }), "$.meta", /^unknown field next to "results"$/],
    ['"results" next to "metrics" (read as one result)', JSON.stringify({ ...valid, results: [valid] }), "$.results", /^unknown field/],
  ])("%s", (_name, text, path, message) => {
    const error = rejection(text);
    expect(error.problems).toEqual([{ file: FILE, path, message: expect.stringMatching(message) }]);
    expect(error.message).toContain(`  ${FILE}: ${path}: ${error.problems[0]?.message}`);
    expect(error.message.startsWith("Invalid results (nothing was recorded):\n")).toBe(true);
    expect(error.hint).toMatch(/docs\/results-format\.md/);
  });

  it.each([
    ["a trailing comma", `{"model_version": "m",}`, 1, 23],
    ["a comment on the third line", `{\n  "model_version": "m",\n  // note\n}`, 3, 3],
    ["a missing comma between lines", `{\n  "model_version": "m"\n  "dataset_version": "d"\n}`, 3, 3],
    ["an unterminated string", `{"model_version": "m`, 1, 21],
    ["single quotes", `{'model_version': 'm'}`, 1, 2],
  ])("reports bad JSON (%s) at $ with its line and column", (_name, text, line, column) => {
    const error = rejection(text);
    expect(error.problems).toEqual([
      { file: FILE, path: "$", message: expect.stringMatching(new RegExp(`^not valid JSON: .* at line ${line}, column ${column}$`)) },
    ]);
    expect(error.problems[0]?.message).not.toMatch(/in JSON at position/);
  });

  // V8 words some syntax errors ("Unexpected token ...") without "at position N": the
  // place comes from JSON5's parser, and the raw text is not quoted into the message.
  it("reports a missing value (V8's \"Unexpected token\") with its line and column", () => {
    const error = rejection(`{\n  "model_version": "m",\n  "dataset_version": }`);
    expect(error.problems).toEqual([
      { file: FILE, path: "$", message: expect.stringMatching(/^not valid JSON: .* at line 3, column \d+$/) },
    ]);
  });

  it("rejects JSON5-only syntax as not valid JSON", () => {
    const error = rejection(`{model_version: 'm', dataset_version: 'd', metrics: {f1: 1},}`);
    expect(error.problems).toEqual([{ file: FILE, path: "$", message: expect.stringMatching(/^not valid JSON: /) }]);
  });

  it("rejects a bare NaN that is not in a value position as not valid JSON", () => {
    const error = rejection(`{"model_version": "m", NaN}`);
    expect(error.problems).toEqual([{ file: FILE, path: "$", message: expect.stringMatching(/^not valid JSON: /) }]);
  });

  // The lenient (JSON5) parse only points at a NaN: a NaN the schema never sees must not
  // let a file that is not JSON (unquoted keys, comments, trailing commas) through.
  it("never accepts a file that is not valid JSON, even with a NaN the schema does not check", () => {
    const text = `{results: [{model_version: 'm', dataset_version: 'd', metrics: {f1: 1}}], /* lenient */ $schema: NaN,}`;
    expect(() => parseResultsFile(FILE, text)).toThrow(InvalidInputError);
  });

  it("reports the problems of every result, each at its own path", () => {
    const text = JSON.stringify({
      results: [
        valid,
        { ...valid, metrics: { f1: "0.9" } },
        { dataset_version: "d", metrics: { f1: 1 }, tags: [1] },
      ],
    });
    const error = rejection(text);
    expect(error.problems).toEqual([
      { file: FILE, path: "$.results[1].metrics.f1", message: expect.stringMatching(/^expected a finite number or an object of metrics/) },
      { file: FILE, path: "$.results[2].model_version", message: expect.stringMatching(/^missing; expected the model version/) },
      { file: FILE, path: "$.results[2].tags[0]", message: expect.stringMatching(/^expected a tag as a non-empty string, got 1$/) },
    ]);
    expect(error.message.split("\n")).toEqual([
      "Invalid results (nothing was recorded):",
      ...error.problems.map((p) => `  ${FILE}: ${p.path}: ${p.message}`),
    ]);
  });

  it("reports several problems of one result", () => {
    const error = rejection(JSON.stringify({ model_version: "", metrics: { f1: null }, extra: 1 }));
    expect(error.problems.map((p) => p.path).sort()).toEqual(["$.dataset_version", "$.extra", "$.metrics.f1", "$.model_version"]);
  });

  it("lists at most 10 problems in the message and counts the rest", () => {
    const results = Array.from({ length: 12 }, (_, i) => ({ ...base, metrics: { f1: `bad-${i}` } }));
    const error = rejection(JSON.stringify(results));
    expect(error.problems.map((p) => p.path)).toEqual(results.map((_, i) => `$[${i}].metrics.f1`));
    const lines = error.message.split("\n");
    expect(lines).toHaveLength(1 + 10 + 1);
    expect(lines[10]).toContain(`${FILE}: $[9].metrics.f1:`);
    expect(lines[11]).toBe("...and 2 more");
    expect(error.message).not.toContain("$[10]");
  });
});

describe("invalidResults", () => {
  const problem = (i: number): InputProblem => ({ file: `f${i}.json`, path: `$[${i}]`, message: `expected thing ${i}` });

  it.each([
    [1, null],
    [10, null],
    [11, "...and 1 more"],
    [25, "...and 15 more"],
  ])("with %i problems shows the first ten and then %s", (count, more) => {
    const problems = Array.from({ length: count }, (_, i) => problem(i));
    const error = invalidResults(problems);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.kind).toBe("invalid-input");
    expect(error.code).toBe("INVALID_RESULT");
    expect((error as InvalidInputError & { problems: InputProblem[] }).problems).toBe(problems);
    const shown = problems.slice(0, 10).map((p) => `  ${p.file}: ${p.path}: ${p.message}`);
    expect(error.message.split("\n")).toEqual([
      "Invalid results (nothing was recorded):",
      ...shown,
      ...(more === null ? [] : [more]),
    ]);
  });
});

describe("examples: ids", () => {
  const base = { model_version: "m", dataset_version: "d", metrics: { accuracy: 0.5 } };

  it("rejects a repeated example id at the repeat's path", () => {
    const text = JSON.stringify({ ...base, examples: [{ id: "a" }, { id: "b" }, { id: "a" }] });
    expect(() => parseResultsFile("r.json", text)).toThrow(/r\.json: \$\.examples\[2\]\.id: expected a unique id; examples\[0\] has the same id/);
  });

  it("says an example without an id is missing one", () => {
    const text = JSON.stringify({ ...base, examples: [{ correct: true }] });
    expect(() => parseResultsFile("r.json", text)).toThrow(/\$\.examples\[0\]\.id: missing; expected the example's id/);
  });

  it("rejects metric names that are empty or hold a dot", () => {
    expect(() => parseResultsFile("r.json", JSON.stringify({ ...base, metrics: { "a.b": 1 } }))).toThrow(/\$\.metrics\["a\.b"\]: expected a metric name without dots/);
    expect(() => parseResultsFile("r.json", JSON.stringify({ ...base, metrics: { x: { "": 1 } } }))).toThrow(/expected a non-empty metric name/);
  });
});
