import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import type { InputProblem } from "../parse-results.js";
import { resultSchema } from "../result-schema.js";
import { csvImporter } from "./csv.js";
import type { ImportedRun, ImportOptions } from "./importer.js";

const DATA = new URL("../../../../shared/data/", import.meta.url);
const FIXTURES = new URL("../../../test/fixtures/import/csv/", import.meta.url);
const OTAVA = "changepoints/otava/";
const OTAVA_SAMPLES = ["sample.csv", "sample-unix-time.csv", "sample-semicolons.csv", "sample_multi_branch.csv",
  "sample_single_branch.csv", "histostat.csv"].map((f) => `${OTAVA}${f}`);

const read = (path: string) => readFileSync(new URL(path, DATA), "utf8");
const parse = (text: string, options: ImportOptions = {}, file = "runs.csv"): ImportedRun[] => csvImporter.parse(file, text, options);

function problemsOf(text: string, options: ImportOptions = {}): InputProblem[] {
  let thrown: unknown;
  try {
    parse(text, options);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidInputError);
  return (thrown as { problems: InputProblem[] }).problems;
}

describe("csv: Apache Otava's samples", () => {
  it("sample.csv: one run per row, Otava's time with its zone, the commit column", () => {
    const runs = parse(read(`${OTAVA}sample.csv`));
    expect(runs).toHaveLength(10);
    expect(runs[0]).toEqual({ position: "line 2", result: {
      metrics: { metric1: 154023, metric2: 10.43 }, created_at: "2024-01-01T02:00:00.000Z", commit_sha: "aaa0" } });
    // The step Otava's tests expect: metric2 10.69 -> 9.23 at aaa6.
    expect(runs[5]!.result.metrics.metric2).toBe(10.69);
    expect(runs[6]!.result).toMatchObject({ commit_sha: "aaa6", metrics: { metric1: 155145, metric2: 9.23 } });
    expect(runs[9]!.position).toBe("line 11");
    expect(runs[9]!.result.created_at).toBe("2024-01-10T02:00:00.000Z");
    // The file names no model or dataset: left to the flags.
    expect(runs[0]!.result.model_version).toBeUndefined();
    expect(runs[0]!.result.dataset_version).toBeUndefined();
  });

  it("sample-unix-time.csv: unix seconds, no commit column", () => {
    const runs = parse(read(`${OTAVA}sample-unix-time.csv`));
    expect(runs).toHaveLength(10);
    expect(runs[0]!.result).toEqual({ metrics: { metric1: 154023, metric2: 10.43 }, created_at: "2021-01-01T02:00:00.000Z" });
    expect(runs[9]!.result.created_at).toBe("2021-01-10T02:00:00.000Z"); // 1610244000
  });

  it("sample-semicolons.csv: the delimiter is found in the header", () => {
    const runs = parse(read(`${OTAVA}sample-semicolons.csv`));
    expect(runs).toHaveLength(10);
    expect(runs[3]!.result).toEqual({ metrics: { metric1: 149190, metric2: 10.91 }, created_at: "2021-01-04T02:00:00.000Z", commit_sha: "aaa3" });
  });

  it("sample_multi_branch.csv: the branch column", () => {
    const runs = parse(read(`${OTAVA}sample_multi_branch.csv`));
    expect(runs.map((r) => r.result.branch_name)).toEqual(["main", "main", "feature-x", "feature-x", "main", "feature-y", "feature-y", "main"]);
    expect(runs[7]!.result).toMatchObject({ commit_sha: "aaa7", metrics: { metric1: 148889, metric2: 9.11 } });
  });

  it("sample_single_branch.csv", () => {
    const runs = parse(read(`${OTAVA}sample_single_branch.csv`));
    expect(runs).toHaveLength(5);
    expect(runs.every((r) => r.result.branch_name === "main")).toBe(true);
  });

  it("histostat.csv: the commented header above the data, the Tag column not a metric", () => {
    const runs = parse(read(`${OTAVA}histostat.csv`));
    expect(runs).toHaveLength(42);
    expect(runs[0]).toEqual({ position: "line 6", result: { metrics: {
      Interval_Start: 2.616, Interval_Length: 2.385, count: 2028, min: 1012224, p25: 1061887, p50: 1068031, p75: 1073151,
      p90: 1170431, p95: 1351679, p98: 2258943, p99: 4001791, p999: 10575871, p9999: 15114239, max: 15114239 } } });
    expect(runs[41]!.position).toBe("line 47");
    expect(runs[41]!.result.metrics).toMatchObject({ Interval_Start: 10.061, count: 48636, p50: 3239935 });
  });

  it.each(OTAVA_SAMPLES)("%s: with --model and --dataset, every run is a valid canonical result", (path) => {
    for (const run of parse(read(path), { model: "m", dataset: "d" })) {
      expect(resultSchema.safeParse(run.result).error?.issues).toBeUndefined();
    }
  });

  it("flags win over the file and fill what it lacks", () => {
    const runs = parse(read(`${OTAVA}sample.csv`), { model: "otava-demo", dataset: "sample", prompt: "none", environment: "ci" });
    expect(runs[0]!.result).toMatchObject({ model_version: "otava-demo", dataset_version: "sample", prompt_version: "none", environment: "ci" });
  });
});

