import { parse as parseCsvText, CsvError } from "csv-parse/sync";
import { invalidResults, type InputProblem } from "../parse-results.js";
import type { CanonicalResult, ImportedRun, ImportOptions, Importer } from "./importer.js";
import { setMetric } from "./metric-path.js";

/**
 * A CSV file with a header row, one run per row (benchledger export --format csv, Apache
 * Otava's series, a spreadsheet). Known headers map to the canonical fields; the other
 * columns holding only numbers are the metrics. docs/import/csv.md has the whole mapping.
 */
export const csvImporter: Importer = {
  format: "csv",
  title: "CSV with a header row and one run per row (benchledger export --format csv, Otava)",
  detect: isCsv,
  parse: parseCsv,
};

type TextField = "model_version" | "dataset_version" | "prompt_version" | "environment" | "commit_sha"
  | "branch_name" | "run_key" | "model_provider";
type Field = TextField | "created_at" | "tags" | "duration_seconds";

const FIELD_ALIASES: Record<string, Field> = {
  model: "model_version", model_version: "model_version", dataset: "dataset_version",
  dataset_version: "dataset_version", prompt: "prompt_version", prompt_version: "prompt_version",
  env: "environment", environment: "environment", commit: "commit_sha", commit_sha: "commit_sha",
  sha: "commit_sha", revision: "commit_sha", branch: "branch_name", branch_name: "branch_name",
  time: "created_at", timestamp: "created_at", date: "created_at", created_at: "created_at",
  run_key: "run_key", tags: "tags", model_provider: "model_provider", duration: "duration_seconds",
  duration_seconds: "duration_seconds",
};
/** Columns of benchledger's CSV export that describe the stored row, not the run. */
const IGNORED_COLUMNS = new Set(["id", "recorded_at", "tracked", "pull_request", "run_url", "repository"]);
const DETECT_CHARS = 16_384;
const DETECT_ROWS = 50;
const GO_BENCH_LINE = /^Benchmark\S*\s+\d+\s+[-+]?[\d.]+(?:e[-+]?\d+)?\s+\S+/im;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
const NOT_AVAILABLE = /^(?:|nan|n\/a|na|null|none)$/i;
const DELIMITERS = [",", "\t", ";"] as const;
const MAX_NAME_LENGTH = 200;
const CSV_ERROR_REASONS: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: "a quoted value is never closed (truncated file?)",
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted value; quote the whole value and double its quotes, e.g. "the ""best"" one"',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote; quote the whole value and double its quotes, e.g. "the ""best"" one"',
};

type Role = { kind: "field"; field: Field } | { kind: "metric" } | { kind: "ignored" };
interface Row { line: number; cells: string[] }
interface Table { header: string[]; headerLine: number; rows: Row[] }

function isCsv(text: string, fileName: string): boolean {
  const head = text.slice(0, DETECT_CHARS).replace(/^\uFEFF/, "");
  const first = head.trimStart()[0];
  if (first === undefined || first === "{" || first === "[" || GO_BENCH_LINE.test(head)) return false;
  const lines = head.replace(/\r\n?/g, "\n").split("\n");
  if (text.length > head.length) lines.pop(); // cut mid-line
  const layout = locateHeader(lines);
  if (layout === undefined) return false;
  const header = splitLine(layout.headerText, layout.delimiter);
  if (header.length < 2 || header.some((h) => h.trim() === "" || NUMBER.test(h.trim()))) return false;
  const rows = lines.slice(layout.index + 1).filter((l) => l.trim() !== "" && !l.startsWith("#")).slice(0, DETECT_ROWS)
    .map((l) => splitLine(l, layout.delimiter));
  const hasCsvName = /\.(csv|tsv)$/i.test(fileName);
  if (rows.length === 0) return hasCsvName;
  const even = rows.filter((cells) => cells.length === header.length);
  if (even.length === 0 || even.length * 2 < rows.length) return false;
  return hasCsvName || even.some((cells) => cells.some((c) => NUMBER.test(c.trim())));
}

