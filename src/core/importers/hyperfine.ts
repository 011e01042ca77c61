import { invalidResults, parseJsonDocument, type InputProblem } from "../parse-results.js";
import type { CanonicalResult, ImportedRun, ImportOptions, Importer } from "./importer.js";
import { jsonPath, setMetric } from "./metric-path.js";

/**
 * `hyperfine --export-json out.json`: `{"results": [{command, mean, stddev, median, user,
 * system, min, max, times, memory_usage_byte?, exit_codes, parameters?}]}`, times in seconds
 * (sharkdp/hyperfine src/benchmark/benchmark_result.rs). One file is one run; each command
 * gives the metrics `<command>.mean`, `.stddev`, `.median`, `.min`, `.max`, `.user`,
 * `.system` (s) and `.memory_usage_byte` (B). docs/import/hyperfine.md has the mapping.
 */
export const hyperfineImporter: Importer = {
  format: "hyperfine",
  title: "hyperfine --export-json results.json '<command>' ...",
  detect: isHyperfine,
  parse: parseHyperfine,
};

const DETECT_CHARS = 4096;
const MAX_PARSED_CHARS = 20_000_000;
// hyperfine's serde output starts every file the same way: results, then the first command.
const HYPERFINE_START = /^\s*\{\s*"results"\s*:\s*\[\s*\{\s*"command"\s*:/;
const TIME_STATS = ["mean", "stddev", "median", "min", "max", "user", "system"] as const;
const DEFAULT_DATASET = "hyperfine";

function isHyperfine(text: string, _fileName: string): boolean {
  const head = text.slice(0, DETECT_CHARS);
  if (HYPERFINE_START.test(head)) return true;
  // Keys in another order (a file rewritten by jq): look at the parsed document.
  if (!/^\s*\{/.test(head) || !head.includes('"command"') || text.length > MAX_PARSED_CHARS) return false;
  try {
    const document: unknown = JSON.parse(text);
    const first = isObject(document) && Array.isArray(document.results) ? document.results[0] : undefined;
    return isObject(first) && typeof first.command === "string" && ("mean" in first || "times" in first);
  } catch {
    return false;
  }
}

function parseHyperfine(file: string, text: string, options: ImportOptions): ImportedRun[] {
  const results = resultsOf(file, parseJsonDocument(file, text));
  const result: CanonicalResult = { metrics: {}, units: {}, directions: {} };
  const problems: InputProblem[] = [];
  const commandAt = new Map<string, number>();
  let hasFailedRun = false;
  results.forEach((entry, index) => {
    if (!isObject(entry)) {
      problems.push({ file, path: jsonPath("results", index), message: "expected an object with the command and its times" });
      return;
    }
    const name = commandName(file, entry, index, commandAt, problems);
    const stats = readStats(file, entry, index, problems);
    if (name === undefined || stats === undefined) return;
    addStats(result, file, name, stats, jsonPath("results", index));
    hasFailedRun ||= hasNonZeroExit(entry.exit_codes);
  });
  if (problems.length > 0) throw invalidResults(problems);
  if (hasFailedRun) result.tags = ["nonzero-exit"];
  result.dataset_version = DEFAULT_DATASET;
  applyOptions(result, options);
  return [{ position: "$", result }];
}

function resultsOf(file: string, document: unknown): unknown[] {
  if (!isObject(document)) {
    throw invalidResults([{ file, path: "$", message: 'expected hyperfine\'s {"results": [...]} object' }]);
  }
  if (!Array.isArray(document.results)) {
    throw invalidResults([{ file, path: "$.results", message: `${document.results === undefined ? "missing" : "not an array"}; expected an array of benchmarked commands` }]);
  }
  if (document.results.length === 0) {
    throw invalidResults([{ file, path: "$.results", message: "holds no runs; expected at least one benchmarked command (hyperfine --export-json)" }]);
  }
  return document.results;
}

/**
 * The command as a metric path prefix. A dot nests (`sleep 0.5` -> "sleep 0" > "5"), so the
 * path reads as the command; a dot that would leave an empty level (`./app`, `cd ..`, `ls .`)
 * becomes `_`.
 */
function commandName(file: string, entry: Record<string, unknown>, index: number, seen: Map<string, number>, problems: InputProblem[]): string | undefined {
  const path = jsonPath("results", index, "command");
  if (typeof entry.command !== "string" || entry.command.trim() === "") {
    problems.push({ file, path, message: `${entry.command === undefined ? "missing" : "not a non-empty string"}; expected the benchmarked command` });
    return undefined;
  }
  const name = entry.command.trim().replace(/\.+/g, (dots, at: number, whole: string) => {
    const isEdge = at === 0 || at + dots.length === whole.length;
    return dots.length > 1 || isEdge ? "_".repeat(dots.length) : dots;
  });
  const earlier = seen.get(name);
  if (earlier !== undefined) {
    problems.push({ file, path, message: `the command ${JSON.stringify(entry.command)} names the same metrics as $.results[${earlier}]; give each command its own name (hyperfine --command-name)` });
    return undefined;
  }
  seen.set(name, index);
  return name;
}

type Stats = { name: string; value: number; unit: string }[];

function readStats(file: string, entry: Record<string, unknown>, index: number, problems: InputProblem[]): Stats | undefined {
  const stats: Stats = [];
  const before = problems.length;
  if (entry.mean === undefined) {
    const isNeverRun = Array.isArray(entry.times) && entry.times.length === 0;
    problems.push(isNeverRun
      ? { file, path: jsonPath("results", index, "times"), message: "holds no runs: the command was never measured (no times, no mean); expected at least one timed run" }
      : { file, path: jsonPath("results", index, "mean"), message: "missing; expected the mean time in seconds" });
  }
  for (const stat of TIME_STATS) {
    const value = entry[stat];
    // null is hyperfine's "not available" (the stddev of a single run).
    if (value === undefined || value === null) continue;
    if (typeof value === "number" && Number.isFinite(value)) stats.push({ name: stat, value, unit: "s" });
    else problems.push({ file, path: jsonPath("results", index, stat), message: `expected a time in seconds as a finite number, got ${describe(value)}` });
  }
  const memory = meanMemory(file, entry.memory_usage_byte, index, problems);
  if (memory !== undefined) stats.push({ name: "memory_usage_byte", value: memory, unit: "B" });
  return problems.length === before ? stats : undefined;
}

/** The mean over runs of each run's peak memory, in bytes. */
function meanMemory(file: string, value: unknown, index: number, problems: InputProblem[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  const path = jsonPath("results", index, "memory_usage_byte");
  if (!Array.isArray(value) || value.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    problems.push({ file, path, message: `expected an array of byte counts, one per run, got ${describe(value)}` });
    return undefined;
  }
  return value.length === 0 ? undefined : (value as number[]).reduce((sum, v) => sum + v, 0) / value.length;
}

function addStats(result: CanonicalResult, file: string, command: string, stats: Stats, position: string): void {
  for (const { name, value, unit } of stats) {
    const path = `${command}.${name}`;
    setMetric(result.metrics, path, value, file, position);
    result.units![path] = unit;
    result.directions![path] = "lower";
  }
}

/** A run that exited non-zero, or was killed by a signal (null), under --ignore-failure. */
function hasNonZeroExit(exitCodes: unknown): boolean {
  return Array.isArray(exitCodes) && exitCodes.some((code) => code !== 0);
}

function applyOptions(result: CanonicalResult, options: ImportOptions): void {
  if (options.model !== undefined) result.model_version = options.model;
  if (options.dataset !== undefined) result.dataset_version = options.dataset;
  if (options.prompt !== undefined) result.prompt_version = options.prompt;
  if (options.environment !== undefined) result.environment = options.environment;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "..." : value)}`;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return "an array";
  return value === null ? "null" : typeof value;
}
