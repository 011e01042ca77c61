import { invalidResults, type InputProblem } from "../parse-results.js";
import type { CanonicalResult, ImportedRun, ImportOptions, Importer } from "./importer.js";
import { setMetric } from "./metric-path.js";

/**
 * `go test -bench` output, the Go benchmark format (golang.org/design/14313-benchmark-format):
 * result lines `Benchmark<Name>[-GOMAXPROCS] <iterations> <value> <unit> [<value> <unit>...]`,
 * and `key: value` configuration lines that apply to the results after them. One file is
 * one run; each (benchmark, unit) pair is one metric, the mean of its repeated lines
 * (`-count=N`). docs/import/go-bench.md has the whole mapping.
 */
export const goBenchImporter: Importer = {
  format: "go-bench",
  title: "go test -bench . [-count N] [-benchmem] > bench.txt",
  detect: isGoBench,
  parse: parseGoBench,
};

const DETECT_CHARS = 16_384;
const DETECT_LINE = /^Benchmark\S*\s+\d+\s+[-+]?[\d.]+(?:e[-+]?\d+)?\s+\S+/im;
// go test's own lines, for an output without results (-bench matched nothing).
const GO_TEST_HEADER = /^goos: \S+\r?\n(?:.*\r?\n)?goarch: \S+\r?$/m;
const GO_TEST_SUMMARY = /^(?:ok|FAIL)\s+\S+\s+(?:\d+(?:\.\d+)?s|\(cached\))\r?$/m;
// A configuration key starts with a lower-case letter and holds no space or upper-case letter.
const CONFIG_LINE = /^(\p{Ll}[^\s\p{Lu}]*):(?:\s+(.*))?$/u;
const GO_FLOAT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
const GO_NON_FINITE = /^[-+]?(?:nan|inf|infinity)$/i;
const PROCS_SUFFIX = /-(\d+)$/;
const MAX_NAME_LENGTH = 200;
const MAX_UNIT_LENGTH = 64;

function isGoBench(text: string, _fileName: string): boolean {
  const head = text.slice(0, DETECT_CHARS);
  const first = head.trimStart()[0];
  if (first === "{" || first === "[") return false;
  return DETECT_LINE.test(head) || (GO_TEST_HEADER.test(head) && GO_TEST_SUMMARY.test(head));
}

/** One benchmark result line: a sample of each of its units. */
interface Sample {
  line: number;
  name: string;
  procs: string | null;
  pkg: string | undefined;
  values: { unit: string; value: number }[];
}

interface ReadFile {
  samples: Sample[];
  /** Every value each configuration key took, in order of appearance. */
  config: Map<string, string[]>;
  problems: InputProblem[];
}

function parseGoBench(file: string, text: string, options: ImportOptions): ImportedRun[] {
  const { samples, config, problems } = readLines(file, text);
  if (problems.length > 0) throw invalidResults(problems);
  if (samples.length === 0) {
    throw invalidResults([{ file, path: "line 1", message:
      "holds no benchmark results; expected lines like \"BenchmarkFib10-8   5000000   325 ns/op\" (the output of go test -bench)" }]);
  }
  const result: CanonicalResult = { ...describeRun(config, samples), ...aggregate(file, samples) };
  if (Object.keys(result.metrics).length === 0) {
    throw invalidResults([{ file, path: `line ${samples[0]!.line}`, message: "holds no finite benchmark value; every value is NaN or Inf" }]);
  }
  applyOptions(result, options);
  return [{ position: `line ${samples[0]!.line}`, result }];
}

function readLines(file: string, text: string): ReadFile {
  const read: ReadFile = { samples: [], config: new Map(), problems: [] };
  const current = new Map<string, string>();
  text.split("\n").forEach((raw, index) => {
    const line = raw.replace(/\r$/, "");
    const config = CONFIG_LINE.exec(line);
    if (config) return setConfig(read.config, current, config[1]!, (config[2] ?? "").trim());
    if (!isResultLine(line)) return;
    const sample = readResultLine(file, line, index + 1, read.problems);
    if (sample) read.samples.push({ ...sample, pkg: current.get("pkg") });
  });
  return read;
}

function setConfig(all: Map<string, string[]>, current: Map<string, string>, key: string, value: string): void {
  // A key with no value unsets it for the lines that follow (benchfmt).
  if (value === "") {
    current.delete(key);
    return;
  }
  current.set(key, value);
  const values = all.get(key) ?? [];
  if (!values.includes(value)) values.push(value);
  all.set(key, values);
}

/** `Benchmark` then the end of the name or a character that is not lower case (benchfmt). */
function isResultLine(line: string): boolean {
  return line.startsWith("Benchmark") && !/^\p{Ll}/u.test(line.slice(9, 10));
}

function readResultLine(file: string, line: string, lineNumber: number, problems: InputProblem[]): Omit<Sample, "pkg"> | null {
  const fields = line.trim().split(/\s+/);
  // A lone name is printed before the result (-v); a name followed by something that is not an
  // iteration count is the benchmark's own output printed after its name. Neither is a result.
  if (fields.length < 2 || !/^\d+$/.test(fields[1]!)) return null;
  const path = `line ${lineNumber}`;
  const pairs = fields.slice(2);
  if (pairs.length === 0 || pairs.length % 2 !== 0) {
    problems.push({ file, path, message: `expected "<name> <iterations> <value> <unit> [<value> <unit>...]", found ${pairs.length} field(s) after the iteration count of ${fields[0]} (truncated line?)` });
    return null;
  }
  const values: Sample["values"] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const [rawValue, unit] = [pairs[i]!, pairs[i + 1]!];
    if (GO_NON_FINITE.test(rawValue)) continue; // NaN/Inf samples are left out of the mean
    if (!GO_FLOAT.test(rawValue)) {
      problems.push({ file, path, message: `expected a number before the unit "${unit}", found ${JSON.stringify(rawValue)}` });
      continue;
    }
    values.push({ unit, value: Number(rawValue) });
  }
  const [, procs] = PROCS_SUFFIX.exec(fields[0]!) ?? [];
  const name = procs === undefined ? fields[0]! : fields[0]!.slice(0, -procs.length - 1);
  return { line: lineNumber, name, procs: procs ?? null, values };
}

