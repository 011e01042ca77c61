import JSON5 from "json5";
import type { z } from "zod";
import { InvalidInputError } from "./errors.js";
import { resultSchema } from "./result-schema.js";
import type { BenchmarkResult, Metrics } from "./types.js";

/** One problem in a results file: where, and what was expected. */
export interface InputProblem {
  file: string;
  path: string;
  message: string;
}

const MAX_PROBLEMS_SHOWN = 10;

/**
 * Parses the text of a results file: one result object, an array of them, or
 * `{"results": [...]}`. Throws InvalidInputError listing every problem found, each with
 * the file, the JSON path of the field and what was expected.
 */
export function parseResultsFile(file: string, text: string): BenchmarkResult[] {
  const problems: InputProblem[] = [];
  const document = parseJsonDocument(file, text);
  const entries = resultEntries(file, document);
  const results: BenchmarkResult[] = [];
  entries.forEach(({ value, path }) => {
    const checked = checkResult(file, path, value);
    if (checked.result) results.push(checked.result);
    else problems.push(...checked.problems);
  });
  if (problems.length > 0) throw invalidResults(problems);
  return results;
}

/** Validates one result object found at `path` of `file`: the result, or every problem with it. */
export function checkResult(file: string, path: string, value: unknown):
  { result: BenchmarkResult; problems: [] } | { result: null; problems: InputProblem[] } {
  const parsed = resultSchema.safeParse(value, { reportInput: true });
  if (parsed.success) return { result: toBenchmarkResult(parsed.data), problems: [] };
  return { result: null, problems: parsed.error.issues.flatMap((issue) => describeIssue(file, path, issue)) };
}

/** Builds the error for a list of problems, naming each (the first ten of many). */
export function invalidResults(problems: InputProblem[]): InvalidInputError {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `${p.file}: ${p.path}: ${p.message}`);
  const more = problems.length > MAX_PROBLEMS_SHOWN ? [`...and ${problems.length - MAX_PROBLEMS_SHOWN} more`] : [];
  const error = new InvalidInputError(
    "INVALID_RESULT",
    [`Invalid results (nothing was recorded):`, ...shown.map((line) => `  ${line}`), ...more].join("\n"),
    "Fix the fields named above; docs/results-format.md describes every field.",
  );
  return Object.assign(error, { problems });
}

/** Parses JSON text; a syntax error becomes a problem naming the file, line and column. */
export function parseJsonDocument(file: string, text: string): unknown {
  if (text.trim() === "") {
    throw invalidResults([{ file, path: "$", message: "the file is empty; expected a JSON result object or an array of them" }]);
  }
  try {
    return JSON.parse(text);
  } catch (strictError) {
    // Python's json module writes NaN and Infinity, which JSON does not have. Such a file
    // is parsed leniently, only to point at the field (the schema then rejects the value
    // there), and only if it is strict JSON in every other way.
    if (isJsonExceptNonFinite(text)) return JSON5.parse(text);
    throw invalidResults([{ file, path: "$", message: `not valid JSON: ${describeSyntaxError(strictError, text)}` }]);
  }
}

const STRING_OR_NON_FINITE = /"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)/g;

function isJsonExceptNonFinite(text: string): boolean {
  let found = false;
  const replaced = text.replace(STRING_OR_NON_FINITE, (match, nonFinite: string | undefined) => {
    if (nonFinite === undefined) return match;
    found = true;
    return "null";
  });
  if (!found) return false;
  try {
    JSON.parse(replaced);
    return true;
  } catch {
    return false;
  }
}

