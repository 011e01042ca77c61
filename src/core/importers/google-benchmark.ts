import { invalidResults, parseJsonDocument, type InputProblem } from "../parse-results.js";
import type { CanonicalResult, ImportedRun, ImportOptions, Importer } from "./importer.js";
import { jsonPath, setMetric } from "./metric-path.js";

/**
 * Google Benchmark's JSON (`--benchmark_format=json`, or `--benchmark_out=out.json`): one
 * run per file. Each benchmark gives `<name>.real_time` and `<name>.cpu_time` in its
 * time_unit, plus its user counters; with repetitions, the `mean` aggregate. docs/import/
 * google-benchmark.md gives the mapping field by field.
 */
export const googleBenchmarkImporter: Importer = {
  format: "google-benchmark",
  title: "Google Benchmark JSON: --benchmark_format=json or --benchmark_out=out.json",
  detect: isGoogleBenchmark,
  parse: parseGoogleBenchmark,
};

/** The dataset when --dataset is not given: the file names no suite of its own. */
export const GOOGLE_BENCHMARK_DATASET = "google-benchmark";

const DETECT_WINDOW = 8192;

function isGoogleBenchmark(text: string): boolean {
  const head = text.slice(0, DETECT_WINDOW);
  return /^\s*\{/.test(head) && /"context"\s*:\s*\{/.test(head)
    && /"(?:num_cpus|mhz_per_cpu|cpu_scaling_enabled|library_build_type)"\s*:/.test(head);
}

/** Keys of a benchmark row that are not user counters. */
const ROW_FIELDS = new Set([
  "name", "run_name", "run_type", "family_index", "per_family_instance_index", "repetitions",
  "repetition_index", "threads", "iterations", "real_time", "cpu_time", "time_unit",
  "aggregate_name", "aggregate_unit", "error_occurred", "error_message", "skipped",
  "skip_message", "label", "big_o", "cpu_coefficient", "real_coefficient", "rms",
]);

/** Memory results the library reports beside the counters: less is better. */
const LOWER_COUNTERS = new Set(["allocs_per_iter", "max_bytes_used", "total_allocated_bytes", "net_heap_growth"]);

interface Context {
  file: string;
  problems: InputProblem[];
}

/** One benchmark row that holds times: an iteration, or the mean or stddev aggregate. */
interface Row {
  index: number;
  realTime: number;
  cpuTime: number;
  timeUnit: string | undefined;
  counters: Record<string, number>;
}

/** The rows of one benchmark (one run_name): its repetitions and its aggregates. */
interface Family {
  name: string;
  iterations: Row[];
  mean?: Row;
  stddev?: Row;
}

function parseGoogleBenchmark(file: string, text: string, options: ImportOptions): ImportedRun[] {
  if (text.trim() === "") {
    throw invalidResults([{ file, path: "$", message: "the file is empty; expected Google Benchmark's JSON {context, benchmarks}" }]);
  }
  const document = parseJsonDocument(file, text);
  if (!isRecord(document)) {
    throw invalidResults([{ file, path: "$", message: `expected Google Benchmark's JSON object {context, benchmarks}, got ${describe(document)}` }]);
  }
  const ctx: Context = { file, problems: [] };
  const context = contextOf(ctx, document.context);
  const { families, hasErrors } = readFamilies(ctx, document.benchmarks);
  const result: CanonicalResult = { ...configOf(options, context.executable), metrics: {} };
  fillMetrics(ctx, result, families);
  if (ctx.problems.length > 0) throw invalidResults(ctx.problems);
  if (Object.keys(result.metrics).length === 0) {
    throw invalidResults([{ file, path: "$.benchmarks", message: "the file holds no runs: no benchmark has times (every row errored, was skipped or is a BigO/RMS/median aggregate); expected rows {name, real_time, cpu_time, time_unit}" }]);
  }
  result.tags = [...context.tags, ...(hasErrors ? ["has-errors"] : [])];
  if (context.createdAt !== undefined) result.created_at = context.createdAt;
  return [{ position: "$", result }];
}

function configOf(options: ImportOptions, executable: string | undefined): Pick<CanonicalResult, "model_version" | "dataset_version" | "prompt_version" | "environment"> {
  const model = options.model ?? executable;
  return {
    ...(model !== undefined ? { model_version: model } : {}),
    dataset_version: options.dataset ?? GOOGLE_BENCHMARK_DATASET,
    ...(options.prompt !== undefined ? { prompt_version: options.prompt } : {}),
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
  };
}

interface RunContext {
  executable?: string;
  createdAt?: string;
  tags: string[];
}

function contextOf(ctx: Context, context: unknown): RunContext {
  if (context === undefined || context === null) return { tags: [] };
  if (!isRecord(context)) {
    ctx.problems.push({ file: ctx.file, path: "$.context", message: `expected the context object {date, host_name, executable, ...}, got ${describe(context)}` });
    return { tags: [] };
  }
  const text = (key: string) => (typeof context[key] === "string" && context[key].trim() !== "" ? context[key].trim() : undefined);
  // "./a.out" -> "a.out"; Windows paths too.
  const executable = text("executable")?.split(/[\\/]/).filter((part) => part !== "").at(-1);
  const host = text("host_name");
  const build = text("library_build_type");
  const createdAt = createdAtOf(ctx, context.date);
  return {
    ...(executable !== undefined ? { executable } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    tags: [...(host !== undefined ? [`host=${host}`] : []), ...(build !== undefined ? [`build=${build}`] : [])],
  };
}

/**
 * `context.date` is the machine's local time: "2019-11-29T21:26:59+09:00" in current
 * versions, "2016-08-02 17:44:46" (no zone) in old ones. A time without a zone is taken as
 * UTC: the file cannot say more.
 */
function createdAtOf(ctx: Context, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const iso = typeof value === "string" ? isoTime(value) : null;
  if (iso === null) {
    ctx.problems.push({ file: ctx.file, path: "$.context.date", message: `expected the run's time like "2019-11-29T21:26:59+09:00", got ${describe(value)}` });
  }
  return iso ?? undefined;
}

const DATE_TIME = /^(\d{4})[-/](\d{2})[-/](\d{2})[T -](\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*(Z|[+-]\d{2}:?\d{2})?$/i;

function isoTime(text: string): string | null {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, time, zone] = match;
  const offset = zone === undefined || zone.toUpperCase() === "Z" ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  const date = new Date(`${year}-${month}-${day}T${time}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function readFamilies(ctx: Context, benchmarks: unknown): { families: Family[]; hasErrors: boolean } {
  if (!Array.isArray(benchmarks) || benchmarks.length === 0) {
    const found = benchmarks === undefined ? "missing" : `got ${describe(benchmarks)}`;
    ctx.problems.push({ file: ctx.file, path: "$.benchmarks", message: `the file holds no runs (${found}); expected an array of benchmarks [{name, real_time, cpu_time, time_unit}]` });
    return { families: [], hasErrors: false };
  }
  const families = new Map<string, Family>();
  let hasErrors = false;
  benchmarks.forEach((benchmark, index) => {
    if (!isRecord(benchmark)) {
      ctx.problems.push({ file: ctx.file, path: jsonPath("benchmarks", index), message: `expected a benchmark {name, real_time, cpu_time, time_unit}, got ${describe(benchmark)}` });
      return;
    }
    if (benchmark.error_occurred === true) hasErrors = true;
    if (benchmark.error_occurred === true || benchmark.skipped === true) return;
    addRow(ctx, families, benchmark, index);
  });
  return { families: [...families.values()], hasErrors };
}

/**
 * Iteration rows are samples of their family; of the aggregates only `mean` and `stddev`
 * are kept (median, cv, BigO, RMS and aggregates without a name are left out).
 */
function addRow(ctx: Context, families: Map<string, Family>, benchmark: Record<string, unknown>, index: number): void {
  const name = familyName(ctx, benchmark, index);
  if (name === undefined) return;
  // Complexity rows (BigO, RMS) hold coefficients, not times; old versions mark them only so.
  const isAggregate = benchmark.run_type === "aggregate" || "big_o" in benchmark || "rms" in benchmark;
  const aggregate = isAggregate ? benchmark.aggregate_name : undefined;
  if (isAggregate && aggregate !== "mean" && aggregate !== "stddev") return;
  const row = readRow(ctx, benchmark, index);
  if (row === null) return;
  const family = families.get(name) ?? { name, iterations: [] };
  families.set(name, family);
  if (aggregate === "mean") family.mean = row;
  else if (aggregate === "stddev") family.stddev = row;
  else family.iterations.push(row);
}

function familyName(ctx: Context, benchmark: Record<string, unknown>, index: number): string | undefined {
  const name = typeof benchmark.run_name === "string" && benchmark.run_name.trim() !== "" ? benchmark.run_name : benchmark.name;
  if (typeof name === "string" && name.trim() !== "") return name;
  ctx.problems.push({ file: ctx.file, path: jsonPath("benchmarks", index, "name"), message: `${name === undefined ? "missing" : `got ${describe(name)}`}; expected the benchmark's name, e.g. "BM_memcpy/8"` });
  return undefined;
}

function readRow(ctx: Context, benchmark: Record<string, unknown>, index: number): Row | null {
  const time = (key: string): number | undefined => {
    const value = benchmark[key];
    if (typeof value === "number" && Number.isFinite(value)) return value;
    const found = value === undefined ? "missing" : `got ${describe(value)}`;
    ctx.problems.push({ file: ctx.file, path: jsonPath("benchmarks", index, key), message: `${found}; expected the time per iteration as a finite number` });
    return undefined;
  };
  const [realTime, cpuTime] = [time("real_time"), time("cpu_time")];
  const timeUnit = benchmark.time_unit;
  if (timeUnit !== undefined && typeof timeUnit !== "string") {
    ctx.problems.push({ file: ctx.file, path: jsonPath("benchmarks", index, "time_unit"), message: `expected the time unit ("ns", "us", "ms" or "s"), got ${describe(timeUnit)}` });
    return null;
  }
  if (realTime === undefined || cpuTime === undefined) return null;
  // User counters: numbers under other keys. NaN or Infinity (a rate over no time) is left out.
  const counters = Object.fromEntries(Object.entries(benchmark)
    .filter(([key, value]) => !ROW_FIELDS.has(key) && typeof value === "number" && Number.isFinite(value))) as Record<string, number>;
  return { index, realTime, cpuTime, timeUnit, counters };
}

function fillMetrics(ctx: Context, result: CanonicalResult, families: Family[]): void {
  const units: Record<string, string> = {};
  const directions: Record<string, "higher" | "lower"> = {};
  const put = (metric: string, value: number, row: Row, unit: string | undefined, direction: "higher" | "lower" | undefined) => {
    setMetric(result.metrics, metric, value, ctx.file, jsonPath("benchmarks", row.index, "name"));
    if (unit !== undefined) units[metric] = unit;
    if (direction !== undefined) directions[metric] = direction;
  };
  for (const family of families) {
    const row = family.mean ?? averageRow(ctx, family.iterations);
    if (row === undefined) continue;
    try {
      put(`${family.name}.real_time`, row.realTime, row, row.timeUnit, "lower");
      put(`${family.name}.cpu_time`, row.cpuTime, row, row.timeUnit, "lower");
      if (family.stddev) put(`${family.name}.real_time_stddev`, family.stddev.realTime, family.stddev, family.stddev.timeUnit, "lower");
      if (family.stddev) put(`${family.name}.cpu_time_stddev`, family.stddev.cpuTime, family.stddev, family.stddev.timeUnit, "lower");
      for (const [counter, value] of Object.entries(row.counters)) put(`${family.name}.${counter}`, value, row, undefined, counterDirection(counter));
    } catch (error) {
      ctx.problems.push(...problemsOf(error));
    }
  }
  if (Object.keys(units).length > 0) result.units = units;
  if (Object.keys(directions).length > 0) result.directions = directions;
}

/** Repetitions without aggregates (or several rows of one name) are samples: their mean. */
function averageRow(ctx: Context, rows: Row[]): Row | undefined {
  const [first] = rows;
  if (first === undefined) return undefined;
  const other = rows.find((row) => row.timeUnit !== first.timeUnit);
  if (other !== undefined) {
    ctx.problems.push({ file: ctx.file, path: jsonPath("benchmarks", other.index, "time_unit"), message: `expected ${JSON.stringify(first.timeUnit)} like $.benchmarks[${first.index}] of the same benchmark, got ${describe(other.timeUnit)}` });
    return undefined;
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const counterNames = [...new Set(rows.flatMap((row) => Object.keys(row.counters)))];
  const counters = Object.fromEntries(counterNames.map((name) =>
    [name, mean(rows.flatMap((row) => (row.counters[name] !== undefined ? [row.counters[name]] : [])))]));
  return { ...first, realTime: mean(rows.map((row) => row.realTime)), cpuTime: mean(rows.map((row) => row.cpuTime)), counters };
}

/** Rates (bytes_per_second, items_per_second, any "..._per_second") are better higher. */
function counterDirection(counter: string): "higher" | "lower" | undefined {
  if (/per_?second$|_per_sec$|\/s$/i.test(counter)) return "higher";
  if (LOWER_COUNTERS.has(counter)) return "lower";
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
  if (value === undefined) return "nothing";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "..." : value)}`;
  if (Array.isArray(value)) return value.length === 0 ? "an empty array" : "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
