import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import type { InputProblem } from "../parse-results.js";
import { resultSchema } from "../result-schema.js";
import { directionOf, githubActionBenchmarkImporter as importer } from "./github-action-benchmark.js";
import type { ImportedRun, ImportOptions } from "./importer.js";

const DATA = fileURLToPath(new URL("../../../../shared/data/", import.meta.url));
const HISTORIES = path.join(DATA, "histories");
const ORIGINAL_DATA = path.join(DATA, "harness/github-action-benchmark_extract_fixtures/write_original_data.js");
const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/import/github-action-benchmark/", import.meta.url));

const texts = new Map<string, string>();
function history(name: string): string {
  const file = name.includes("/") ? name : path.join(HISTORIES, name);
  if (!texts.has(file)) texts.set(file, readFileSync(file, "utf8"));
  return texts.get(file)!;
}

function parse(name: string, options: ImportOptions = {}, text = history(name)): ImportedRun[] {
  return importer.parse(name, text, options);
}

/** The error parse throws for `text`; fails the test when it does not throw. */
function rejection(text: string, file = "data.js"): InputProblem[] {
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

/** A metric by its exact name: setMetric nests the parts between dots. */
function metric(metrics: Record<string, unknown>, name: string): unknown {
  return name.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], metrics);
}

function countLeaves(metrics: unknown): number {
  if (typeof metrics === "number") return 1;
  return Object.values(metrics as Record<string, unknown>).reduce<number>((sum, value) => sum + countLeaves(value), 0);
}

/** The history object of a data.js text, to build variants of a real file. */
function historyObject(text: string): Record<string, any> {
  return JSON.parse(text.slice(text.indexOf("{")).trim().replace(/;$/, ""));
}

function asDataJs(value: unknown): string {
  return `window.BENCHMARK_DATA = ${JSON.stringify(value, null, 2)}\n`;
}