describe("csv: benchledger export --format csv round-trips", () => {
  const header = "id,run_key,created_at,recorded_at,model_version,model_provider,dataset_version,prompt_version,environment,"
    + "commit_sha,branch_name,tags,duration_seconds,tracked,pull_request,run_url,repository,accuracy,latency.p95";
  const rows = [
    "0b9c3c44-5f7e-4f7b-9d55-2f1f0f4f6a10,ci-1234-1,2026-02-03T04:05:06.123456+00:00,2026-02-03T04:06:00.000001+00:00,"
      + "gpt-4o-mini,openai,medqa-v2,p3,ci,4f1c2ab9d0e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4,main,nightly;gpu,12.5,true,42,"
      + "https://ci.example/1,acme/evals,0.91,120",
    "7d1e2f30-1111-4222-8333-944455556666,ci-1235-1,2026-02-04T00:00:00+00:00,2026-02-04T00:00:01+00:00,"
      + "gpt-4o-mini,,medqa-v2,p3,ci,,,,,false,,,,0.89,",
  ];

  it("maps the canonical columns, nests dotted metric paths, ignores the row's storage columns", () => {
    const runs = parse([header, ...rows].join("\n") + "\n");
    expect(runs[0]).toEqual({ position: "line 2", result: {
      run_key: "ci-1234-1", created_at: "2026-02-03T04:05:06.123Z", model_version: "gpt-4o-mini", model_provider: "openai",
      dataset_version: "medqa-v2", prompt_version: "p3", environment: "ci", commit_sha: "4f1c2ab9d0e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4",
      branch_name: "main", tags: ["nightly", "gpu"], duration_seconds: 12.5, metrics: { accuracy: 0.91, latency: { p95: 120 } } } });
    // Empty cells: the run simply lacks those fields and that metric.
    expect(runs[1]!.result).toEqual({ run_key: "ci-1235-1", created_at: "2026-02-04T00:00:00.000Z", model_version: "gpt-4o-mini",
      dataset_version: "medqa-v2", prompt_version: "p3", environment: "ci", metrics: { accuracy: 0.89 } });
  });
});

