import { invalidResults, parseJsonDocument, type InputProblem } from "../parse-results.js";
import type { CanonicalResult, ImportedRun, ImportOptions, Importer } from "./importer.js";
import { jsonPath, setMetric } from "./metric-path.js";

/**
 * pytest-benchmark's JSON (`pytest --benchmark-json out.json`, or a saved
 * `.benchmarks/<machine>/0001_<commit>_<time>.json`): one run per file. Each benchmark's
 * statistics become metrics under its full name (`bench.py::test_fib_10.mean`, in seconds).
 * docs/import/pytest-benchmark.md gives the mapping field by field.
 */
export const pytestBenchmarkImporter: Importer = {
  format: "pytest-benchmark",
  title: "pytest-benchmark JSON: pytest --benchmark-json out.json (or a --benchmark-save file)",
  detect: isPytestBenchmark,
  parse: parsePytestBenchmark,
};

/** The dataset when --dataset is not given: the file names no suite of its own. */
export const PYTEST_BENCHMARK_DATASET = "pytest-benchmark";

// Old storage files put "benchmarks" first and "machine_info" last, so look at both ends.
const DETECT_WINDOW = 8192;

function isPytestBenchmark(text: string): boolean {
  const head = text.slice(0, DETECT_WINDOW);
  if (!/^\s*\{/.test(head)) return false;
  const ends = head + text.slice(-DETECT_WINDOW);
  return /"machine_info"\s*:/.test(ends) && /"benchmarks"\s*:/.test(ends) && /"(?:commit_info|fullname)"\s*:/.test(ends);
}

/** Statistic -> unit: times are in seconds, `ops` is rounds per second. */
const STATISTICS: Record<string, { unit: string; direction: "higher" | "lower" }> = {
  mean: { unit: "s", direction: "lower" },
  median: { unit: "s", direction: "lower" },
  min: { unit: "s", direction: "lower" },
  max: { unit: "s", direction: "lower" },
  stddev: { unit: "s", direction: "lower" },
  ops: { unit: "ops/s", direction: "higher" },
};

// What pytest-benchmark writes when it cannot tell: not a commit, not a branch.
const UNKNOWN_COMMITS = new Set(["unversioned", "unknown"]);
const UNKNOWN_BRANCHES = new Set(["(unknown)", "(detached head)", "HEAD"]);

interface Context {
  file: string;
  problems: InputProblem[];
}

function parsePytestBenchmark(file: string, text: string, options: ImportOptions): ImportedRun[] {
  if (text.trim() === "") {
    throw invalidResults([{ file, path: "$", message: "the file is empty; expected pytest-benchmark's JSON {machine_info, commit_info, benchmarks, datetime}" }]);
  }
  const document = parseJsonDocument(file, text);
  if (!isRecord(document)) {
    throw invalidResults([{ file, path: "$", message: `expected pytest-benchmark's JSON object {machine_info, commit_info, benchmarks}, got ${describe(document)}` }]);
  }
  const ctx: Context = { file, problems: [] };
  const commit = commitFields(ctx, document.commit_info);
  const createdAt = createdAtOf(ctx, document.datetime);
  const metrics = benchmarkMetrics(ctx, document.benchmarks);
  if (ctx.problems.length > 0) throw invalidResults(ctx.problems);
  const result: CanonicalResult = {
    ...configOf(options, commit.project),
    ...(commit.sha !== undefined ? { commit_sha: commit.sha } : {}),
    ...(commit.branch !== undefined ? { branch_name: commit.branch } : {}),
    ...metrics,
    tags: [...machineTags(document.machine_info), ...(commit.dirty ? ["dirty"] : [])],
    ...(createdAt !== undefined ? { created_at: createdAt } : {}),
  };
  return [{ position: "$", result }];
}

function configOf(options: ImportOptions, project: string | undefined): Pick<CanonicalResult, "model_version" | "dataset_version" | "prompt_version" | "environment"> {
  const model = options.model ?? project;
  return {
    ...(model !== undefined ? { model_version: model } : {}),
    dataset_version: options.dataset ?? PYTEST_BENCHMARK_DATASET,
    ...(options.prompt !== undefined ? { prompt_version: options.prompt } : {}),
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
  };
}

interface CommitFields {
  sha?: string;
  branch?: string;
  project?: string;
  dirty: boolean;
}

function commitFields(ctx: Context, info: unknown): CommitFields {
  if (info === undefined || info === null) return { dirty: false };
  if (!isRecord(info)) {
    ctx.problems.push({ file: ctx.file, path: "$.commit_info", message: `expected an object {id, branch, project, dirty}, got ${describe(info)}` });
    return { dirty: false };
  }
  const text = (key: string) => optionalText(ctx, info[key], jsonPath("commit_info", key));
  const [sha, branch, project] = [text("id"), text("branch"), text("project")];
  return {
    ...(sha !== undefined && !UNKNOWN_COMMITS.has(sha) ? { sha } : {}),
    ...(branch !== undefined && !UNKNOWN_BRANCHES.has(branch) ? { branch } : {}),
    ...(project !== undefined ? { project } : {}),
    dirty: info.dirty === true,
  };
}

/** `python=3.7.5`, `host=Corgi.local`: short tags to filter by; the rest of machine_info is left out. */
function machineTags(info: unknown): string[] {
  if (!isRecord(info)) return [];
  const tag = (key: string, value: unknown) => (typeof value === "string" && value.trim() !== "" ? [`${key}=${value.trim()}`] : []);
  return [...tag("python", info.python_version), ...tag("host", info.node)];
}

/** `datetime` is `datetime.utcnow().isoformat()`: a time without a zone is UTC. */
function createdAtOf(ctx: Context, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const iso = typeof value === "string" ? isoTime(value) : null;
  if (iso === null) {
    ctx.problems.push({ file: ctx.file, path: "$.datetime", message: `expected the run's time like "2019-11-17T02:22:16.817862", got ${describe(value)}` });
    return undefined;
  }
  return iso;
}

const ISO_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

function isoTime(text: string): string | null {
  const match = ISO_TIME.exec(text.trim());
  if (!match) return null;
  const [, day, time, zone] = match;
  const offset = zone === undefined || zone.toUpperCase() === "Z" ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  const date = new Date(`${day}T${time}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function benchmarkMetrics(ctx: Context, benchmarks: unknown): Pick<CanonicalResult, "metrics" | "units" | "directions"> {
  const out = { metrics: {}, units: {}, directions: {} } as Required<Pick<CanonicalResult, "metrics" | "units" | "directions">>;
  if (!Array.isArray(benchmarks) || benchmarks.length === 0) {
    const found = benchmarks === undefined ? "missing" : `got ${describe(benchmarks)}`;
    ctx.problems.push({ file: ctx.file, path: "$.benchmarks", message: `the file holds no runs (${found}); expected an array of benchmarks [{fullname, stats: {mean, ...}}]` });
    return out;
  }
  const seen = new Map<string, number>();
  benchmarks.forEach((benchmark, j) => {
    const name = benchmarkName(ctx, benchmark, j);
    if (name === undefined) return;
    const first = seen.get(name);
    if (first !== undefined) {
      ctx.problems.push({ file: ctx.file, path: jsonPath("benchmarks", j, "fullname"), message: `the benchmark ${JSON.stringify(name)} appears twice; $.benchmarks[${first}] has the same name` });
      return;
    }
    seen.set(name, j);
    addStatistics(ctx, out, name, (benchmark as Record<string, unknown>).stats, j);
  });
  return out;
}

/** `fullname` ("bench.py::test_fib_10"), unique within a run; `name` when a file has no fullname. */
function benchmarkName(ctx: Context, benchmark: unknown, index: number): string | undefined {
  if (!isRecord(benchmark)) {
    ctx.problems.push({ file: ctx.file, path: jsonPath("benchmarks", index), message: `expected a benchmark {fullname, stats}, got ${describe(benchmark)}` });
    return undefined;
  }
  const name = benchmark.fullname ?? benchmark.name;
  if (typeof name === "string" && name.trim() !== "") return name;
  const key = benchmark.fullname !== undefined ? "fullname" : "name";
  ctx.problems.push({ file: ctx.file, path: jsonPath("benchmarks", index, key), message: `${name === undefined ? "missing" : `got ${describe(name)}`}; expected the benchmark's name, e.g. "bench.py::test_fib_10"` });
  return undefined;
}

/**
 * mean must be a number; the other statistics are optional (2.5.0 files have no `ops`). A
 * statistic that is NaN or Infinity (Python's json writes them) is left out: not measured.
 */
function addStatistics(ctx: Context, out: Required<Pick<CanonicalResult, "metrics" | "units" | "directions">>, name: string, stats: unknown, index: number): void {
  if (!isRecord(stats)) {
    ctx.problems.push({ file: ctx.file, path: jsonPath("benchmarks", index, "stats"), message: `${stats === undefined ? "missing" : `got ${describe(stats)}`}; expected the statistics {mean, median, min, max, stddev, ops}` });
    return;
  }
  for (const [statistic, { unit, direction }] of Object.entries(STATISTICS)) {
    const value = stats[statistic];
    const path = jsonPath("benchmarks", index, "stats", statistic);
    if (value === undefined || value === null) {
      if (statistic === "mean") ctx.problems.push({ file: ctx.file, path, message: "missing; expected the mean time in seconds as a number" });
      continue;
    }
    if (typeof value !== "number") {
      ctx.problems.push({ file: ctx.file, path, message: `expected the ${statistic} as a number (${unit === "s" ? "seconds" : "rounds per second"}), got ${describe(value)}` });
      continue;
    }
    if (!Number.isFinite(value)) {
      if (statistic === "mean") ctx.problems.push({ file: ctx.file, path, message: `expected the mean time in seconds as a finite number, got ${value}` });
      continue;
    }
    const metric = `${name}.${statistic}`;
    try {
      setMetric(out.metrics, metric, value, ctx.file, path);
    } catch (error) {
      ctx.problems.push(...problemsOf(error));
      return;
    }
    out.units[metric] = unit;
    out.directions[metric] = direction;
  }
}

function optionalText(ctx: Context, value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  ctx.problems.push({ file: ctx.file, path, message: `expected a string, got ${describe(value)}` });
  return undefined;
}

function problemsOf(error: unknown): InputProblem[] {
  const problems = (error as { problems?: InputProblem[] } | null)?.problems;
  if (Array.isArray(problems)) return problems;
  throw error;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "..." : value)}`;
  if (Array.isArray(value)) return value.length === 0 ? "an empty array" : "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
