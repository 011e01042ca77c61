import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import type { InputProblem } from "../parse-results.js";
import { resultSchema } from "../result-schema.js";
import type { ImportedRun, ImportOptions } from "./importer.js";
import { promptfooImporter as importer } from "./promptfoo.js";

const DATA = fileURLToPath(new URL("../../../../shared/data/", import.meta.url));
const EXPORT = path.join(DATA, "harness/promptfoo/promptfoo_test_fixtures_sample-export.json");
const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/import/promptfoo/", import.meta.url));
const NAME = "sample-export.json";
const TEXT = readFileSync(EXPORT, "utf8");

// Loose on purpose: the tests reach into the export to change one field.
type Json = Record<string, any>;

/** A fresh copy of the real export, to change in one test. */
function exported(): Json {
  return JSON.parse(TEXT) as Json;
}

function parse(text = TEXT, options: ImportOptions = {}, file = NAME): ImportedRun[] {
  return importer.parse(file, text, options);
}

/** The problems parse reports for `text`; fails the test when it does not throw. */
function rejection(text: string, file = NAME): InputProblem[] {
  let thrown: unknown;
  try {
    importer.parse(file, text, {});
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidInputError);
  const problems = (thrown as { problems: InputProblem[] }).problems;
  expect(problems.length).toBeGreaterThan(0);
  for (const problem of problems) expect(problem.file).toBe(file);
  return problems;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

/** The export as summary version 2 (older promptfoo): prompts and outputs in `table`. */
function asVersion2(doc: Json): Json {
  const { prompts, results, ...summary } = doc.results as Json;
  const body = [0, 1].map((testIdx) => ({
    description: undefined,
    test: (results as Json[]).find((r) => r.testIdx === testIdx)!.testCase,
    vars: ["riddle"],
    outputs: (prompts as Json[]).map((_p, promptIdx) => {
      const r = (results as Json[]).find((x) => x.testIdx === testIdx && x.promptIdx === promptIdx)!;
      return { pass: r.success, score: r.score, text: r.response.output, latencyMs: r.latencyMs, cost: r.cost, testCase: r.testCase };
    }),
  }));
  return { ...doc, results: { ...summary, version: 2, results, table: { head: { prompts, vars: ["riddle"] }, body } } };
}

describe("promptfoo detect", () => {
  it("claims the real export, the bare summary and a version 2 summary", () => {
    expect(importer.detect(TEXT, EXPORT)).toBe(true);
    expect(importer.detect(JSON.stringify(exported().results), "summary.json")).toBe(true);
    expect(importer.detect(JSON.stringify(asVersion2(exported())), "v2.json")).toBe(true);
  });

  it("claims no file of the other formats (lm-eval, inspect, benchmarks, histories)", () => {
    const others = [...filesUnder(path.join(DATA, "harness")), ...filesUnder(path.join(DATA, "histories"))].filter((f) => f !== EXPORT);
    expect(others.length).toBeGreaterThan(40);
    expect(others.filter((file) => importer.detect(readFileSync(file, "utf8"), file))).toEqual([]);
  });

  it("claims no benchledger {results: [...]} and no lm-eval results", () => {
    expect(importer.detect(JSON.stringify({ results: [{ model_version: "m", dataset_version: "d", metrics: { f1: 1 } }] }), "r.json")).toBe(false);
    expect(importer.detect(JSON.stringify({ results: { gsm8k: { "acc,none": 0.5 } }, versions: { gsm8k: 1 } }), "r.json")).toBe(false);
  });

  it("claims a truncated export by its keys", () => {
    expect(importer.detect(TEXT.slice(0, TEXT.indexOf("\"gradingResult\"")), NAME)).toBe(true);
  });
});

describe("promptfoo export (summary version 3)", () => {
  it("makes one run per prompt × provider, the provider as model", () => {
    const runs = parse();
    expect(runs.map((r) => r.position)).toEqual(["$.results.prompts[0]", "$.results.prompts[1]"]);
    expect(runs.map((r) => [r.result.model_version, r.result.model_provider])).toEqual([["openai:gpt-5", "openai"], ["openai:gpt-5-mini", "openai"]]);
  });

  it("takes the suite's description as dataset, the prompt's label as prompt, the timestamp as time", () => {
    const [gpt5] = parse();
    expect(gpt5!.result).toMatchObject({
      dataset_version: "Comparing OpenAI flagship and mini models performance on riddles",
      prompt_version: "Solve this riddle: {{riddle}}",
      created_at: "2025-10-01T20:08:11.168Z",
      tags: ["promptfoo", "promptfoo_version=0.118.10", "promptfoo_eval=eval-WJi-2025-10-01T20:08:11"],
    });
    expect(gpt5!.result.commit_sha).toBeUndefined();
  });

  it("turns the prompt's totals into rates, means and counts", () => {
    const [gpt5, mini] = parse();
    expect(gpt5!.result.metrics).toEqual({
      pass_rate: 0, score: 0.5833333333333333, tests_passed: 0, tests_failed: 2, tests_errored: 0,
      assertions_passed: 4, assertions_failed: 3, latency_ms: 5612, cost: 0.0031575,
      tokens_total: 384, tokens_prompt: 78, tokens_completion: 306,
    });
    expect(mini!.result.metrics).toMatchObject({ score: 0.7083333333333333, latency_ms: 5231.5, cost: 0.0008235, assertions_passed: 5, tokens_completion: 402 });
  });

  it("sets units and directions; none for token counts", () => {
    const [gpt5] = parse();
    expect(gpt5!.result.units).toEqual({ latency_ms: "ms", cost: "USD" });
    expect(gpt5!.result.directions).toEqual({
      pass_rate: "higher", score: "higher", tests_passed: "higher", assertions_passed: "higher",
      tests_failed: "lower", tests_errored: "lower", assertions_failed: "lower", latency_ms: "lower", cost: "lower",
    });
  });

  it("makes each test's result an example keyed by its testIdx", () => {
    const [gpt5, mini] = parse();
    expect(gpt5!.result.examples).toEqual([
      { id: "0", correct: false, prediction: "An echo.", score: 0.5, latency_ms: 6197, cost: 0.00208625 },
      { id: "1", correct: false, prediction: "Because “single” is the trick: everyone on the boat is married, so you don’t see a single (unmarried) person.",
        score: 0.6666666666666666, latency_ms: 5027, cost: 0.0010712500000000002 },
    ]);
    expect(mini!.result.examples?.map((e) => [e.id, e.score, e.latency_ms])).toEqual([["0", 0.75, 5794], ["1", 0.6666666666666666, 4669]]);
  });

  it("gives valid canonical results", () => {
    for (const { result } of parse()) expect(resultSchema.safeParse(result).error).toBeUndefined();
  });

  it("reads the bare summary promptfoo eval -o wrote in older versions; the suite is then unnamed", () => {
    const runs = parse(JSON.stringify(exported().results));
    expect(runs.map((r) => r.position)).toEqual(["$.prompts[0]", "$.prompts[1]"]);
    expect(runs[0]!.result).toMatchObject({ model_version: "openai:gpt-5", dataset_version: "promptfoo", tags: ["promptfoo"], created_at: "2025-10-01T20:08:11.168Z" });
    expect(runs[0]!.result.metrics.score).toBe(0.5833333333333333);
  });

  it("reads a version 2 summary from its table", () => {
    const runs = parse(JSON.stringify(asVersion2(exported())));
    expect(runs.map((r) => r.position)).toEqual(["$.results.table.head.prompts[0]", "$.results.table.head.prompts[1]"]);
    expect(runs[1]!.result.metrics).toMatchObject({ score: 0.7083333333333333, latency_ms: 5231.5 });
    expect(runs[1]!.result.examples?.map((e) => [e.id, e.correct, e.score])).toEqual([["0", false, 0.75], ["1", false, 0.6666666666666666]]);
  });

  it("lets --model, --dataset, --prompt and --env win over the file", () => {
    const [gpt5] = parse(TEXT, { model: "gpt5", dataset: "riddles", prompt: "v2", environment: "ci" });
    expect(gpt5!.result).toMatchObject({ model_version: "gpt5", dataset_version: "riddles", prompt_version: "v2", environment: "ci" });
  });
});

describe("promptfoo mapping choices", () => {
  it("falls back to the test file path when the suite has no description", () => {
    const doc = exported();
    delete doc.config.description;
    doc.config.tests = "file://tests/riddles.yaml";
    expect(parse(JSON.stringify(doc))[0]!.result.dataset_version).toBe("file://tests/riddles.yaml");
    doc.config.tests = [{ vars: {} }];
    expect(parse(JSON.stringify(doc))[0]!.result.dataset_version).toBe("promptfoo");
  });

  it("takes the prompt's id when its label is longer than 200 characters", () => {
    const doc = exported();
    doc.results.prompts[0].label = "Solve ".repeat(50);
    expect(parse(JSON.stringify(doc))[0]!.result.prompt_version).toBe("cd59d97e5a3914afcea76dcc2fdd43bbbb60e8374fcca26d8f76ee3e4e21c73a");
  });

  it("averages named scores over their counts and renames one that clashes with a built-in metric", () => {
    const doc = exported();
    Object.assign(doc.results.prompts[0].metrics, { namedScores: { accuracy: 1.5, derived: 0.9, score: 2 }, namedScoresCount: { accuracy: 2, score: 4 } });
    const { metrics } = parse(JSON.stringify(doc))[0]!.result;
    expect(metrics).toMatchObject({ accuracy: 0.75, derived: 0.9, score_named: 0.5, score: 0.5833333333333333 });
  });

  it("keys examples by a unique test description and labels them with an equals assertion's value", () => {
    const doc = exported();
    const first = doc.results.results.find((r: Json) => r.promptIdx === 0 && r.testIdx === 0);
    first.testCase.description = "echo riddle";
    first.testCase.assert.push({ type: "equals", value: "{{answer}}" });
    first.vars.answer = "An echo.";
    const examples = parse(JSON.stringify(doc))[0]!.result.examples!;
    expect(examples.map((e) => [e.id, e.label])).toEqual([["echo riddle", "An echo."], ["1", undefined]]);
  });

  it("truncates a long output to 2,000 characters", () => {
    const doc = exported();
    doc.results.results[1].response.output = "y".repeat(3000);
    expect(parse(JSON.stringify(doc))[0]!.result.examples![0]!.prediction).toHaveLength(2000);
  });
});

describe("promptfoo malformed files", () => {
  it("names the line and column of a truncated file", () => {
    const problems = rejection(TEXT.slice(0, TEXT.indexOf("\"stats\"")));
    expect(problems).toEqual([{ file: NAME, path: "$", message: expect.stringMatching(/^not valid JSON: .* at line \d+, column \d+$/) }]);
  });

  it("names the JSON path of a string where a number must be, and of a missing count", () => {
    const doc = exported();
    doc.results.prompts[1].metrics.cost = "0.0008";
    delete doc.results.prompts[0].metrics.testFailCount;
    doc.results.results[2].success = "no";
    expect(rejection(JSON.stringify(doc)).map((p) => [p.path, p.message])).toEqual([
      ["$.results.prompts[0].metrics.testFailCount", "missing; expected the number testFailCount"],
      ["$.results.prompts[1].metrics.cost", "expected a finite number, got the string \"0.0008\""],
      ["$.results.results[2].success", "expected true or false, got the string \"no\""],
    ]);
  });

  it("names a result whose promptIdx names no prompt", () => {
    const doc = exported();
    doc.results.results[3].promptIdx = 5;
    expect(rejection(JSON.stringify(doc))).toEqual([{ file: NAME, path: "$.results.results[3].promptIdx", message: expect.stringContaining("one of the 2 prompts") }]);
  });

  it("says an export without prompts holds no runs", () => {
    const doc = exported();
    doc.results.prompts = [];
    expect(rejection(JSON.stringify(doc))).toEqual([{ file: NAME, path: "$.results.prompts", message: expect.stringContaining("holds no runs") }]);
  });

  it.each([
    ["a document, not an object", [1]],
    ["results of the wrong type", { results: 5 }],
    ["a summary without prompts", { results: { version: 3, results: [] } }],
    ["odd prompts and results", { results: { version: 3, timestamp: 7, prompts: [null, { provider: 3, metrics: { score: {} } }], results: [4, { promptIdx: "0" }], stats: [] } }],
  ])("reports %s as an invalid file, never a TypeError", (_name, doc) => {
    rejection(JSON.stringify(doc));
  });

  it.each([
    ["malformed-truncated.json", "$", "line 97, column 12"],
    ["malformed-wrong-type.json", "$.results.prompts[0].metrics.testPassCount", "got the string \"0\""],
    ["malformed-empty.json", "$.results.prompts", "holds no runs"],
  ])("fixture %s is detected and rejected at %s", (name, position, message) => {
    const text = readFileSync(path.join(FIXTURES, name), "utf8");
    expect(importer.detect(text, name)).toBe(true);
    expect(rejection(text, name)[0]).toMatchObject({ path: position, message: expect.stringContaining(message) });
  });
});
