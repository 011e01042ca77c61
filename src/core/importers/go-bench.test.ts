import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import type { InputProblem } from "../parse-results.js";
import { resultSchema } from "../result-schema.js";
import { goBenchImporter } from "./go-bench.js";
import type { CanonicalResult, ImportOptions } from "./importer.js";

const DATA = new URL("../../../../shared/data/", import.meta.url);
const FIXTURES = new URL("../../../test/fixtures/import/go-bench/", import.meta.url);
const GO_BENCH = "harness/go_bench/";
const ACTION = "harness/github-action-benchmark_extract_fixtures/";
const SUFFIXARRAY = `${GO_BENCH}benchproc_testdata_suffixarray.bench`;
const BENCHSTAT_OLD = `${GO_BENCH}cmd_benchstat_testdata_old.txt`;
const BENCHSTAT_NEW = `${GO_BENCH}cmd_benchstat_testdata_new.txt`;
const SERIES_TIP = `${GO_BENCH}cmd_benchseries_testdata_even_2639f2f79b-opt.20220109T213214`;
const SERIES_BASE = `${GO_BENCH}cmd_benchseries_testdata_even_Go1.17-opt.20220109T213214`;
const GO_OUTPUT = `${ACTION}go_output.txt`;
const GO_FIBER = `${ACTION}go_fiber_output.txt`;
const GO_SINGLE_PACKAGE = `${ACTION}go_single_package_output.txt`;
const SAMPLES = [SUFFIXARRAY, BENCHSTAT_OLD, BENCHSTAT_NEW, SERIES_TIP, SERIES_BASE, GO_OUTPUT, GO_FIBER, GO_SINGLE_PACKAGE];

const read = (path: string) => readFileSync(new URL(path, DATA), "utf8");

function importOne(path: string, options: ImportOptions = {}): { position: string; result: CanonicalResult } {
  const runs = goBenchImporter.parse(path, read(path), options);
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

function problemsOf(file: string, text: string): InputProblem[] {
  let thrown: unknown;
  try {
    goBenchImporter.parse(file, text, {});
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidInputError);
  return (thrown as { problems: InputProblem[] }).problems;
}

/** A metric by its path: the name as Go prints it, dots nesting. */
function metricAt(result: CanonicalResult, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], result.metrics);
}