/** Node's message with a line and column, and without the quoted source it may carry. */
function describeSyntaxError(error: unknown, text: string): string {
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
  const reason = message.replace(/ in JSON at position \d+.*$/, "").replace(/, ".*$/, "").replace(/ at position \d+.*$/, "");
  const offset = positionOf(message) ?? json5Position(text);
  if (offset === null) return reason;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `${reason} at line ${line}, column ${column}`;
}

function positionOf(message: string): number | null {
  const match = /at position (\d+)/.exec(message);
  return match ? Number(match[1]) : null;
}

/** Where JSON5's parser stops, as an offset: it knows the place when V8 does not say. */
function json5Position(text: string): number | null {
  try {
    JSON5.parse(text);
    return null;
  } catch (error) {
    const { lineNumber, columnNumber } = error as { lineNumber?: number; columnNumber?: number };
    if (lineNumber === undefined || columnNumber === undefined) return null;
    const lines = text.split("\n");
    return lines.slice(0, lineNumber - 1).reduce((sum, l) => sum + l.length + 1, 0) + columnNumber - 1;
  }
}

/** The result objects of a parsed results document, each with its JSON path. */
export function resultEntries(file: string, document: unknown): { value: unknown; path: string }[] {
  const fromArray = (items: unknown[], prefix: string) => {
    if (items.length === 0) {
      throw invalidResults([{ file, path: prefix, message: "no results; expected at least one result object" }]);
    }
    return items.map((value, i) => ({ value, path: `${prefix}[${i}]` }));
  };
  if (Array.isArray(document)) return fromArray(document, "$");
  if (isPlainObject(document) && "results" in document && !("metrics" in document)) {
    const extra = Object.keys(document).filter((key) => key !== "results" && key !== "$schema");
    if ("$schema" in document && typeof document.$schema !== "string") {
      throw invalidResults([{ file, path: "$.$schema", message: "expected the schema's URL or path as a string" }]);
    }
    if (extra.length > 0) {
      throw invalidResults([{ file, path: `$.${extra[0]}`, message: `unknown field next to "results"` }]);
    }
    if (!Array.isArray(document.results)) {
      throw invalidResults([{ file, path: "$.results", message: "expected an array of result objects" }]);
    }
    return fromArray(document.results, "$.results");
  }
  return [{ value: document, path: "$" }];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function describeIssue(file: string, basePath: string, issue: z.core.$ZodIssue): InputProblem[] {
  // A union (metric value) fails as a whole; for an object input, report the inner
  // failures so the path points at the exact bad leaf.
  if (issue.code === "invalid_union" && isPlainObject(issue.input)) {
    const objectBranch = issue.errors.find((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0));
    if (objectBranch) {
      return objectBranch.flatMap((inner) =>
        describeIssue(file, basePath, { ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue),
      );
    }
  }
  const path = basePath + issue.path.map(formatPathSegment).join("");
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      file,
      path: path + formatPathSegment(key),
      message: "unknown field (misspelled? docs/results-format.md lists the fields)",
    }));
  }
  if (issue.code === "invalid_key") {
    // A bad metric name: say what the name must be, not what the whole record must be.
    const inner = issue.issues[0];
    return [{ file, path, message: `${inner?.message ?? issue.message}, got ${describeValue(issue.input)}` }];
  }
  const isMissing = issue.input === undefined && issue.code !== "custom";
  const message = isMissing ? `missing; ${issue.message}` : `${issue.message}, got ${describeValue(issue.input)}`;
  return [{ file, path, message }];
}

/** One step of a JSON path as this module writes them: .name, ["odd name"] or [3]. */
export function formatPathSegment(segment: PropertyKey): string {
  if (typeof segment === "number") return `[${segment}]`;
  const key = String(segment);
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "..." : value)}`;
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return Object.keys(value).length === 0 ? "{}" : "an object";
  return `${typeof value} ${String(value)}`;
}

function toBenchmarkResult(parsed: z.output<typeof resultSchema>): BenchmarkResult {
  const { $schema: _schema, created_at, tags, metrics, ...rest } = parsed;
  const result: BenchmarkResult = { ...rest, metrics: metrics as Metrics, tags: tags ?? [] };
  if (created_at !== undefined) result.created_at = new Date(created_at);
  return result;
}