function parseCsv(file: string, text: string, options: ImportOptions): ImportedRun[] {
  const table = readTable(file, text);
  const roles = assignRoles(file, table, options.metricColumns);
  const problems: InputProblem[] = [];
  const runs = table.rows.map((row) => ({ position: `line ${row.line}`, result: readRow(file, table, roles, row, problems) }));
  if (problems.length > 0) throw invalidResults(problems);
  for (const { result } of runs) applyOptions(result, options);
  return runs;
}

/** Where the header is, and the delimiter it uses. */
function locateHeader(lines: string[]): { index: number; headerText: string; delimiter: string } | undefined {
  const index = lines.findIndex((l) => l.trim() !== "" && !l.startsWith("#"));
  if (index === -1) return undefined;
  const line = lines[index]!;
  const delimiter = detectDelimiter(line);
  // HdrHistogram's histostat files comment out their header ("#Tag,Interval_Start,..."): a
  // commented line just above a data line, with as many fields, is the header.
  const above = lines[index - 1];
  const cells = splitLine(line, delimiter);
  if (above?.startsWith("#") && cells.some((c) => NUMBER.test(c.trim()))
    && splitLine(above.slice(1), delimiter).length === cells.length) {
    return { index: index - 1, headerText: above.slice(1), delimiter };
  }
  return { index, headerText: line, delimiter };
}

/** The most frequent of `,`, tab and `;` outside quotes in the header line (comma on a tie). */
function detectDelimiter(line: string): string {
  const counts = DELIMITERS.map((d) => splitLine(line, d).length);
  const best = Math.max(...counts);
  return DELIMITERS[counts.indexOf(best)]!;
}

/** A line's fields, quotes respected (RFC 4180); for detection, before the real parse. */
function splitLine(line: string, delimiter: string): string[] {
  const cells = [""];
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) cells.push("");
    else cells[cells.length - 1] += char;
  }
  return cells;
}

function readTable(file: string, rawText: string): Table {
  const lines = rawText.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
  const layout = locateHeader(lines);
  if (layout === undefined) throw noRuns(file, 1);
  lines[layout.index] = layout.headerText; // uncomment a histostat header
  const records = parseRecords(file, lines.join("\n"), layout.delimiter);
  const [headerRecord, ...rest] = records;
  if (headerRecord === undefined) throw noRuns(file, layout.index + 1);
  const header = headerRecord.cells.map((h) => h.trim());
  checkHeader(file, header, headerRecord.line);
  if (rest.length === 0) throw noRuns(file, headerRecord.line);
  const ragged = rest.filter((r) => r.cells.length !== header.length);
  if (ragged.length > 0) {
    throw invalidResults(ragged.map((r) => ({ file, path: `line ${r.line}`, message:
      `expected ${header.length} fields like the header (line ${headerRecord.line}), found ${r.cells.length} (a truncated row, or a delimiter inside an unquoted value?)` })));
  }
  return { header, headerLine: headerRecord.line, rows: rest };
}

