import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import type { InputProblem } from "../parse-results.js";
import { resultSchema } from "../result-schema.js";
import type { CanonicalResult, ImportOptions } from "./importer.js";
import { pytestBenchmarkImporter as importer } from "./pytest-benchmark.js";

const DATA = fileURLToPath(new URL("../../../../shared/data/", import.meta.url));
const SAMPLES = path.join(DATA, "harness/pytest-benchmark");
const OUTPUT = path.join(SAMPLES, "pytest_output.json");
const SEVERAL_UNITS = path.join(SAMPLES, "pytest_several_units.json");
const STORAGE_2_5 = path.join(SAMPLES, "0001_b87b9aae14ff14a7887a6bbaa9731b9a8760555d_20150814_190343_uncommitted-changes.json");
const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/import/pytest-benchmark/", import.meta.url));

function only(file: string, options: ImportOptions = {}, text = readFileSync(file, "utf8")): CanonicalResult {
  const runs = importer.parse(path.basename(file), text, options);
  expect(runs).toHaveLength(1);
  expect(runs[0]!.position).toBe("$");
  return runs[0]!.result;
}

/** The sample's JSON with `change` applied, as text. */
function variant(file: string, change: (document: Record<string, any>) => void): string {
  const document = JSON.parse(readFileSync(file, "utf8"));
  change(document);
  return JSON.stringify(document, null, 2);
}

function rejection(text: string, file = "out.json"): InputProblem[] {
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

/** A metric by its exact path: the dots of "bench.py::test_fib_10.mean" are levels. */
function metric(result: CanonicalResult, name: string): unknown {
  return name.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], result.metrics);
}

describe("pytest-benchmark: real outputs", () => {
  it("pytest_output.json: the run's commit, branch, project, time and tags", () => {
    const result = only(OUTPUT);
    expect(result).toMatchObject({
      model_version: "github-action-benchmark",
      dataset_version: "pytest-benchmark",
      commit_sha: "9d55ab0434c9088746ae2d134702d782bf088644",
      branch_name: "pytest",
      created_at: "2019-11-17T02:22:16.817Z",
      tags: ["python=3.7.5", "host=Corgi.local", "dirty"],
    });
    expect(resultSchema.safeParse(result).success).toBe(true);
  });

  it("pytest_output.json: each benchmark's statistics under its fullname, in seconds", () => {
    const result = only(OUTPUT);
    expect(metric(result, "bench.py::test_fib_10.mean")).toBe(2.408868133322941e-05);
    expect(metric(result, "bench.py::test_fib_10.median")).toBe(2.2300000000363696e-05);
    expect(metric(result, "bench.py::test_fib_10.min")).toBe(2.2067000000181025e-05);
    expect(metric(result, "bench.py::test_fib_10.max")).toBe(0.0003125999999999962);
    expect(metric(result, "bench.py::test_fib_10.stddev")).toBe(6.175090189861328e-06);
    expect(metric(result, "bench.py::test_fib_10.ops")).toBe(41513.272817492856);
    expect(metric(result, "bench.py::test_fib_20.mean")).toBe(0.002985030672661863);
    expect(metric(result, "bench.py::test_fib_20.ops")).toBe(335.0049328331567);
    expect(result.metrics).toEqual({ bench: { "py::test_fib_10": expect.any(Object), "py::test_fib_20": expect.any(Object) } });
    expect(result.units!["bench.py::test_fib_10.mean"]).toBe("s");
    expect(result.units!["bench.py::test_fib_10.ops"]).toBe("ops/s");
    expect(result.directions!["bench.py::test_fib_10.stddev"]).toBe("lower");
    expect(result.directions!["bench.py::test_fib_20.ops"]).toBe("higher");
    expect(Object.keys(result.units!)).toHaveLength(12);
  });

  it("pytest_several_units.json: four benchmarks from 1e-7 s to 2 s", () => {
    const result = only(SEVERAL_UNITS);
    expect(result).toMatchObject({ commit_sha: "b8e9e2af2493a1ee2f3fa758a9572cd9972e6db7", branch_name: "master", created_at: "2019-12-06T08:58:58.115Z" });
    expect(metric(result, "bench.py::test_fib_1.mean")).toBe(1.4995610248628836e-07);
    expect(metric(result, "bench.py::test_sleep_2.mean")).toBe(2.0038430469999997);
    expect(metric(result, "bench.py::test_sleep_2.ops")).toBe(0.49904108083570886);
    expect(Object.keys((result.metrics.bench as object))).toEqual(["py::test_fib_1", "py::test_fib_10", "py::test_fib_20", "py::test_sleep_2"]);
  });

  it("a 2.5.0 storage file: no ops, no project or branch, a datetime with +00:00", () => {
    const result = only(STORAGE_2_5);
    expect(result.model_version).toBeUndefined();
    expect(result.branch_name).toBeUndefined();
    expect(result).toMatchObject({
      dataset_version: "pytest-benchmark",
      commit_sha: "5b78858eb718649a31fb93d8dc96ca2cee41a4cd",
      created_at: "2015-08-15T00:01:46.250Z",
      tags: ["python=2.7.3", "host=minibox", "dirty"],
    });
    const name = "tests/test_normal.py::test_xfast_parametrized[0]";
    expect(metric(result, `${name}.mean`)).toBe(2.622408132654948e-07);
    expect(metric(result, `${name}.stddev`)).toBe(2.140441942118885e-07);
    expect(metric(result, `${name}.ops`)).toBeUndefined();
    expect(Object.keys(result.units!)).toEqual(["mean", "median", "min", "max", "stddev"].map((s) => `${name}.${s}`));
  });

  it("--model, --dataset, --prompt and --env win over the file", () => {
    const result = only(OUTPUT, { model: "my-lib", dataset: "micro", prompt: "none", environment: "ci" });
    expect(result).toMatchObject({ model_version: "my-lib", dataset_version: "micro", prompt_version: "none", environment: "ci" });
  });
});

