import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import type { InputProblem } from "../parse-results.js";
import { resultSchema } from "../result-schema.js";
import { hyperfineImporter } from "./hyperfine.js";
import type { CanonicalResult } from "./importer.js";

const FIXTURES = new URL("../../../test/fixtures/import/hyperfine/", import.meta.url);
const DATA = new URL("../../../../shared/data/", import.meta.url);
const ONE_BRC = "zeroows-1brc_hyperfine.json";
const MYCAT = "RUCICS-meowhw-delique1984_hyperfine_results.json";
const DELTA = "dandavison-misc_hyperfine.json";
const SAMPLES = [ONE_BRC, MYCAT, DELTA];

const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), "utf8");

function importOne(text: string, options = {}): CanonicalResult {
  const runs = hyperfineImporter.parse("bench.json", text, options);
  expect(runs).toHaveLength(1);
  expect(runs[0]!.position).toBe("$");
  return runs[0]!.result;
}

function problemsOf(text: string): InputProblem[] {
  let thrown: unknown;
  try {
    hyperfineImporter.parse("bench.json", text, {});
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidInputError);
  return (thrown as { problems: InputProblem[] }).problems;
}

function metricAt(result: CanonicalResult, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], result.metrics);
}

/** The first result of the 1brc file, edited. */
function oneBrcWith(edit: (first: Record<string, unknown>) => void): string {
  const document = JSON.parse(fixture(ONE_BRC)) as { results: Record<string, unknown>[] };
  edit(document.results[0]!);
  return JSON.stringify(document, null, 2);
}

describe("hyperfine: real files", () => {
  it("1brc: each command's statistics in seconds, paths reading as the command", () => {
    const result = importOne(fixture(ONE_BRC));
    const first = "cargo run --release --bin 1brc measurements_1000000000.txt";
    const second = "cargo run --release --bin lucretiel_1brc measurements_1000000000.txt";
    expect(metricAt(result, `${first}.mean`)).toBe(11.61481411152);
    expect(metricAt(result, `${first}.stddev`)).toBe(1.6447334482677183);
    expect(metricAt(result, `${first}.median`)).toBe(11.81813333352);
    expect(metricAt(result, `${first}.min`)).toBe(9.877873458520002);
    expect(metricAt(result, `${first}.max`)).toBe(13.148435542520001);
    expect(metricAt(result, `${first}.user`)).toBe(43.55566462666667);
    expect(metricAt(result, `${first}.system`)).toBe(7.316738046666667);
    expect(metricAt(result, `${second}.mean`)).toBe(11.55440516752);
    expect(result.units![`${second}.mean`]).toBe("s");
    expect(result.directions![`${second}.mean`]).toBe("lower");
    expect(Object.keys(result.units!)).toHaveLength(14);
    expect(Object.values(result.directions!).every((d) => d === "lower")).toBe(true);
  });

  it("1brc: a file names no project: dataset 'hyperfine', the model left to --model, no tags when every run exited 0", () => {
    const result = importOne(fixture(ONE_BRC));
    expect(result.dataset_version).toBe("hyperfine");
    expect(result.model_version).toBeUndefined();
    expect(result.created_at).toBeUndefined();
    expect(result.tags).toBeUndefined();
  });

  it("mycat: a leading ./ cannot be a level of a path, so that dot becomes _", () => {
    const result = importOne(fixture(MYCAT));
    expect(metricAt(result, "_/target/mycat2 test.txt.mean")).toBe(37.978144800786666);
    expect(metricAt(result, "_/target/mycat5 test.txt.median")).toBe(10.54934323512);
    expect(metricAt(result, "_/target/mycat6 test.txt.stddev")).toBe(0.049589805908531806);
    expect(result.units!["_/target/mycat4 test.txt.system"]).toBe("s");
    expect(Object.keys(result.units!)).toHaveLength(35);
  });

  it("delta: an older file without exit_codes, zero timings kept", () => {
    const result = importOne(fixture(DELTA));
    const paths = Object.keys(result.units!);
    expect(paths).toHaveLength(7);
    const mean = paths.find((p) => p.endsWith("[ERROR].mean"))!;
    expect(mean.startsWith("'/tmp/delta/0002-5a4361fa037090adf729ab3f161832d969abc576 < /tmp/23c292d3f25c67082a2ba315a187268be1a9b0ab.gitdiff")).toBe(true);
    expect(metricAt(result, mean)).toBe(3.0220133333329403e-6);
    expect(metricAt(result, mean.replace(/mean$/, "median"))).toBe(0);
    expect(result.tags).toBeUndefined();
  });

  it.each(SAMPLES)("%s: with --model, the run is a valid canonical result", (name) => {
    const parsed = resultSchema.safeParse(importOne(fixture(name), { model: "m" }));
    expect(parsed.error?.issues).toBeUndefined();
  });

  it("flags win", () => {
    const result = importOne(fixture(ONE_BRC), { model: "1brc@main", dataset: "measurements-1e9", prompt: "p", environment: "m1-max" });
    expect(result).toMatchObject({ model_version: "1brc@main", dataset_version: "measurements-1e9", prompt_version: "p", environment: "m1-max" });
  });
});