function parseRecords(file: string, text: string, delimiter: string): Row[] {
  try {
    const records = parseCsvText(text, {
      delimiter, comment: "#", comment_no_infix: true, skip_empty_lines: true,
      skip_records_with_empty_values: true, relax_column_count: true, info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    // info.lines is the line a record ends on; a quoted value may span lines.
    return records.map(({ record, info }) => ({ cells: record, line: info.lines - record.join("").split("\n").length + 1 }));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = error.code === "CSV_QUOTE_NOT_CLOSED" ? unclosedQuoteLine(text) : Number(error.lines ?? 1);
    const reason = CSV_ERROR_REASONS[error.code] ?? error.message.replace(/^[^:]*: /, "").replace(/ (at|on) line \d+/, "");
    throw invalidResults([{ file, path: `line ${line}`, message: `not valid CSV: ${reason}` }]);
  }
}

/** The line of the opening quote that is never closed. */
function unclosedQuoteLine(text: string): number {
  let line = 1;
  let openedAt = 1;
  let quoted = false;
  for (const char of text) {
    if (char === "\n") line += 1;
    else if (char === '"') {
      quoted = !quoted;
      if (quoted) openedAt = line;
    }
  }
  return openedAt;
}

function checkHeader(file: string, header: string[], line: number): void {
  const problems: InputProblem[] = [];
  header.forEach((name, i) => {
    if (name === "") problems.push({ file, path: `line ${line}, column ${i + 1}`, message: "expected a column name, found an empty header cell" });
    else if (header.indexOf(name) !== i) problems.push({ file, path: `line ${line}, column ${i + 1}`, message: `the column ${JSON.stringify(name)} appears twice in the header` });
  });
  if (problems.length > 0) throw invalidResults(problems);
}

function noRuns(file: string, line: number): Error {
  return invalidResults([{ file, path: `line ${line}`, message: "holds no runs; expected a header row, then one row per run (e.g. \"time,commit,f1\" then \"2024-01-01T00:00:00Z,4f1c2ab,0.91\")" }]);
}

/** What each column gives: a canonical field, a metric, or nothing. */
function assignRoles(file: string, table: Table, metricColumns: string[] | undefined): Role[] {
  const metricIndexes = metricColumns === undefined ? undefined : namedColumns(file, table, metricColumns);
  const problems: InputProblem[] = [];
  const fieldColumn = new Map<Field, string>();
  const roles = table.header.map((name, i): Role => {
    const field = FIELD_ALIASES[name.toLowerCase()];
    if (metricIndexes?.has(i)) return { kind: "metric" };
    if (field !== undefined) {
      const other = fieldColumn.get(field);
      if (other !== undefined) problems.push({ file, path: `line ${table.headerLine}`, message: `the columns ${JSON.stringify(other)} and ${JSON.stringify(name)} both give ${field}; keep one` });
      fieldColumn.set(field, name);
      return { kind: "field", field };
    }
    if (metricIndexes !== undefined || IGNORED_COLUMNS.has(name.toLowerCase())) return { kind: "ignored" };
    return isNumberColumn(table.rows, i) ? { kind: "metric" } : { kind: "ignored" };
  });
  if (problems.length > 0) throw invalidResults(problems);
  return roles;
}

/** The columns --metrics names: exactly, or else ignoring case. */
function namedColumns(file: string, table: Table, names: string[]): Set<number> {
  const indexes = new Set<number>();
  const problems: InputProblem[] = [];
  for (const name of names) {
    let index = table.header.indexOf(name.trim());
    if (index === -1) index = table.header.findIndex((h) => h.toLowerCase() === name.trim().toLowerCase());
    if (index === -1) problems.push({ file, path: `line ${table.headerLine}`, message: `no column ${JSON.stringify(name)} for --metrics; the header has ${table.header.map((h) => JSON.stringify(h)).join(", ")}` });
    else indexes.add(index);
  }
  if (problems.length > 0) throw invalidResults(problems);
  return indexes;
}

function isNumberColumn(rows: Row[], index: number): boolean {
  const cells = rows.map((r) => r.cells[index]!.trim());
  return cells.some((c) => NUMBER.test(c)) && cells.every((c) => NUMBER.test(c) || NOT_AVAILABLE.test(c));
}

function readRow(file: string, table: Table, roles: Role[], row: Row, problems: InputProblem[]): CanonicalResult {
  const result: CanonicalResult = { metrics: {} };
  const before = problems.length;
  roles.forEach((role, i) => {
    const cell = row.cells[i]!.trim();
    const position = `line ${row.line}, column ${JSON.stringify(table.header[i])}`;
    if (role.kind === "metric") readMetric(file, result, table.header[i]!, cell, position, problems);
    else if (role.kind === "field" && cell !== "") readField(file, result, role.field, cell, position, problems);
  });
  if (problems.length === before && Object.keys(result.metrics).length === 0) {
    const names = table.header.filter((_, i) => roles[i]!.kind === "metric");
    problems.push({ file, path: `line ${row.line}`, message: names.length === 0
      ? "has no metric; expected a column of numbers (or name the metric columns with --metrics)"
      : `has no metric value; expected a number in at least one of ${names.map((n) => JSON.stringify(n)).join(", ")}` });
  }
  return result;
}

function readMetric(file: string, result: CanonicalResult, name: string, cell: string, position: string, problems: InputProblem[]): void {
  if (NOT_AVAILABLE.test(cell)) return; // the run lacks this metric
  const value = Number(cell);
  if (!NUMBER.test(cell) || !Number.isFinite(value)) {
    problems.push({ file, path: position, message: `expected a finite number, found ${JSON.stringify(cell)}` });
    return;
  }
  setMetric(result.metrics, name, value, file, position);
}

function readField(file: string, result: CanonicalResult, field: Field, cell: string, position: string, problems: InputProblem[]): void {
  const fail = (message: string) => problems.push({ file, path: position, message });
  if (field === "created_at") {
    const time = parseTime(cell);
    if (time === undefined) fail(`expected a time (ISO 8601, unix seconds or milliseconds, or "2024.01.01 3:00:00 +0100"), found ${JSON.stringify(cell)}`);
    else result.created_at = time;
  } else if (field === "duration_seconds") {
    const value = Number(cell);
    if (!NUMBER.test(cell) || !Number.isFinite(value) || value < 0) fail(`expected a duration of 0 seconds or more, found ${JSON.stringify(cell)}`);
    else result.duration_seconds = value;
  } else if (field === "tags") {
    const tags = cell.split(";").map((t) => t.trim()).filter((t) => t !== "");
    if (tags.some((t) => t.length > MAX_NAME_LENGTH)) fail(`expected tags of at most ${MAX_NAME_LENGTH} characters`);
    else if (tags.length > 0) result.tags = tags;
  } else if (cell.length > MAX_NAME_LENGTH) {
    fail(`expected at most ${MAX_NAME_LENGTH} characters, found ${cell.length}`);
  } else {
    result[field] = cell;
  }
}

const CALENDAR_TIME = /^(\d{4})([-.])(\d{1,2})\2(\d{1,2})(?:[T ]\s*(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A run time as ISO 8601 UTC: ISO 8601, Otava's "2024.01.01 3:00:00 +0100", or unix seconds
 * (milliseconds from 1e11 up). A time without a zone is UTC.
 */
function parseTime(value: string): string | undefined {
  if (NUMBER.test(value)) {
    const number = Number(value);
    const date = new Date(Math.abs(number) >= 1e11 ? number : number * 1000);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  const m = CALENDAR_TIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[3], m[4], m[5], m[6], m[7]].map((p) => Number(p ?? 0)) as number[];
  const ms = Math.round(Number(m[8] ?? 0) * 1000);
  const utc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, ms);
  const date = new Date(utc);
  const isReal = date.getUTCFullYear() === year && date.getUTCMonth() === month! - 1 && date.getUTCDate() === day
    && date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
  return isReal ? new Date(utc - zoneOffsetMinutes(m[9]) * 60_000).toISOString() : undefined;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined || /^(z|utc)$/i.test(zone)) return 0;
  const [, sign, hours, minutes] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) ?? [];
  return (sign === "-" ? -1 : 1) * (Number(hours) * 60 + Number(minutes ?? 0));
}

function applyOptions(result: CanonicalResult, options: ImportOptions): void {
  if (options.model !== undefined) result.model_version = options.model;
  if (options.dataset !== undefined) result.dataset_version = options.dataset;
  if (options.prompt !== undefined) result.prompt_version = options.prompt;
  if (options.environment !== undefined) result.environment = options.environment;
}