/** The metrics: the mean of each (benchmark, unit) over its lines, with units and directions. */
function aggregate(file: string, samples: Sample[]): Pick<CanonicalResult, "metrics" | "units" | "directions"> {
  const names = metricNamer(samples);
  const sums = new Map<string, { sum: number; count: number; unit: string; line: number }>();
  for (const sample of samples) {
    for (const { unit, value } of sample.values) {
      const metric = `${names(sample)} - ${unit}`;
      const entry = sums.get(metric) ?? { sum: 0, count: 0, unit, line: sample.line };
      entry.sum += value;
      entry.count += 1;
      sums.set(metric, entry);
    }
  }
  const metrics: Record<string, unknown> = {};
  const units: Record<string, string> = {};
  const directions: Record<string, "higher" | "lower"> = {};
  for (const [metric, { sum, count, unit, line }] of sums) {
    setMetric(metrics, metric, sum / count, file, `line ${line}`);
    if (unit.length <= MAX_UNIT_LENGTH) units[metric] = unit;
    const direction = directionOf(unit);
    if (direction) directions[metric] = direction;
  }
  return Object.keys(directions).length > 0 ? { metrics, units, directions } : { metrics, units };
}

/**
 * How a sample's benchmark is named: as Go prints it without the -GOMAXPROCS suffix, unless
 * the same benchmark ran with several GOMAXPROCS values (-cpu 1,4); prefixed with its package
 * when the file holds several packages.
 */
function metricNamer(samples: Sample[]): (sample: Sample) => string {
  const procsByName = new Map<string, Set<string | null>>();
  for (const { name, procs } of samples) procsByName.set(name, (procsByName.get(name) ?? new Set()).add(procs));
  const isMultiPackage = packagesOf(samples).length > 1;
  return (sample) => {
    const keepsProcs = (procsByName.get(sample.name)?.size ?? 0) > 1 && sample.procs !== null;
    const name = keepsProcs ? `${sample.name}-${sample.procs}` : sample.name;
    return isMultiPackage && sample.pkg !== undefined ? `${sample.pkg}/${name}` : name;
  };
}

function packagesOf(samples: Sample[]): string[] {
  return [...new Set(samples.flatMap((s) => (s.pkg === undefined ? [] : [s.pkg])))];
}

/** Time and space per operation (…/op) are better lower; throughput (MB/s, any …/s) higher. */
function directionOf(unit: string): "higher" | "lower" | undefined {
  if (unit.endsWith("/op")) return "lower";
  if (unit.endsWith("/s")) return "higher";
  return undefined;
}

function describeRun(config: Map<string, string[]>, samples: Sample[]): Omit<CanonicalResult, "metrics"> {
  const first = (key: string) => config.get(key)?.[0];
  const packages = packagesOf(samples);
  const platform = [first("goos"), first("goarch")].filter((v) => v !== undefined).join("-");
  const described: Omit<CanonicalResult, "metrics"> = { dataset_version: "go-bench" };
  if (packages.length === 1) described.model_version = packages[0];
  if (platform !== "") described.environment = platform;
  if (first("commit") !== undefined) described.commit_sha = first("commit");
  if (first("branch") !== undefined) described.branch_name = first("branch");
  const createdAt = parseZonedTime(first("date") ?? first("time") ?? first("timestamp"));
  if (createdAt !== undefined) described.created_at = createdAt;
  const tags = runTags(config, samples, packages);
  if (tags.length > 0) described.tags = tags;
  return described;
}

/** cpu=..., pkg=... (one package), gomaxprocs=N and count=N when every benchmark shares them. */
function runTags(config: Map<string, string[]>, samples: Sample[], packages: string[]): string[] {
  const tags = (config.get("cpu") ?? []).map((cpu) => `cpu=${cpu}`);
  if (packages.length === 1) tags.push(`pkg=${packages[0]}`);
  const procs = new Set(samples.map((s) => s.procs));
  const [onlyProcs] = procs;
  if (procs.size === 1 && onlyProcs !== null && onlyProcs !== undefined) tags.push(`gomaxprocs=${onlyProcs}`);
  const counts = new Map<string, number>();
  for (const s of samples) {
    const key = `${s.pkg}\n${s.name}\n${s.procs}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const distinctCounts = new Set(counts.values());
  const [onlyCount] = distinctCounts;
  if (distinctCounts.size === 1 && onlyCount !== undefined && onlyCount > 1) tags.push(`count=${onlyCount}`);
  return tags.filter((tag) => tag.length <= MAX_NAME_LENGTH);
}

/** An ISO 8601 time with a zone, as benchledger stores it; anything else is not a run time. */
function parseZonedTime(value: string | undefined): string | undefined {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return undefined;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function applyOptions(result: CanonicalResult, options: ImportOptions): void {
  if (options.model !== undefined) result.model_version = options.model;
  if (options.dataset !== undefined) result.dataset_version = options.dataset;
  if (options.prompt !== undefined) result.prompt_version = options.prompt;
  if (options.environment !== undefined) result.environment = options.environment;
}