describe("go-bench: real samples", () => {
  it("suffixarray.bench: -count=10 lines become their mean, one metric per unit", () => {
    const { position, result } = importOne(SUFFIXARRAY);
    expect(position).toBe("line 5");
    const name = "BenchmarkNew/text=opticks/size=100K/bits=32";
    // The 10 lines of this benchmark, averaged by hand (awk) from the file.
    expect(result.metrics[`${name} - ns/op`]).toBeCloseTo(4282342.6, 6);
    expect(result.metrics[`${name} - MB/s`]).toBeCloseTo(23.474, 9);
    expect(result.metrics[`${name} - B/op`]).toBeCloseTo(401489.5, 6);
    expect(result.metrics[`${name} - allocs/op`]).toBe(2);
    // 42 benchmarks x 4 units.
    expect(Object.keys(result.units!)).toHaveLength(168);
    expect(result.units![`${name} - MB/s`]).toBe("MB/s");
    expect(result.directions![`${name} - ns/op`]).toBe("lower");
    expect(result.directions![`${name} - B/op`]).toBe("lower");
    expect(result.directions![`${name} - allocs/op`]).toBe("lower");
    expect(result.directions![`${name} - MB/s`]).toBe("higher");
  });

  it("suffixarray.bench: goos/goarch, pkg and cpu describe the run", () => {
    const { result } = importOne(SUFFIXARRAY);
    expect(result.environment).toBe("linux-amd64");
    expect(result.model_version).toBe("index/suffixarray");
    expect(result.dataset_version).toBe("go-bench");
    expect(result.tags).toEqual(["cpu=Intel(R) Core(TM) i7-8665U CPU @ 1.90GHz", "pkg=index/suffixarray", "gomaxprocs=8", "count=10"]);
    expect(result.commit_sha).toBeUndefined();
    expect(result.created_at).toBeUndefined();
  });

  it.each([
    [BENCHSTAT_OLD, 1722.7, 3079.4, "line 4"],
    [BENCHSTAT_NEW, 1421.9, 3087.5, "line 8"],
  ])("%s: the benchstat example's means, the prose above the results ignored", (path, json, gob, position) => {
    const run = importOne(path);
    expect(run.position).toBe(position);
    expect(run.result.metrics).toEqual({
      "BenchmarkEncode/format=json - ns/op": expect.closeTo(json, 9),
      "BenchmarkEncode/format=gob - ns/op": expect.closeTo(gob, 9),
    });
    expect(run.result.model_version).toBe("golang.org/x/perf/cmd/benchstat/testdata");
    expect(run.result.tags).toContain("gomaxprocs=48");
  });

  it("benchseries: several packages prefix names with the package; metadata keys give no commit", () => {
    const { position, result } = importOne(SERIES_TIP);
    expect(position).toBe("line 15");
    // Built before any pkg: line, so unprefixed: 25 samples of build-real-ns/op.
    expect(result.metrics["BenchmarkGonum_topo - build-real-ns/op"]).toBeCloseTo(2947355361, 3);
    expect(result.units!["BenchmarkGonum_topo - build-user-ns/op"]).toBe("build-user-ns/op");
    expect(result.directions!["BenchmarkGonum_topo - build-sys-ns/op"]).toBe("lower");
    const minio = "github.com/minio/minio/cmd/BenchmarkDecodehealingTracker";
    expect(metricAt(result, `${minio} - ns/op`)).toBeCloseTo(682.492, 9);
    expect(metricAt(result, `${minio} - MB/s`)).toBeCloseTo(455.7612, 9);
    expect(result.directions![`${minio} - MB/s`]).toBe("higher");
    // numerator_hash: 2639f2f79b is an abbreviated hash under another key: not a commit.
    expect(result.commit_sha).toBeUndefined();
    expect(result.model_version).toBeUndefined();
    expect(result.environment).toBe("linux-amd64");
    expect(result.tags).toEqual(["cpu=Intel(R) Xeon(R) CPU E5-1650 v3 @ 3.50GHz"]);
  });

  it("benchseries: the baseline file of the same night parses the same way", () => {
    const { result } = importOne(SERIES_BASE);
    expect(result.units!["BenchmarkEthereum_storage - build-real-ns/op"]).toBe("build-real-ns/op");
    expect(result.environment).toBe("linux-amd64");
  });

  it("go_output.txt: odd names, custom units, two PASS lines", () => {
    const { result } = importOne(GO_OUTPUT);
    expect(result.environment).toBe("darwin-amd64");
    expect(result.model_version).toBeUndefined();
    expect(result.metrics["BenchmarkFib10 - ns/op"]).toBe(325);
    expect(result.metrics["BenchmarkFib20 - ns/op"]).toBe(40537.123);
    expect(result.metrics["BenchmarkFib/my_tabled_benchmark_-_10 - ns/op"]).toBe(325);
    expect(result.metrics["BenchmarkFib/my/tabled/benchmark_-_20,var1=13,var2=14 - ns/op"]).toBe(40537.456);
    expect(result.metrics["BenchmarkFib11 - auxMetricUnits"]).toBe(3);
    expect(result.metrics["BenchmarkFib22 - auxMetricUnits"]).toBe(4);
    expect(result.units!["BenchmarkFib22 - auxMetricUnits"]).toBe("auxMetricUnits");
    expect(result.directions!["BenchmarkFib22 - auxMetricUnits"]).toBeUndefined();
    expect(Object.keys(result.units!)).toHaveLength(10);
    // Some lines have -8 or -16, some none: no single GOMAXPROCS tag.
    expect(result.tags).toBeUndefined();
  });

  it("go_fiber_output.txt: a dot in a benchmark name nests, so the path still reads as the name", () => {
    const { result } = importOne(GO_FIBER);
    const name = 'Benchmark_Ctx_Accepts/run-[]string{".xml"} - ns/op';
    expect(metricAt(result, name)).toBe(247.6);
    expect(result.units![name]).toBe("ns/op");
    expect(result.metrics['Benchmark_Utils_GetOffer/mime_extension#02 - B/op']).toBe(48);
    expect(result.tags).toEqual(["gomaxprocs=4"]);
  });

  it("go_single_package_output.txt: the lone name lines before each result are not results", () => {
    const { position, result } = importOne(GO_SINGLE_PACKAGE);
    expect(position).toBe("line 5");
    expect(result.metrics).toEqual({ "BenchmarkFib10 - ns/op": 325, "BenchmarkFib20 - ns/op": 40537 });
    expect(result.model_version).toBe("github.com/example/mypackage");
    expect(result.environment).toBe("darwin-arm64");
  });

  it.each(SAMPLES)("%s: with --model, the run is a valid canonical result", (path) => {
    const parsed = resultSchema.safeParse(importOne(path, { model: "m" }).result);
    expect(parsed.error?.issues).toBeUndefined();
  });

  it("flags win over the file", () => {
    const { result } = importOne(SUFFIXARRAY, { model: "my-module@v1.2", dataset: "nightly", prompt: "none", environment: "ci-runner" });
    expect(result).toMatchObject({ model_version: "my-module@v1.2", dataset_version: "nightly", prompt_version: "none", environment: "ci-runner" });
  });
});