describe("csv: columns and cells", () => {
  it("--metrics picks the metrics; a word there is a problem at its line and column", () => {
    const text = "run,f1,latency_ms,notes\nr1,0.9,120,ok\nr2,0.8,slow,\nr3,,,x\n";
    expect(problemsOf(text, { metricColumns: ["f1", "LATENCY_MS"] })).toEqual([
      { file: "runs.csv", path: 'line 3, column "latency_ms"', message: 'expected a finite number, found "slow"' },
      { file: "runs.csv", path: "line 4", message: 'has no metric value; expected a number in at least one of "f1", "latency_ms"' },
    ]);
    const runs = parse("run,f1,latency_ms,score\nr1,0.9,120,7\n", { metricColumns: ["f1"] });
    expect(runs[0]!.result.metrics).toEqual({ f1: 0.9 });
  });

  it("--metrics naming a column the header lacks", () => {
    expect(problemsOf("a,b\n1,2\n", { metricColumns: ["b", "c"] })).toEqual([
      { file: "runs.csv", path: "line 1", message: 'no column "c" for --metrics; the header has "a", "b"' },
    ]);
  });

  it("without the flag, a column with one word in it is not a metric; N/A cells are missing values", () => {
    const runs = parse("model,f1,status,recall\nm,0.9,ok,N/A\nm,0.8,7,0.5\n");
    expect(runs.map((r) => r.result.metrics)).toEqual([{ f1: 0.9 }, { f1: 0.8, recall: 0.5 }]);
    expect(runs[0]!.result.model_version).toBe("m");
  });

  it("aliases, case-insensitively; tab-separated; quoted values with delimiters, quotes and line breaks", () => {
    const text = 'Model\tDataset\tEnv\tSHA\tTimestamp\tTags\tnote\tscore\n'
      + '"gpt\t4"\tqa\tlocal\tabc123\t2024-05-01 10:00\t"a; b"\t"two\nlines ""quoted"""\t1.5\n'
      + 'm2\tqa\tlocal\tdef456\t1714557600000\t\t\t2\n';
    const runs = parse(text, {}, "runs.tsv");
    expect(runs[0]).toEqual({ position: "line 2", result: { model_version: "gpt\t4", dataset_version: "qa", environment: "local",
      commit_sha: "abc123", created_at: "2024-05-01T10:00:00.000Z", tags: ["a", "b"], metrics: { score: 1.5 } } });
    expect(runs[1]!.position).toBe("line 4");
    expect(runs[1]!.result.created_at).toBe("2024-05-01T10:00:00.000Z"); // milliseconds
  });

  it.each([
    ["2024-05-01", "2024-05-01T00:00:00.000Z"],
    ["2024-05-01T10:00:00", "2024-05-01T10:00:00.000Z"],
    ["2024-05-01T10:00:00-0230", "2024-05-01T12:30:00.000Z"],
    ["2024.05.01 3:04:05 +0100", "2024-05-01T02:04:05.000Z"],
    ["1714557600", "2024-05-01T10:00:00.000Z"],
    ["1714557600.5", "2024-05-01T10:00:00.500Z"],
  ])("time %s -> %s", (cell, iso) => {
    expect(parse(`date,x\n${cell},1\n`)[0]!.result.created_at).toBe(iso);
  });

  it("Windows line endings and a byte order mark", () => {
    const text = "\uFEFF" + read(`${OTAVA}sample.csv`).replace(/\n/g, "\r\n");
    expect(csvImporter.detect(text, "sample.csv")).toBe(true);
    const runs = parse(text);
    expect(runs).toHaveLength(10);
    expect(runs[9]).toEqual({ position: "line 11", result: { metrics: { metric1: 148209, metric2: 9.03 }, created_at: "2024-01-10T02:00:00.000Z", commit_sha: "aaa9" } });
  });

  it("comment lines and blank lines are skipped; line numbers stay the file's", () => {
    const runs = parse("# produced by ci\nmodel,f1\n\n# warm-up excluded\nm,0.5\n");
    expect(runs).toEqual([{ position: "line 5", result: { model_version: "m", metrics: { f1: 0.5 } } }]);
  });
});