describe("hyperfine: fields of newer versions", () => {
  it("parameters and memory_usage_byte: the command already holds the values; memory is the mean peak in bytes", () => {
    const text = oneBrcWith((first) => {
      first.command = "sleep 0.5";
      first.parameters = { delay: "0.5" };
      first.memory_usage_byte = [1000, 2000, 3000];
    });
    const result = importOne(text);
    expect(metricAt(result, "sleep 0.5.mean")).toBe(11.61481411152);
    expect(metricAt(result, "sleep 0.5.memory_usage_byte")).toBe(2000);
    expect(result.units!["sleep 0.5.memory_usage_byte"]).toBe("B");
    expect(result.directions!["sleep 0.5.memory_usage_byte"]).toBe("lower");
  });

  it("a single run has stddev null: that metric is left out", () => {
    const result = importOne(oneBrcWith((first) => { first.stddev = null; }));
    expect(metricAt(result, "cargo run --release --bin 1brc measurements_1000000000.txt.stddev")).toBeUndefined();
    expect(metricAt(result, "cargo run --release --bin 1brc measurements_1000000000.txt.mean")).toBe(11.61481411152);
  });

  it.each([[[0, 1, 0]], [[0, null, 0]]])("exit codes %j (--ignore-failure) tag the run nonzero-exit", (codes) => {
    expect(importOne(oneBrcWith((first) => { first.exit_codes = codes; })).tags).toEqual(["nonzero-exit"]);
  });

  it("keys in another order (a file rewritten by jq) are still detected", () => {
    const text = JSON.stringify({ results: [{ mean: 1.5, command: "make", times: [1.5] }] });
    expect(hyperfineImporter.detect(text, "out.json")).toBe(true);
    expect(metricAt(importOne(text), "make.mean")).toBe(1.5);
  });
});

describe("hyperfine: malformed input", () => {
  it("truncated: a syntax error with line and column", () => {
    const text = fixture(ONE_BRC).slice(0, fixture(ONE_BRC).indexOf('"median"'));
    expect(problemsOf(text)).toEqual([{ file: "bench.json", path: "$", message: expect.stringMatching(/^not valid JSON: .* at line 7, column 7$/) }]);
  });

  it("wrong types: every bad field named by its path", () => {
    const text = oneBrcWith((first) => {
      first.mean = "11.6 s";
      first.max = "slow";
      first.command = 42;
    });
    expect(problemsOf(text)).toEqual([
      { file: "bench.json", path: "$.results[0].command", message: "not a non-empty string; expected the benchmarked command" },
      { file: "bench.json", path: "$.results[0].mean", message: 'expected a time in seconds as a finite number, got the string "11.6 s"' },
      { file: "bench.json", path: "$.results[0].max", message: 'expected a time in seconds as a finite number, got the string "slow"' },
    ]);
  });

  it("a missing mean, a non-object entry, a duplicate command", () => {
    const document = JSON.parse(fixture(ONE_BRC)) as { results: unknown[] };
    const [first, second] = document.results as Record<string, unknown>[];
    delete second!.mean;
    document.results.push(7, { ...first });
    expect(problemsOf(JSON.stringify(document)).map((p) => p.path)).toEqual(["$.results[1].mean", "$.results[2]", "$.results[3].command"]);
  });

  it.each([
    ["no results", '{"results": []}', "$.results", /^holds no runs/],
    ["no results key", '{"commands": []}', "$.results", /^missing/],
    ["not an object", "[1, 2]", "$", /results/],
    ["never measured", '{"results": [{"command": "x", "times": [], "exit_codes": []}]}', "$.results[0].times", /^holds no runs/],
  ])("%s", (_name, text, path, message) => {
    expect(problemsOf(text)).toEqual([{ file: "bench.json", path, message: expect.stringMatching(message) }]);
  });

  it.each([
    ["malformed-truncated.json", "$"],
    ["malformed-wrong-type.json", "$.results[0].mean"],
    ["malformed-empty.json", "$.results[0].times"],
  ])("fixture %s is detected and rejected at %s", (name, path) => {
    const text = fixture(name);
    expect(hyperfineImporter.detect(text, name)).toBe(true);
    expect(problemsOf(text).map((p) => p.path)).toEqual([path]);
  });
});

describe("hyperfine: detect", () => {
  it.each(SAMPLES)("claims %s", (name) => {
    expect(hyperfineImporter.detect(fixture(name), name)).toBe(true);
  });

  const dirs = ["harness/github-action-benchmark_extract_fixtures/", "harness/pytest-benchmark/", "harness/google_benchmark/",
    "harness/promptfoo/", "harness/lm-eval/v0.4_results/", "harness/lm-eval/v0.3_results/", "harness/lm-eval/v0_testdata/",
    "harness/inspect_ai/", "harness/go_bench/", "histories/", "changepoints/otava/"];
  const others = dirs.flatMap((dir) => readdirSync(new URL(dir, DATA), { withFileTypes: true })
    .filter((f) => f.isFile() && !f.name.endsWith(".eval")).map((f) => `${dir}${f.name}`));
  it.each(others)("does not claim %s", (path) => {
    expect(hyperfineImporter.detect(readFileSync(new URL(path, DATA), "utf8"), path)).toBe(false);
  });

  it("does not claim benchledger's own {\"results\": [...]}", () => {
    const text = JSON.stringify({ results: [{ model_version: "m", dataset_version: "d", metrics: { mean: 1 } }] });
    expect(hyperfineImporter.detect(text, "results.json")).toBe(false);
  });
});