describe("go-bench: format details", () => {
  const header = "goos: linux\ngoarch: amd64\n";

  it("a blank key unsets it; commit and branch keys give the commit", () => {
    const text = `${header}commit: 9f3c2a1b\nbranch: main\npkg: a/b\nBenchmarkX-4 10 5 ns/op\npkg:\nBenchmarkY-4 10 7 ns/op\n`;
    const [run] = goBenchImporter.parse("b.txt", text, {});
    expect(run!.result.commit_sha).toBe("9f3c2a1b");
    expect(run!.result.branch_name).toBe("main");
    // Y ran with pkg unset: one package in the file.
    expect(run!.result.metrics).toEqual({ "BenchmarkX - ns/op": 5, "BenchmarkY - ns/op": 7 });
    expect(run!.result.model_version).toBe("a/b");
  });

  it("the same benchmark at several GOMAXPROCS (-cpu 1,4) keeps the suffix apart", () => {
    const text = `${header}BenchmarkX 10 5 ns/op\nBenchmarkX-4 10 2 ns/op\nBenchmarkX-4 10 4 ns/op\n`;
    const [run] = goBenchImporter.parse("b.txt", text, {});
    expect(run!.result.metrics).toEqual({ "BenchmarkX - ns/op": 5, "BenchmarkX-4 - ns/op": 3 });
  });

  it("NaN and Inf samples are left out of the mean", () => {
    const text = `${header}BenchmarkX-4 10 NaN widgets/op\nBenchmarkX-4 10 6 widgets/op\n`;
    const [run] = goBenchImporter.parse("b.txt", text, {});
    expect(run!.result.metrics).toEqual({ "BenchmarkX - widgets/op": 6 });
  });

  it("only NaN values: no result to record", () => {
    expect(problemsOf("b.txt", `${header}BenchmarkX-4 10 NaN ns/op\n`)).toEqual([
      { file: "b.txt", path: "line 3", message: "holds no finite benchmark value; every value is NaN or Inf" },
    ]);
  });

  it("a time key with a zone gives created_at", () => {
    const text = `${header}date: 2024-03-01T10:00:00+0100\nBenchmarkX 10 5 ns/op\n`;
    expect(goBenchImporter.parse("b.txt", text, {})[0]!.result.created_at).toBe("2024-03-01T09:00:00.000Z");
  });

  it("benchmark output printed after the name is not a result line", () => {
    const text = `${header}BenchmarkX-8   \thello from the benchmark\n   10 5 ns/op\nBenchmarkY-8 10 5 ns/op\n`;
    expect(goBenchImporter.parse("b.txt", text, {})[0]!.result.metrics).toEqual({ "BenchmarkY - ns/op": 5 });
  });
});