describe("pytest-benchmark: what pytest-benchmark writes when it cannot tell", () => {
  it("'unversioned' commit and '(detached head)' branch are left out; a clean tree has no dirty tag", () => {
    const text = variant(OUTPUT, (d) => Object.assign(d.commit_info, { id: "unversioned", branch: "(detached head)", dirty: false }));
    const result = only(OUTPUT, {}, text);
    expect(result.commit_sha).toBeUndefined();
    expect(result.branch_name).toBeUndefined();
    expect(result.tags).toEqual(["python=3.7.5", "host=Corgi.local"]);
  });

  it("NaN or Infinity (Python's json writes them) leaves that statistic out", () => {
    const text = readFileSync(OUTPUT, "utf8").replace('"stddev": 6.175090189861328e-06', '"stddev": NaN').replace('"ops": 41513.272817492856', '"ops": Infinity');
    const result = only(OUTPUT, {}, text);
    expect(metric(result, "bench.py::test_fib_10.stddev")).toBeUndefined();
    expect(metric(result, "bench.py::test_fib_10.ops")).toBeUndefined();
    expect(result.units!["bench.py::test_fib_10.stddev"]).toBeUndefined();
    expect(metric(result, "bench.py::test_fib_10.mean")).toBe(2.408868133322941e-05);
  });

  it("no fullname: the name is used", () => {
    const text = variant(OUTPUT, (d) => { for (const b of d.benchmarks) delete b.fullname; });
    expect(metric(only(OUTPUT, {}, text), "test_fib_20.mean")).toBe(0.002985030672661863);
  });

  it("a time without a zone is UTC; one with an offset is converted", () => {
    const text = variant(OUTPUT, (d) => { d.datetime = "2024-03-01T09:30:00+02:00"; });
    expect(only(OUTPUT, {}, text).created_at).toBe("2024-03-01T07:30:00.000Z");
  });
});