describe("github-action-benchmark: the six real histories", () => {
  it.each([
    ["hyperium_hyper_data.js", { pipeline: 440, end_to_end: 439 }, "hyperium/hyper"],
    ["huggingface_safetensors_data.js", { Benchmark: 517 }, "safetensors/safetensors"],
    ["ava-labs_avalanchego_data.js", { Benchmark: 1042 }, "ava-labs/avalanchego"],
    ["rocicorp_replicache_perf-v2_data.js", { Benchmark: 213 }, "rocicorp/replicache"],
    ["iTwin_presentation_data.js", { "Benchmark": 83, "Unified selection benchmark": 110, "Hierarchies benchmark": 152 }, "iTwin/presentation"],
    ["authzed_spicedb_data.js", { Benchmark: 32 }, "authzed/spicedb"],
  ])("%s: runs per suite, in time order, each a valid canonical result", (name, counts, repository) => {
    const text = history(name);
    const started = performance.now();
    const runs = parse(name);
    expect(performance.now() - started).toBeLessThan(1000);
    const perSuite: Record<string, number> = {};
    for (const { result } of runs) perSuite[result.dataset_version!] = (perSuite[result.dataset_version!] ?? 0) + 1;
    expect(perSuite).toEqual(counts);
    const times = runs.map(({ result }) => Date.parse(result.created_at!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const { position, result } of runs) {
      expect(result.model_version).toBe(repository);
      expect(position).toMatch(/^\$\.entries(\.\w+|\["[^"]+"\])\[\d+\]$/);
      const checked = resultSchema.safeParse(result);
      expect(checked.success, `${position}: ${JSON.stringify(checked.error?.issues[0])}`).toBe(true);
    }
    expect(importer.detect(text, name)).toBe(true);
  });

  it("hyper: the first pipeline entry is commit af96ddf0 with hello_world_16 = 59874 ns/iter", () => {
    const runs = parse("hyperium_hyper_data.js");
    // The first entry of both suites is af96ddf0; pipeline's ran first (1605571384450 < 1605571590518).
    const [first, second] = runs;
    expect(first!.position).toBe("$.entries.pipeline[0]");
    expect(first!.result).toEqual({
      model_version: "hyperium/hyper",
      dataset_version: "pipeline",
      commit_sha: "af96ddf008540ca4799381efb16a74af4dc3db28",
      metrics: { hello_world_16: 59874 },
      units: { hello_world_16: "ns/iter" },
      directions: { hello_world_16: "lower" },
      tags: ["github-action-benchmark", "tool=cargo"],
      created_at: "2020-11-17T00:03:04.450Z",
    });
    expect(new Date(first!.result.created_at!).getTime()).toBe(1605571384450);
    expect(second!.position).toBe("$.entries.end_to_end[0]");
    expect(second!.result.metrics.http1_body_both_100kb).toBe(132722);
    expect(second!.result.created_at).toBe(new Date(1605571590518).toISOString());
  });

  it("hyper: the last run is end_to_end's last entry, 8fcaf1a6, 14 benches", () => {
    const last = parse("hyperium_hyper_data.js").at(-1)!;
    expect(last.position).toBe("$.entries.end_to_end[438]");
    expect(last.result.commit_sha).toBe("8fcaf1a62787b824fdd7b95a3e7c9ea81acd3449");
    expect(last.result.metrics.http1_consecutive_x1_both_100kb).toBe(69753);
    expect(countLeaves(last.result.metrics)).toBe(14);
  });

  it("spicedb: the go tool's combined row is dropped beside its split rows", () => {
    const [first] = parse("authzed_spicedb_data.js");
    const name = "BenchmarkDatastoreDriver/cockroachdb-overlap-static/TestTuple/SnapshotRead";
    expect(first!.result.commit_sha).toBe("5e4a3ccd32b5ca38ad081a1804814133b1820be9");
    expect(first!.result.metrics[name]).toBeUndefined();
    expect(first!.result.metrics[`${name} - ns/op`]).toBe(371973);
    expect(first!.result.metrics[`${name} - B/op`]).toBe(15343);
    expect(first!.result.metrics[`${name} - allocs/op`]).toBe(221);
    expect(first!.result.units![`${name} - B/op`]).toBe("B/op");
    expect(first!.result.directions![`${name} - allocs/op`]).toBe("lower");
    // 288 rows in the first entry, 72 of them combined: 216 metrics.
    expect(countLeaves(first!.result.metrics)).toBe(216);
    expect(Object.values(first!.result.units!).some((unit) => unit.includes("\t"))).toBe(false);
  });

  it("safetensors: dotted pytest names read back exactly; PR-branch runs are tagged and marked as the pull request's", () => {
    const runs = parse("huggingface_safetensors_data.js");
    const first = runs[0]!.result;
    expect(first.commit_sha).toBe("08b4ffb2bf3b05fc32d4a79abd140dca66e2e932");
    expect(first.tags).toEqual(["github-action-benchmark", "tool=pytest", "pull-request:50"]);
    expect(first.pull_request).toBe(50);
    expect(metric(first.metrics, "benches/test_flax.py::test_flax_flax_load")).toBe(1.1761837679361133);
    expect(first.units!["benches/test_flax.py::test_flax_flax_load"]).toBe("iter/sec");
    expect(first.directions!["benches/test_flax.py::test_flax_flax_load"]).toBe("higher");
    const main = runs.find(({ result }) => result.commit_sha === "c74743cf1ea2a706acef35b5f743664ed2b88f64")!.result;
    expect(main.tags).toEqual(["github-action-benchmark", "tool=pytest"]);
    expect(main.pull_request).toBeUndefined();
    expect(metric(main.metrics, "benches/test_pt.py::test_pt_pt_load_cpu")).toBe(3.0329889386927342);
    expect(main.created_at).toBe(new Date(1667404735502).toISOString());
    // 232 runs of 90 pull requests' branches, two of them of #50.
    const pulls = runs.flatMap(({ result }) => result.tags!.filter((tag) => tag.startsWith("pull-request:")));
    expect(pulls).toHaveLength(232);
    expect(new Set(pulls).size).toBe(90);
    expect(pulls.filter((tag) => tag === "pull-request:50")).toHaveLength(2);
    expect(runs.filter(({ result }) => result.pull_request !== undefined)).toHaveLength(232);
    expect(new Set(runs.map(({ result }) => result.commit_sha)).size).toBe(512);
  });

  it("avalanchego: customBiggerIsBetter makes every bench higher, ms/ggas too; commits repeat", () => {
    const runs = parse("ava-labs_avalanchego_data.js");
    const name = "BenchmarkReexecuteRange/[33000001,33500000]-Config-default-Runner-avago-runner-i4i-4xlarge-local-ssd";
    const first = runs[0]!.result;
    expect(first.commit_sha).toBe("dbb0031048120fe9614066c02a7dc617b4c4b3f4");
    expect(first.metrics[`${name} - mgas/s`]).toBe(72.91544951197312);
    expect(first.metrics[`${name} - ms/ggas`]).toBe(13714.514642549031);
    expect(first.directions![`${name} - ms/ggas`]).toBe("higher");
    expect(first.units![`${name} - block_parse_ms/ggas`]).toBe("block_parse_ms/ggas");
    expect(new Set(runs.map(({ result }) => result.commit_sha)).size).toBe(227);
  });

  it("replicache: median ms and p95 ms are lower-is-better", () => {
    const first = parse("rocicorp_replicache_perf-v2_data.js")[0]!.result;
    expect(first.commit_sha).toBe("87908ada3556051bc253d515483e3ba30874692d");
    expect(first.metrics["populate 1024x1000 (clean, indexes: 0)"]).toBe(189.19999980926514);
    expect(first.units!["populate 1024x1000 (clean, indexes: 0)"]).toBe("median ms");
    expect(first.directions!["populate 1024x1000 (clean, indexes: 0)"]).toBe("lower");
  });

  it("iTwin: three suites become three datasets; a name with a dot reads back", () => {
    const runs = parse("iTwin_presentation_data.js");
    const first = runs[0]!;
    expect(first.position).toBe("$.entries.Benchmark[0]");
    expect(metric(first.result.metrics, "Initial Models Tree Load: Baytown.bim")).toBe(361);
    expect(first.result.units!["Initial Models Tree Load: Baytown.bim"]).toBe("ms");
    const unified = runs.find(({ result }) => result.dataset_version === "Unified selection benchmark")!;
    expect(unified.position).toBe('$.entries["Unified selection benchmark"][0]');
    expect(unified.result.metrics["hilite 50k elements"]).toBe(2878.38);
  });

  it("write_original_data.js (the action's own fixture): one run", () => {
    const runs = parse(ORIGINAL_DATA);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.result).toMatchObject({
      model_version: "user/repo",
      dataset_version: "Test benchmark",
      commit_sha: "prev commit id",
      metrics: { bench_fib_10: 100 },
      created_at: new Date(1574927127603).toISOString(),
    });
  });
});

describe("github-action-benchmark: options and variants", () => {
  it("--model, --dataset, --prompt and --env win over the file", () => {
    const options = { model: "hyper-fork", dataset: "nightly", prompt: "p1", environment: "ci-linux" };
    const runs = parse("hyperium_hyper_data.js", options);
    for (const { result } of runs.slice(0, 5)) {
      expect(result).toMatchObject({ model_version: "hyper-fork", dataset_version: "nightly", prompt_version: "p1", environment: "ci-linux" });
    }
  });

  it("data.json (the same object as plain JSON), even with entries first, parses the same", () => {
    const object = historyObject(history(ORIGINAL_DATA));
    const json = JSON.stringify({ entries: object.entries, repoUrl: object.repoUrl, lastUpdate: object.lastUpdate }, null, 2);
    expect(importer.detect(json, "data.json")).toBe(true);
    expect(importer.parse("data.json", json, {})).toEqual(parse(ORIGINAL_DATA));
  });

  it("a history without repoUrl leaves the model to --model", () => {
    const object = historyObject(history(ORIGINAL_DATA));
    delete object.repoUrl;
    const [run] = importer.parse("data.js", asDataJs(object), {});
    expect(run!.result.model_version).toBeUndefined();
  });

  it("go combined rows without split rows are split; repeated names are samples (their mean)", () => {
    const object = historyObject(history(ORIGINAL_DATA));
    object.entries["Test benchmark"][0].tool = "go";
    object.entries["Test benchmark"][0].benches = [
      { name: "BenchmarkFib10", value: 300, unit: "ns/op\t  24.5 MB/s\t  48 B/op\t  2 allocs/op" },
      { name: "BenchmarkSum", value: 10, unit: "ns/op" },
      { name: "BenchmarkSum", value: 14, unit: "ns/op" },
    ];
    const [run] = importer.parse("data.js", asDataJs(object), {});
    expect(run!.result.metrics).toEqual({
      "BenchmarkFib10 - ns/op": 300, "BenchmarkFib10 - MB/s": 24.5, "BenchmarkFib10 - B/op": 48,
      "BenchmarkFib10 - allocs/op": 2, "BenchmarkSum": 12,
    });
    expect(run!.result.directions).toMatchObject({ "BenchmarkFib10 - MB/s": "higher", "BenchmarkFib10 - B/op": "lower" });
    expect(run!.result.tags).toEqual(["github-action-benchmark", "tool=go"]);
  });

  it("an unknown unit gets no direction; the name default applies later", () => {
    const object = historyObject(history(ORIGINAL_DATA));
    object.entries["Test benchmark"][0].tool = "benchmarkjs";
    object.entries["Test benchmark"][0].benches = [{ name: "widgets", value: 3, unit: "widgets" }];
    const [run] = importer.parse("data.js", asDataJs(object), {});
    expect(run!.result.units).toEqual({ widgets: "widgets" });
    expect(run!.result.directions).toBeUndefined();
  });
});

describe("github-action-benchmark: directions from tool and unit", () => {
  it.each([
    ["cargo", "ns/iter", "lower"], ["go", "ns/op", "lower"], ["go", "B/op", "lower"], ["go", "allocs/op", "lower"],
    ["cargo", "cycles/iter", "lower"], ["catch2", "ns", "lower"], ["julia", "us", "lower"], ["benchmarkdotnet", "ms", "lower"],
    ["customSmallerIsBetter", "median ms", "lower"], ["x", "p95 ms", "lower"], ["jmh", "s/op", "lower"],
    ["pytest", "iter/sec", "higher"], ["benchmarkjs", "ops/sec", "higher"], ["jmh", "ops/s", "higher"], ["go", "MB/s", "higher"],
    ["cargo", "MS/s", "higher"], ["customBiggerIsBetter", "mgas/s", "higher"], ["customBiggerIsBetter", "ms/ggas", "higher"],
    ["customSmallerIsBetter", "req/s", "lower"], ["x", "Megabytes", undefined], ["x", undefined, undefined],
  ])("%s, %s -> %s", (tool, unit, direction) => {
    expect(directionOf(tool, unit)).toBe(direction);
  });
});

describe("github-action-benchmark: malformed histories", () => {
  const hyper = () => history("hyperium_hyper_data.js");

  it("a truncated file: a syntax error with line and column", () => {
    const problems = rejection(hyper().slice(0, 5000));
    expect(problems[0]!.path).toBe("$");
    expect(problems[0]!.message).toMatch(/^not valid JSON: .* at line \d+, column \d+$/);
  });

  it("a value that is a string: the bench's value is named", () => {
    const text = hyper().replace('"value": 59874,', '"value": "59874",');
    const problems = rejection(text);
    expect(problems).toEqual([{ file: "data.js", path: "$.entries.pipeline[0].benches[0].value", message: 'expected the bench\'s value as a finite number, got the string "59874"' }]);
  });

  it("an entry without commit.id and one without date: both named", () => {
    const object = historyObject(history(ORIGINAL_DATA));
    const entry = object.entries["Test benchmark"][0];
    object.entries["Test benchmark"].push({ ...structuredClone(entry), date: "yesterday" });
    delete entry.commit.id;
    const problems = rejection(asDataJs(object));
    expect(problems.map((p) => p.path)).toEqual(['$.entries["Test benchmark"][0].commit.id', '$.entries["Test benchmark"][1].date']);
    expect(problems[0]!.message).toMatch(/^missing; expected the commit's SHA/);
  });

  it.each([
    ["no suites", { lastUpdate: 1, repoUrl: "https://github.com/a/b", entries: {} }, "$.entries", /holds no runs/],
    ["only empty suites", { lastUpdate: 1, repoUrl: "https://github.com/a/b", entries: { Benchmark: [], Other: [] } }, "$.entries", /holds no runs/],
    ["entries an array", { lastUpdate: 1, repoUrl: "https://github.com/a/b", entries: [] }, "$.entries", /expected an object of suites/],
    ["a suite not an array", { lastUpdate: 1, entries: { Benchmark: {} } }, "$.entries.Benchmark", /expected the suite's array/],
    ["benches empty", { entries: { Benchmark: [{ commit: { id: "abc" }, date: 1, tool: "go", benches: [] }] } }, "$.entries.Benchmark[0].benches", /non-empty array of benches/],
    ["repoUrl a number", { repoUrl: 7, entries: { Benchmark: [] } }, "$.repoUrl", /repository's URL/],
    ["two units for one name", { entries: { B: [{ commit: { id: "abc" }, date: 1, tool: "go", benches: [{ name: "x", value: 1, unit: "ns/op" }, { name: "x", value: 2, unit: "B/op" }] }] } }, "$.entries.B[0].benches[1].unit", /appears again/],
    ["clashing names", { entries: { B: [{ commit: { id: "abc" }, date: 1, tool: "go", benches: [{ name: "a", value: 1, unit: "ns" }, { name: "a.b", value: 2, unit: "ns" }] }] } }, "$.entries.B[0].benches[1].name", /clashes/],
  ])("%s", (_name, object, position, message) => {
    const problems = rejection(asDataJs(object));
    expect(problems[0]!.path).toBe(position);
    expect(problems[0]!.message).toMatch(message);
  });

  it.each([
    ["empty", "", "line 1", /the file is empty/],
    ["no object", "window.BENCHMARK_DATA = null;", "line 1", /no object found/],
    ["an array", "[{}]", "$", /expected the history object/],
  ])("%s text", (_name, text, position, message) => {
    const problems = rejection(text);
    expect(problems[0]!.path).toBe(position);
    expect(problems[0]!.message).toMatch(message);
  });

  it.each([
    ["malformed-truncated.js", "$", /not valid JSON: .* at line 20, column 1$/],
    ["malformed-wrong-type.js", '$.entries["Test benchmark"][0].benches[0].value', /got the string "100"/],
    ["malformed-empty.js", "$.entries", /holds no runs/],
  ])("fixture %s: detected, then rejected at %s", (name, position, message) => {
    const text = readFileSync(path.join(FIXTURES, name), "utf8");
    expect(importer.detect(text, name)).toBe(true);
    const problems = rejection(text, name);
    expect(problems[0]!.path).toBe(position);
    expect(problems[0]!.message).toMatch(message);
  });
});

describe("github-action-benchmark: detect", () => {
  const samples = listFiles(DATA).filter((file) => !file.endsWith("README.md"));
  const ours = new Set([...readdirSync(HISTORIES).filter((f) => f.endsWith("_data.js")).map((f) => path.join(HISTORIES, f)), ORIGINAL_DATA]);

  it("claims the seven data.js samples and nothing else in the shared data", () => {
    expect(ours.size).toBe(7);
    const claimed = samples.filter((file) => importer.detect(readFileSync(file, "utf8"), path.basename(file)));
    expect(claimed.sort()).toEqual([...ours].sort());
  });

  it("does not throw on odd text", () => {
    for (const text of ["", "{", "window.BENCHMARK_DATA", "\u0000\u0001", "[1,2]"]) expect(() => importer.detect(text, "x")).not.toThrow();
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    return statSync(file).isDirectory() ? listFiles(file) : [file];
  });
}