describe("csv: malformed input", () => {
  const sample = () => read(`${OTAVA}sample.csv`);

  it("truncated mid-row: the ragged row at its line", () => {
    const text = sample().slice(0, sample().lastIndexOf(",10.43"));
    expect(text.split("\n")).toHaveLength(2);
    expect(problemsOf(text)).toEqual([
      { file: "runs.csv", path: "line 2", message: "expected 4 fields like the header (line 1), found 3 (a truncated row, or a delimiter inside an unquoted value?)" },
    ]);
  });

  it("an unterminated quote at the line it opens", () => {
    const lines = sample().split("\n");
    lines[3] = lines[3]!.replace("aaa2", '"aaa2');
    expect(problemsOf(lines.join("\n"))).toEqual([
      { file: "runs.csv", path: "line 4", message: "not valid CSV: a quoted value is never closed (truncated file?)" },
    ]);
  });

  it("a quote inside an unquoted value", () => {
    expect(problemsOf('model,f1\nm,0.5\nthe "best" one,0.6\n')).toEqual([
      { file: "runs.csv", path: "line 3", message: expect.stringMatching(/^not valid CSV: .*quote/) },
    ]);
  });

  it("wrong types in known columns, each at its line and column", () => {
    const text = "time,duration,f1\nyesterday,12,0.5\n2024-02-30,-1,0.6\n";
    expect(problemsOf(text)).toEqual([
      { file: "runs.csv", path: 'line 2, column "time"', message: expect.stringContaining('found "yesterday"') },
      { file: "runs.csv", path: 'line 3, column "time"', message: expect.stringContaining('found "2024-02-30"') },
      { file: "runs.csv", path: 'line 3, column "duration"', message: 'expected a duration of 0 seconds or more, found "-1"' },
    ]);
  });

  it("two columns for one field, an empty or repeated header cell", () => {
    expect(problemsOf("time,date,f1\n1,2,3\n")[0]).toEqual({ file: "runs.csv", path: "line 1", message: 'the columns "time" and "date" both give created_at; keep one' });
    expect(problemsOf("f1,,f1\n1,2,3\n").map((p) => p.path)).toEqual(["line 1, column 2", "line 1, column 3"]);
  });

  it("a file of text only has no metric in any row", () => {
    expect(problemsOf("model,notes\nm,fine\n")).toEqual([
      { file: "runs.csv", path: "line 2", message: "has no metric; expected a column of numbers (or name the metric columns with --metrics)" },
    ]);
  });

  it.each([
    ["empty file", "", "line 1"],
    ["comments only", "# nothing yet\n", "line 1"],
    ["header only", "time,commit,metric1,metric2\n", "line 1"],
  ])("%s holds no runs", (_name, text, path) => {
    expect(problemsOf(text)).toEqual([{ file: "runs.csv", path, message: expect.stringMatching(/^holds no runs/) }]);
  });

  it.each([
    ["malformed-truncated.csv", "line 11"],
    ["malformed-wrong-type.csv", 'line 4, column "time"'],
    ["malformed-empty.csv", "line 1"],
  ])("fixture %s is detected and rejected at %s", (name, path) => {
    const text = readFileSync(new URL(name, FIXTURES), "utf8");
    expect(csvImporter.detect(text, name)).toBe(true);
    expect(problemsOf(text).map((p) => p.path)).toEqual([path]);
  });
});

describe("csv: detect", () => {
  it.each(OTAVA_SAMPLES)("claims %s", (path) => {
    expect(csvImporter.detect(read(path), path)).toBe(true);
  });

  it("claims MLflow's predictions.csv artifact (plain CSV) too", () => {
    const path = "harness/mlflow/mlflow-groq-eval_mlruns/852045333675594180/91e0bc6a944f4453912aa817c55be0ca/artifacts/predictions.csv";
    expect(csvImporter.detect(read(path), path)).toBe(true);
  });

  const dirs = ["harness/github-action-benchmark_extract_fixtures/", "harness/go_bench/", "harness/pytest-benchmark/",
    "harness/google_benchmark/", "harness/promptfoo/", "harness/lm-eval/v0.4_results/", "harness/lm-eval/v0.3_results/",
    "harness/lm-eval/v0_testdata/", "harness/lm-eval/stdout_tables/", "harness/inspect_ai/", "harness/criterion/", "histories/",
    "histories/asv_django/", "changepoints/tcpd/"];
  const others = [
    ...dirs.flatMap((dir) => readdirSync(new URL(dir, DATA), { withFileTypes: true })
      .filter((f) => f.isFile() && !f.name.endsWith(".eval")).map((f) => `${dir}${f.name}`)),
    `${OTAVA}sample_config.yaml`, `${OTAVA}otava_test_series_with_expected_cps.json`,
  ];
  it.each(others)("does not claim %s", (path) => {
    expect(csvImporter.detect(read(path), path)).toBe(false);
  });

  it("a header-only file is CSV by its name only", () => {
    expect(csvImporter.detect("time,commit,f1\n", "runs.csv")).toBe(true);
    expect(csvImporter.detect("time,commit,f1\n", "runs.txt")).toBe(false);
  });
});
