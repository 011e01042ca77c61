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
    const parsed = resultSchema.safeParse(value, { reportInput: true });
    if (parsed.success) results.push(toBenchmarkResult(parsed.data));
    else problems.push(...parsed.error.issues.flatMap((issue) => describeIssue(file, path, issue)));
  });
  if (problems.length > 0) throw invalidResults(problems);
  return results;
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

function parseJsonDocument(file: string, text: string): unknown {
  if (text.trim() === "") {
    throw invalidResults([{ file, path: "$", message: "the file is empty; expected a JSON result object or an array of them" }]);
  }
  try {
    return JSON.parse(text);
  } catch (strictError) {
    // Python's json module writes NaN and Infinity, which JSON does not have. Parse
    // leniently only to point at the field; the schema then rejects the value there.
    const lenient = tryParseLenient(text);
    if (lenient.ok && containsNonFinite(lenient.value)) return lenient.value;
    throw invalidResults([{ file, path: "$", message: `not valid JSON: ${describeSyntaxError(strictError, text)}` }]);
  }
}

function tryParseLenient(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON5.parse(text) };
  } catch {
    return { ok: false };
  }
}

function containsNonFinite(value: unknown): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(containsNonFinite);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsNonFinite);
  return false;
}

function describeSyntaxError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  if (!position) return message;
  const offset = Number(position[1]);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `${message.replace(/ in JSON at position \d+.*$/, "")} at line ${line}, column ${column}`;
}

function resultEntries(file: string, document: unknown): { value: unknown; path: string }[] {
  const fromArray = (items: unknown[], prefix: string) => {
    if (items.length === 0) {
      throw invalidResults([{ file, path: prefix, message: "no results; expected at least one result object" }]);
    }
    return items.map((value, i) => ({ value, path: `${prefix}[${i}]` }));
  };
  if (Array.isArray(document)) return fromArray(document, "$");
  if (isPlainObject(document) && "results" in document && !("metrics" in document)) {
    const extra = Object.keys(document).filter((key) => key !== "results" && key !== "$schema");
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
  const isMissing = issue.input === undefined && issue.code === "invalid_type";
  const message = isMissing ? `missing; ${issue.message}` : `${issue.message}, got ${describeValue(issue.input)}`;
  return [{ file, path, message }];
}

function formatPathSegment(segment: PropertyKey): string {
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
