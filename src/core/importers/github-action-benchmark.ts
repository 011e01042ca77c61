import { invalidResults, parseJsonDocument, type InputProblem } from "../parse-results.js";
import type { CanonicalResult, ImportedRun, ImportOptions, Importer } from "./importer.js";
import { jsonPath, setMetric } from "./metric-path.js";

/**
 * github-action-benchmark's history, as its gh-pages branch keeps it: `dev/bench/data.js`
 * (`window.BENCHMARK_DATA = {...}`) or the same object as `data.json`. Every entry of every
 * suite becomes one run at its own commit and time, so a whole history arrives in one
 * command; runs come back in the order of their `date`. docs/import/github-action-benchmark.md
 * gives the mapping field by field.
 */
export const githubActionBenchmarkImporter: Importer = {
  format: "github-action-benchmark",
  title: "github-action-benchmark history: gh-pages dev/bench/data.js or data.json",
  detect: isBenchmarkHistory,
  parse: parseHistory,
};

// A 2 MB history is recognised from its ends: the keys sit at the start, or (data.json with
// "entries" first) the small keys sit at the end.
const DETECT_WINDOW = 4096;

function isBenchmarkHistory(text: string): boolean {
  const head = text.slice(0, DETECT_WINDOW);
  if (/^\s*window\.BENCHMARK_DATA\s*=\s*\{/.test(head)) return true;
  if (!/^\s*\{/.test(head)) return false;
  const ends = head + text.slice(-DETECT_WINDOW);
  return /"entries"\s*:\s*\{/.test(ends) && /"(?:repoUrl|lastUpdate)"\s*:/.test(ends);
}

interface Context {
  file: string;
  options: ImportOptions;
  problems: InputProblem[];
  repository: string | undefined;
}

interface DatedRun {
  run: ImportedRun;
  date: number;
}

function parseHistory(file: string, text: string, options: ImportOptions): ImportedRun[] {
  const history = readHistory(file, text);
  const ctx: Context = { file, options, problems: [], repository: repositoryOf(file, history) };
  const runs: DatedRun[] = [];
  for (const [suite, entries] of suitesOf(file, history)) {
    if (!Array.isArray(entries)) {
      ctx.problems.push({ file, path: jsonPath("entries", suite), message: `expected the suite's array of entries, got ${describe(entries)}` });
      continue;
    }
    entries.forEach((entry, i) => {
      const run = entryRun(ctx, suite, i, entry);
      if (run) runs.push(run);
    });
  }
  if (ctx.problems.length > 0) throw invalidResults(ctx.problems);
  if (runs.length === 0) {
    throw invalidResults([{ file, path: "$.entries", message: "the history holds no runs; expected at least one suite with entries, e.g. {\"Benchmark\": [{\"commit\": {...}, \"date\": 1605571384450, \"tool\": \"cargo\", \"benches\": [...]}]}" }]);
  }
  // Array.prototype.sort is stable: runs of the same date keep their suite and file order.
  return runs.sort((a, b) => a.date - b.date).map(({ run }) => run);
}

/**
 * The history object. data.js is JavaScript: the text before the first `{` and a trailing
 * `;` are blanked (not cut) so that syntax errors keep their line and column.
 */
function readHistory(file: string, text: string): Record<string, unknown> {
  const start = text.indexOf("{");
  if (start < 0) {
    const what = text.trim() === "" ? "the file is empty" : "no object found";
    throw invalidResults([{ file, path: "line 1", message: `${what}; expected window.BENCHMARK_DATA = {"lastUpdate", "repoUrl", "entries"} as github-action-benchmark writes data.js` }]);
  }
  // Only an assignment (`window.BENCHMARK_DATA =`) is blanked: other text stays, for JSON to reject.
  const isAssignment = /^\s*[\w$.]+\s*=\s*$/.test(text.slice(0, start));
  const blanked = isAssignment
    ? text.slice(0, start).replace(/[^\r\n]/g, " ") + text.slice(start).replace(/;(\s*)$/, " $1")
    : text;
  const document = parseJsonDocument(file, blanked);
  if (!isRecord(document)) {
    throw invalidResults([{ file, path: "$", message: `expected the history object {"lastUpdate", "repoUrl", "entries"}, got ${describe(document)}` }]);
  }
  return document;
}

function suitesOf(file: string, history: Record<string, unknown>): [string, unknown][] {
  const entries = history.entries;
  if (!isRecord(entries)) {
    throw invalidResults([{ file, path: "$.entries", message: `${entries === undefined ? "missing" : `got ${describe(entries)}`}; expected an object of suites, e.g. {"Benchmark": [...]}` }]);
  }
  return Object.entries(entries);
}

/** "https://github.com/hyperium/hyper" -> "hyperium/hyper"; another URL's path; else as written. */
function repositoryOf(file: string, history: Record<string, unknown>): string | undefined {
  const url = history.repoUrl;
  if (url === undefined || url === null) return undefined;
  if (typeof url !== "string") {
    throw invalidResults([{ file, path: "$.repoUrl", message: `expected the repository's URL as a string, got ${describe(url)}` }]);
  }
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/]+\/(.+?)(?:\.git)?\/*$/i.exec(url.trim());
  const name = path ? path[1]! : url.trim();
  return name === "" ? undefined : name;
}

function entryRun(ctx: Context, suite: string, index: number, entry: unknown): DatedRun | null {
  const at = (...steps: PropertyKey[]) => jsonPath("entries", suite, index, ...steps);
  const problemsBefore = ctx.problems.length;
  if (!isRecord(entry)) {
    ctx.problems.push({ file: ctx.file, path: at(), message: `expected an entry {commit, date, tool, benches}, got ${describe(entry)}` });
    return null;
  }
  const commit = isRecord(entry.commit) ? entry.commit : {};
  if (!isRecord(entry.commit)) {
    ctx.problems.push({ file: ctx.file, path: at("commit"), message: `${entry.commit === undefined ? "missing" : `got ${describe(entry.commit)}`}; expected the commit {id, url, ...}` });
  }
  const commitId = isRecord(entry.commit) ? requireString(ctx, commit.id, at("commit", "id"), "the commit's SHA") : undefined;
  const date = requireDate(ctx, entry.date, at("date"));
  const tool = optionalString(ctx, entry.tool, at("tool"), "the tool's name, e.g. \"cargo\"");
  const benches = readBenches(ctx, entry.benches, at("benches"));
  if (ctx.problems.length > problemsBefore || commitId === undefined || date === undefined) return null;
  const result: CanonicalResult = {
    ...configOf(ctx, suite),
    commit_sha: commitId,
    metrics: {},
    tags: tagsOf(tool, commit.url),
    created_at: new Date(date).toISOString(),
    ...pullRequestOf(commit.url),
  };
  fillMetrics(ctx, result, benches, tool);
  return { run: { position: at(), result }, date };
}

function configOf(ctx: Context, suite: string): Pick<CanonicalResult, "model_version" | "dataset_version" | "prompt_version" | "environment"> {
  const { model, dataset, prompt, environment } = ctx.options;
  const modelVersion = model ?? ctx.repository;
  return {
    ...(modelVersion !== undefined ? { model_version: modelVersion } : {}),
    dataset_version: dataset ?? suite,
    ...(prompt !== undefined ? { prompt_version: prompt } : {}),
    ...(environment !== undefined ? { environment } : {}),
  };
}

/** A run of a pull request's branch (safetensors stores them beside main's): kept, but it moves no snapshot. */
function pullRequestOf(commitUrl: unknown): { pull_request?: number } {
  const pull = typeof commitUrl === "string" ? /\/pull\/(\d+)\/commits\//.exec(commitUrl) : null;
  const number = pull ? Number(pull[1]) : NaN;
  return Number.isSafeInteger(number) && number > 0 ? { pull_request: number } : {};
}

function tagsOf(tool: string | undefined, commitUrl: unknown): string[] {
  const tags = ["github-action-benchmark"];
  if (tool !== undefined && tool.trim() !== "") tags.push(`tool=${tool.trim()}`);
  // Runs of a pull request's branch (safetensors stores them beside main's).
  const pull = typeof commitUrl === "string" ? /\/pull\/(\d+)\/commits\//.exec(commitUrl) : null;
  if (pull) tags.push(`pull-request:${pull[1]}`);
  return tags;
}

interface Bench {
  name: string;
  value: number;
  unit: string | undefined;
  path: string;
}

function readBenches(ctx: Context, benches: unknown, path: string): Bench[] {
  if (!Array.isArray(benches) || benches.length === 0) {
    ctx.problems.push({ file: ctx.file, path, message: `expected a non-empty array of benches {name, value, unit}, got ${describe(benches)}` });
    return [];
  }
  const rows = benches.flatMap((bench, j) => {
    const row = readBench(ctx, bench, `${path}[${j}]`);
    return row ? [row] : [];
  });
  return mergeSamples(ctx, splitGoRows(ctx, rows));
}

function readBench(ctx: Context, bench: unknown, path: string): Bench | null {
  if (!isRecord(bench)) {
    ctx.problems.push({ file: ctx.file, path, message: `expected a bench {name, value, unit}, got ${describe(bench)}` });
    return null;
  }
  const name = requireString(ctx, bench.name, `${path}.name`, "the bench's name");
  const unit = optionalString(ctx, bench.unit, `${path}.unit`, "the unit, e.g. \"ns/iter\"");
  const { value } = bench;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    ctx.problems.push({ file: ctx.file, path: `${path}.value`, message: `expected the bench's value as a finite number, got ${describe(value)}` });
    return null;
  }
  return name === undefined ? null : { name, value, unit, path: `${path}.value` };
}

/**
 * The go tool writes a combined row (unit "ns/op\t 15343 B/op\t 221 allocs/op") and, in
 * newer versions, the split rows "<name> - ns/op", "<name> - B/op", ... beside it. The
 * combined row is dropped when its split rows exist and split here otherwise.
 */
function splitGoRows(ctx: Context, rows: Bench[]): Bench[] {
  const names = new Set(rows.map((row) => row.name));
  return rows.flatMap((row) => {
    const parts = combinedUnitParts(row.unit);
    if (parts === null) return [row];
    if (parts === "malformed") {
      ctx.problems.push({ file: ctx.file, path: row.path.replace(/\.value$/, ".unit"), message: `expected a unit, or Go's combined units like "ns/op\\t15343 B/op\\t221 allocs/op", got ${JSON.stringify(row.unit)}` });
      return [];
    }
    const [first, ...rest] = parts;
    if (names.has(`${row.name} - ${first!.unit}`)) return [];
    return [{ unit: first!.unit, value: row.value }, ...rest]
      .map((part) => ({ name: `${row.name} - ${part.unit}`, value: part.value!, unit: part.unit, path: row.path }))
      .filter((split) => !names.has(split.name));
  });
}

function combinedUnitParts(unit: string | undefined): { unit: string; value?: number }[] | "malformed" | null {
  if (unit === undefined) return null;
  const tokens = unit.trim().split(/\s+/);
  const isCombined = tokens.length >= 3 && (unit.includes("\t") || tokens.filter((t) => t.endsWith("/op")).length >= 2);
  if (!isCombined) return null;
  if (tokens.length % 2 === 0) return "malformed";
  const parts: { unit: string; value?: number }[] = [{ unit: tokens[0]! }];
  for (let k = 1; k < tokens.length; k += 2) {
    const value = Number(tokens[k]);
    if (!Number.isFinite(value) || tokens[k]!.trim() === "") return "malformed";
    parts.push({ unit: tokens[k + 1]!, value });
  }
  return parts;
}

/**
 * A name written twice in one entry (`go test -count=N` through the go tool) holds samples
 * of one bench: the metric is their mean. Two rows of one name with different units are
 * a problem: they cannot be the same bench.
 */
function mergeSamples(ctx: Context, rows: Bench[]): Bench[] {
  const byName = new Map<string, { bench: Bench; values: number[] }>();
  for (const row of rows) {
    const seen = byName.get(row.name);
    if (seen === undefined) byName.set(row.name, { bench: row, values: [row.value] });
    else if (seen.bench.unit !== row.unit) {
      ctx.problems.push({ file: ctx.file, path: row.path.replace(/\.value$/, ".unit"), message: `the bench ${JSON.stringify(row.name)} appears again with the unit ${JSON.stringify(row.unit)}; its first row has ${JSON.stringify(seen.bench.unit)}` });
    } else seen.values.push(row.value);
  }
  return [...byName.values()].map(({ bench, values }) => ({ ...bench, value: values.reduce((a, b) => a + b, 0) / values.length }));
}

function fillMetrics(ctx: Context, result: CanonicalResult, benches: Bench[], tool: string | undefined): void {
  const units: Record<string, string> = {};
  const directions: Record<string, "higher" | "lower"> = {};
  for (const bench of benches) {
    try {
      setMetric(result.metrics, bench.name, bench.value, ctx.file, bench.path.replace(/\.value$/, ".name"));
    } catch (error) {
      ctx.problems.push(...problemsOf(error));
      continue;
    }
    if (isUnitLabel(bench.unit)) units[bench.name] = bench.unit;
    const direction = directionOf(tool, bench.unit);
    if (direction !== undefined) directions[bench.name] = direction;
  }
  if (Object.keys(units).length > 0) result.units = units;
  if (Object.keys(directions).length > 0) result.directions = directions;
}

// The canonical result keeps units as short labels; a longer "unit" is free text, left out.
const MAX_UNIT_LENGTH = 64;

function isUnitLabel(unit: string | undefined): unit is string {
  return unit !== undefined && unit.trim() !== "" && unit.trim().length <= MAX_UNIT_LENGTH;
}

const TIME_UNIT = /^(?:(?:median|mean|avg|average|min|max|p\d+(?:\.\d+)?)\s+)?(?:ns|us|µs|μs|ms|s|sec|secs|seconds?|minutes?|min|h|hours?)$/i;
const PER_OPERATION = /\/\s*(?:op|ops|iter|iteration|call)$/i;
const PER_SECOND = /\/\s*(?:s|sec|second)$/i;

/**
 * Which way is better: the custom tools say it by their name, for all their benches (even
 * a "ms/ggas" bench in a customBiggerIsBetter suite, as the action itself compares them);
 * other tools by the unit: time and cost per operation lower, rates higher, else unknown.
 */
export function directionOf(tool: string | undefined, unit: string | undefined): "higher" | "lower" | undefined {
  if (tool === "customBiggerIsBetter") return "higher";
  if (tool === "customSmallerIsBetter") return "lower";
  const trimmed = unit?.trim() ?? "";
  if (PER_SECOND.test(trimmed)) return "higher";
  if (TIME_UNIT.test(trimmed) || PER_OPERATION.test(trimmed)) return "lower";
  return undefined;
}

function requireString(ctx: Context, value: unknown, path: string, what: string): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return value;
  const found = value === undefined ? "missing" : `got ${describe(value)}`;
  ctx.problems.push({ file: ctx.file, path, message: `${found}; expected ${what} as a non-empty string` });
  return undefined;
}

function optionalString(ctx: Context, value: unknown, path: string, what: string): string | undefined {
  if (value === undefined || value === null || typeof value === "string") return value ?? undefined;
  ctx.problems.push({ file: ctx.file, path, message: `expected ${what} as a string, got ${describe(value)}` });
  return undefined;
}

function requireDate(ctx: Context, value: unknown, path: string): number | undefined {
  if (typeof value === "number" && Number.isFinite(new Date(value).getTime())) return value;
  const found = value === undefined ? "missing" : `got ${describe(value)}`;
  ctx.problems.push({ file: ctx.file, path, message: `${found}; expected the time the run was stored, in milliseconds since 1970, e.g. 1605571384450` });
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