describe("pytest-benchmark: malformed files", () => {
  const original = () => readFileSync(OUTPUT, "utf8");

  it("a truncated file: a syntax error with line and column", () => {
    const problems = rejection(original().slice(0, 1500));
    expect(problems[0]!.path).toBe("$");
    expect(problems[0]!.message).toMatch(/^not valid JSON: .* at line \d+, column \d+$/);
  });

  it("a mean that is a string", () => {
    const problems = rejection(original().replace('"mean": 0.002985030672661863', '"mean": "0.002985030672661863"'));
    expect(problems).toEqual([{ file: "out.json", path: "$.benchmarks[1].stats.mean", message: 'expected the mean as a number (seconds), got the string "0.002985030672661863"' }]);
  });

  it.each([
    ["no benchmarks", (d: any) => { d.benchmarks = []; }, "$.benchmarks", /holds no runs/],
    ["benchmarks missing", (d: any) => { delete d.benchmarks; }, "$.benchmarks", /holds no runs \(missing\)/],
    ["stats missing", (d: any) => { delete d.benchmarks[1].stats; }, "$.benchmarks[1].stats", /^missing; expected the statistics/],
    ["mean missing", (d: any) => { delete d.benchmarks[0].stats.mean; }, "$.benchmarks[0].stats.mean", /^missing/],
    ["mean NaN", (d: any) => { d.benchmarks[0].stats.mean = "NaN-placeholder"; }, "$.benchmarks[0].stats.mean", /finite number, got NaN/],
    ["ops a string", (d: any) => { d.benchmarks[0].stats.ops = "fast"; }, "$.benchmarks[0].stats.ops", /rounds per second/],
    ["a benchmark twice", (d: any) => { d.benchmarks[1].fullname = d.benchmarks[0].fullname; }, "$.benchmarks[1].fullname", /appears twice/],
    ["no name at all", (d: any) => { delete d.benchmarks[0].fullname; delete d.benchmarks[0].name; }, "$.benchmarks[0].name", /^missing; expected the benchmark's name/],
    ["commit_info a string", (d: any) => { d.commit_info = "abc"; }, "$.commit_info", /expected an object/],
    ["commit id a number", (d: any) => { d.commit_info.id = 42; }, "$.commit_info.id", /expected a string, got number 42/],
    ["datetime garbage", (d: any) => { d.datetime = "last tuesday"; }, "$.datetime", /expected the run's time/],
  ])("%s", (_name, change, position, message) => {
    const text = variant(OUTPUT, change).replace('"NaN-placeholder"', "NaN");
    const problems = rejection(text);
    expect(problems[0]!.path).toBe(position);
    expect(problems[0]!.message).toMatch(message);
  });

  it.each([
    ["empty", "", /the file is empty/],
    ["an array", "[]", /expected pytest-benchmark's JSON object/],
  ])("%s text", (_name, text, message) => {
    expect(rejection(text)[0]!.message).toMatch(message);
  });

  it.each([
    ["malformed-truncated.json", "$", /^not valid JSON: .* at line 48, column 17$/],
    ["malformed-wrong-type.json", "$.benchmarks[0].stats.mean", /got the string "2.408868133322941e-05"/],
    ["malformed-empty.json", "$.benchmarks", /holds no runs/],
  ])("fixture %s: detected, then rejected at %s", (name, position, message) => {
    const text = readFileSync(path.join(FIXTURES, name), "utf8");
    expect(importer.detect(text, name)).toBe(true);
    const problems = rejection(text, name);
    expect(problems[0]!.path).toBe(position);
    expect(problems[0]!.message).toMatch(message);
  });
});

describe("pytest-benchmark: detect", () => {
  it("claims the pytest-benchmark samples and nothing else in the shared data", () => {
    const ours = [OUTPUT, SEVERAL_UNITS, STORAGE_2_5, path.join(DATA, "harness/github-action-benchmark_extract_fixtures/pytest_output.json"),
      path.join(DATA, "harness/github-action-benchmark_extract_fixtures/pytest_several_units.json")];
    const claimed = listFiles(DATA).filter((file) => importer.detect(readFileSync(file, "utf8"), path.basename(file)));
    expect(claimed.sort()).toEqual(ours.sort());
  });

  it("does not throw on odd text", () => {
    for (const text of ["", "{", "\u0000", "[1]", '{"benchmarks": 1}']) expect(() => importer.detect(text, "x")).not.toThrow();
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    return statSync(file).isDirectory() ? listFiles(file) : [file];
  });
}