describe("go-bench: malformed input", () => {
  it("truncated mid-line: the value without its unit is named by line", () => {
    const lines = read(BENCHSTAT_OLD).split("\n");
    const text = [...lines.slice(0, 9), lines[9]!.replace(/ ns\/op$/, "")].join("\n");
    expect(problemsOf("old.txt", text)).toEqual([
      { file: "old.txt", path: "line 10", message: expect.stringContaining("found 1 field(s) after the iteration count") },
    ]);
  });

  it("a word where a number goes, on every line that has one", () => {
    const text = read(BENCHSTAT_OLD).replace("693285\t      1707 ns/op", "693285\t      fast ns/op").replace("3207 ns/op", "3207ns/op");
    const problems = problemsOf("old.txt", text);
    expect(problems).toEqual([
      { file: "old.txt", path: "line 6", message: 'expected a number before the unit "ns/op", found "fast"' },
      { file: "old.txt", path: "line 18", message: expect.stringContaining("found 1 field(s)") },
    ]);
  });

  it.each([
    ["empty file", ""],
    ["go test output without results", read(SUFFIXARRAY).split("\n").filter((l) => !l.startsWith("Benchmark")).join("\n")],
  ])("%s: holds no benchmark results", (_name, text) => {
    expect(problemsOf("x.txt", text)).toEqual([
      { file: "x.txt", path: "line 1", message: expect.stringContaining("holds no benchmark results") },
    ]);
  });

  it.each(["malformed-truncated.txt", "malformed-wrong-type.txt", "malformed-empty.txt"])("fixture %s is detected and rejected", (name) => {
    const text = readFileSync(new URL(name, FIXTURES), "utf8");
    expect(goBenchImporter.detect(text, name)).toBe(true);
    const expected = { "malformed-truncated.txt": "line 10", "malformed-wrong-type.txt": "line 6", "malformed-empty.txt": "line 1" }[name];
    expect(problemsOf(name, text).map((p) => p.path)).toEqual([expected]);
  });
});

describe("go-bench: detect", () => {
  it.each(SAMPLES)("claims %s", (path) => {
    expect(goBenchImporter.detect(read(path), path)).toBe(true);
  });

  const others = [
    ...readdirSync(new URL("harness/github-action-benchmark_extract_fixtures/", DATA)).map((f) => `${ACTION}${f}`)
      .filter((p) => !SAMPLES.includes(p)),
    ...readdirSync(new URL("histories/", DATA)).filter((f) => f.endsWith(".js")).map((f) => `histories/${f}`),
    ...readdirSync(new URL("changepoints/otava/", DATA)).map((f) => `changepoints/otava/${f}`),
    ...["lm-eval/v0.4_results/MagicPiG_Hashllama3_gsm_K4L25_results.json", "lm-eval/stdout_tables/MagicPiG_results_full.md",
      "promptfoo/promptfoo_test_fixtures_sample-export.json", "pytest-benchmark/pytest_output.json",
      "google_benchmark/test1_run1.json", "criterion/fuel-core_cargo-criterion_message-format-json.jsonl"].map((p) => `harness/${p}`),
  ];
  it.each(others)("does not claim %s", (path) => {
    expect(goBenchImporter.detect(read(path), path)).toBe(false);
  });

  it("never throws on odd input", () => {
    for (const text of ["", "\u0000", "Benchmark", "{", "goos: linux\n"]) expect(goBenchImporter.detect(text, "x")).toBe(false);
  });
});
