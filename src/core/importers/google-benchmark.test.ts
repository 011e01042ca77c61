import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import type { InputProblem } from "../parse-results.js";
import { resultSchema } from "../result-schema.js";
import { googleBenchmarkImporter as importer } from "./google-benchmark.js";
import type { CanonicalResult, ImportOptions } from "./importer.js";

const DATA = fileURLToPath(new URL("../../../../shared/data/", import.meta.url));
const GOOGLECPP = path.join(DATA, "harness/github-action-benchmark_extract_fixtures/googlecpp_output.json");
const RUN1 = path.join(DATA, "harness/google_benchmark/test1_run1.json");
const RUN2 = path.join(DATA, "harness/google_benchmark/test1_run2.json");
const RUN0_TEST3 = path.join(DATA, "harness/google_benchmark/test3_run0.json");
const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/import/google-benchmark/", import.meta.url));

function only(file: string, options: ImportOptions = {}, text = readFileSync(file, "utf8")): CanonicalResult {
  const runs = importer.parse(path.basename(file), text, options);
  expect(runs).toHaveLength(1);
  expect(runs[0]!.position).toBe("$");
  return runs[0]!.result;
}

function rejection(text: string, file = "bench.json"): InputProblem[] {
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

/** googlecpp_output.json's context with other benchmark rows, as a current version writes them. */
function withRows(rows: Record<string, unknown>[], context: Record<string, unknown> = {}): string {
  const document = JSON.parse(readFileSync(GOOGLECPP, "utf8"));
  Object.assign(document.context, context);
  document.benchmarks = rows;
  return JSON.stringify(document, null, 2);
}

const row = (name: string, fields: Record<string, unknown>) => ({
  name, family_index: 0, per_family_instance_index: 0, run_name: name, run_type: "iteration", repetitions: 3,
  repetition_index: 0, threads: 1, iterations: 1000, time_unit: "ns", ...fields,
});
const aggregate = (name: string, aggregateName: string, fields: Record<string, unknown>) => ({
  ...row(name, fields), name: `${name}_${aggregateName}`, run_type: "aggregate", aggregate_name: aggregateName, aggregate_unit: "time",
});

describe("google-benchmark: real outputs", () => {
  it("googlecpp_output.json: fib_10 and fib_20, real and cpu time in ns", () => {
    const result = only(GOOGLECPP);
    expect(result).toEqual({
      model_version: "a.out",
      dataset_version: "google-benchmark",
      metrics: {
        fib_10: { real_time: 214.98980114547953, cpu_time: 213.65507206163295 },
        fib_20: { real_time: 27455.600415007055, cpu_time: 27364.90320427236 },
      },
      units: { "fib_10.real_time": "ns", "fib_10.cpu_time": "ns", "fib_20.real_time": "ns", "fib_20.cpu_time": "ns" },
      directions: { "fib_10.real_time": "lower", "fib_10.cpu_time": "lower", "fib_20.real_time": "lower", "fib_20.cpu_time": "lower" },
      tags: ["host=Corgi.local", "build=release"],
      // "2019-11-29 21:26:59": no zone in the file, taken as UTC.
      created_at: "2019-11-29T21:26:59.000Z",
    });
    expect(resultSchema.safeParse(result).success).toBe(true);
  });

  it("test1_run1.json: 14 benchmarks with times; the BigO and RMS rows are left out", () => {
    const result = only(RUN1);
    expect(result.model_version).toBeUndefined();
    expect(result.tags).toEqual(["build=release"]);
    expect(result.created_at).toBe("2016-08-02T17:44:46.000Z");
    expect(Object.keys(result.metrics)).toHaveLength(14);
    expect(result.metrics.MyComplexityTest).toBeUndefined();
    expect(result.metrics.BM_2xFaster).toEqual({ real_time: 50, cpu_time: 50 });
    expect(result.metrics.BM_NotBadTimeUnit).toEqual({ real_time: 0.4, cpu_time: 0.5 });
    expect(result.units!["BM_NotBadTimeUnit.cpu_time"]).toBe("s");
    expect(resultSchema.safeParse({ ...result, model_version: "x" }).success).toBe(true);
  });

  it("test1_run2.json: the 'after' run of the pair", () => {
    const result = only(RUN2);
    expect(result.metrics.BM_2xFaster).toEqual({ real_time: 25, cpu_time: 25 });
    expect(result.metrics.BM_10PercentCPUToTime).toEqual({ real_time: 110, cpu_time: 90 });
    expect(result.metrics.BM_ThirdFaster).toEqual({ real_time: 66.665, cpu_time: 66.664 });
    expect(result.units!["BM_DifferentTimeUnit.real_time"]).toBe("ns");
  });

  it("test3_run0.json: two rows of one name are samples (their mean); aggregates without a name are left out", () => {
    const result = only(RUN0_TEST3);
    expect(result.metrics).toEqual({
      BM_Two: { real_time: 8.5, cpu_time: 88 },
      medium: { real_time: 8.5, cpu_time: 81 },
    });
  });

  it("--model, --dataset, --prompt and --env win over the file", () => {
    const result = only(GOOGLECPP, { model: "fib", dataset: "micro", prompt: "none", environment: "mac" });
    expect(result).toMatchObject({ model_version: "fib", dataset_version: "micro", prompt_version: "none", environment: "mac" });
  });
});

describe("google-benchmark: repetitions, counters, errors", () => {
  it("with aggregates: the mean, and stddev as *_stddev; per-repetition rows and median/cv are left out", () => {
    const text = withRows([
      row("BM_copy/64", { repetition_index: 0, real_time: 10, cpu_time: 9, bytes_per_second: 6.4e9, items_per_second: 1e8, hits: 3 }),
      row("BM_copy/64", { repetition_index: 1, real_time: 14, cpu_time: 13, bytes_per_second: 4.6e9, items_per_second: 0.7e8, hits: 5 }),
      aggregate("BM_copy/64", "mean", { real_time: 12, cpu_time: 11, bytes_per_second: 5.5e9, items_per_second: 0.85e8, hits: 4 }),
      aggregate("BM_copy/64", "median", { real_time: 12.5, cpu_time: 11.5 }),
      aggregate("BM_copy/64", "stddev", { real_time: 2.83, cpu_time: 2.82, bytes_per_second: 1.3e9 }),
      aggregate("BM_copy/64", "cv", { real_time: 0.23, cpu_time: 0.25, aggregate_unit: "percentage" }),
    ]);
    const result = only(GOOGLECPP, {}, text);
    expect(result.metrics).toEqual({
      "BM_copy/64": { real_time: 12, cpu_time: 11, real_time_stddev: 2.83, cpu_time_stddev: 2.82, bytes_per_second: 5.5e9, items_per_second: 0.85e8, hits: 4 },
    });
    expect(result.directions).toMatchObject({ "BM_copy/64.bytes_per_second": "higher", "BM_copy/64.items_per_second": "higher", "BM_copy/64.real_time_stddev": "lower" });
    expect(result.directions!["BM_copy/64.hits"]).toBeUndefined();
    expect(result.units!["BM_copy/64.hits"]).toBeUndefined();
    expect(result.units!["BM_copy/64.cpu_time_stddev"]).toBe("ns");
  });

  it("without aggregates: repetitions are averaged, counters too", () => {
    const text = withRows([
      row("BM_sort/1024", { real_time: 100, cpu_time: 90, items_per_second: 10 }),
      row("BM_sort/1024", { repetition_index: 1, real_time: 110, cpu_time: 100, items_per_second: 20 }),
      row("BM_sort/1024", { repetition_index: 2, real_time: 120, cpu_time: 110, items_per_second: 30 }),
    ]);
    expect(only(GOOGLECPP, {}, text).metrics).toEqual({ "BM_sort/1024": { real_time: 110, cpu_time: 100, items_per_second: 20 } });
  });

  it("error and skipped rows are left out; an error tags the run has-errors", () => {
    const text = withRows([
      row("BM_ok", { real_time: 5, cpu_time: 5 }),
      row("BM_fails", { error_occurred: true, error_message: "open failed", real_time: 0, cpu_time: 0 }),
      row("BM_skip", { skipped: true, skip_message: "no GPU", real_time: 0, cpu_time: 0 }),
    ]);
    const result = only(GOOGLECPP, {}, text);
    expect(Object.keys(result.metrics)).toEqual(["BM_ok"]);
    expect(result.tags).toEqual(["host=Corgi.local", "build=release", "has-errors"]);
  });

  it("a NaN or Infinity counter is left out; memory results are lower-is-better", () => {
    const text = withRows([row("BM_alloc", { real_time: 5, cpu_time: 5, rate: "NAN_HERE", max_bytes_used: 4096, allocs_per_iter: 2 })])
      .replace('"NAN_HERE"', "NaN");
    const result = only(GOOGLECPP, {}, text);
    expect(result.metrics).toEqual({ BM_alloc: { real_time: 5, cpu_time: 5, max_bytes_used: 4096, allocs_per_iter: 2 } });
    expect(result.directions).toMatchObject({ "BM_alloc.max_bytes_used": "lower", "BM_alloc.allocs_per_iter": "lower" });
  });

  it("a current date with an offset; a Windows executable path", () => {
    const text = withRows([row("BM_x", { real_time: 1, cpu_time: 1 })], { date: "2024-05-02T09:30:37+01:00", executable: "C:\\build\\Release\\bench_x.exe" });
    const result = only(GOOGLECPP, {}, text);
    expect(result.created_at).toBe("2024-05-02T08:30:37.000Z");
    expect(result.model_version).toBe("bench_x.exe");
  });

  it("a name with a dot nests, and reads back at name.real_time", () => {
    const result = only(GOOGLECPP, {}, withRows([row("BM_ratio/0.5", { real_time: 3, cpu_time: 2 })]));
    expect(result.metrics).toEqual({ "BM_ratio/0": { "5": { real_time: 3, cpu_time: 2 } } });
    expect(result.units!["BM_ratio/0.5.real_time"]).toBe("ns");
  });
});

describe("google-benchmark: malformed files", () => {
  const original = () => readFileSync(GOOGLECPP, "utf8");

  it("a truncated file: a syntax error with line and column", () => {
    const problems = rejection(original().slice(0, 1000));
    expect(problems[0]!.path).toBe("$");
    expect(problems[0]!.message).toMatch(/^not valid JSON: .* at line \d+, column \d+$/);
  });

  it("a cpu_time that is a string", () => {
    const problems = rejection(original().replace('"cpu_time": 2.7364903204272359e+04', '"cpu_time": "27364.9"'));
    expect(problems).toEqual([{ file: "bench.json", path: "$.benchmarks[1].cpu_time", message: 'got the string "27364.9"; expected the time per iteration as a finite number' }]);
  });

  it.each([
    ["no benchmarks", withRows([]), "$.benchmarks", /holds no runs/],
    ["every row errored", withRows([row("BM_a", { error_occurred: true, real_time: 0, cpu_time: 0 })]), "$.benchmarks", /holds no runs: no benchmark has times/],
    ["real_time missing", withRows([row("BM_a", { cpu_time: 1 })]), "$.benchmarks[0].real_time", /^missing/],
    ["real_time Infinity", withRows([row("BM_a", { real_time: "INF_HERE", cpu_time: 1 })]).replace('"INF_HERE"', "Infinity"), "$.benchmarks[0].real_time", /got number Infinity/],
    ["a row without a name", withRows([{ real_time: 1, cpu_time: 1, time_unit: "ns" }]), "$.benchmarks[0].name", /^missing; expected the benchmark's name/],
    ["a row that is a number", withRows([7 as unknown as Record<string, unknown>]), "$.benchmarks[0]", /expected a benchmark/],
    ["time_unit a number", withRows([row("BM_a", { real_time: 1, cpu_time: 1, time_unit: 9 })]), "$.benchmarks[0].time_unit", /expected the time unit/],
    ["two units for one benchmark", withRows([row("BM_a", { real_time: 1, cpu_time: 1 }), row("BM_a", { real_time: 1, cpu_time: 1, time_unit: "us" })]), "$.benchmarks[1].time_unit", /expected "ns"/],
    ["context a string", withRows([row("BM_a", { real_time: 1, cpu_time: 1 })]).replace(/"context": \{[^]*?\n {2}\},/, '"context": "x",'), "$.context", /expected the context object/],
    ["a date that is not a time", withRows([row("BM_a", { real_time: 1, cpu_time: 1 })], { date: "yesterday" }), "$.context.date", /expected the run's time/],
  ])("%s", (_name, text, position, message) => {
    const problems = rejection(text);
    expect(problems[0]!.path).toBe(position);
    expect(problems[0]!.message).toMatch(message);
  });

  it.each([
    ["empty", "", /the file is empty/],
    ["an array", "[]", /expected Google Benchmark's JSON object/],
  ])("%s text", (_name, text, message) => {
    expect(rejection(text)[0]!.message).toMatch(message);
  });

  it.each([
    ["malformed-truncated.json", "$", /^not valid JSON: .* at line 46, column 7$/],
    ["malformed-wrong-type.json", "$.benchmarks[0].real_time", /got the string "2.1498980114547953e\+02"/],
    ["malformed-empty.json", "$.benchmarks", /holds no runs/],
  ])("fixture %s: detected, then rejected at %s", (name, position, message) => {
    const text = readFileSync(path.join(FIXTURES, name), "utf8");
    expect(importer.detect(text, name)).toBe(true);
    const problems = rejection(text, name);
    expect(problems[0]!.path).toBe(position);
    expect(problems[0]!.message).toMatch(message);
  });
});

describe("google-benchmark: detect", () => {
  it("claims the four Google Benchmark samples and nothing else in the shared data", () => {
    const claimed = listFiles(DATA).filter((file) => importer.detect(readFileSync(file, "utf8"), path.basename(file)));
    expect(claimed.sort()).toEqual([GOOGLECPP, RUN1, RUN2, RUN0_TEST3].sort());
  });

  it("does not throw on odd text", () => {
    for (const text of ["", "{", "\u0000", "[1]", '{"context": 1}']) expect(() => importer.detect(text, "x")).not.toThrow();
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    return statSync(file).isDirectory() ? listFiles(file) : [file];
  });
}
