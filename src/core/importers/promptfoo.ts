import { invalidResults, parseJsonDocument, type InputProblem } from "../parse-results.js";
import type { CanonicalResult, ImportedRun, ImportOptions, Importer } from "./importer.js";
import { jsonPath, setMetric } from "./metric-path.js";

/**
 * promptfoo's output: `promptfoo eval -o out.json` / `promptfoo export` ({evalId, results:
 * EvaluateSummary, config, metadata}), or the bare EvaluateSummary ({version, timestamp,
 * results, prompts | table, stats}) older versions wrote. Summary version 3 lists
 * `prompts`; version 2 keeps them in `table.head.prompts` and the outputs in `table.body`.
 * One run per prompt × provider; docs/import/promptfoo.md gives the mapping field by field.
 */
export const promptfooImporter: Importer = {
  format: "promptfoo",
  title: "promptfoo eval -o out.json / promptfoo export JSON (summary version 2 or 3)",
  detect: isPromptfooText,
  parse: parsePromptfoo,
};

type JsonObject = Record<string, unknown>;

interface PromptfooContext {
  file: string;
  options: ImportOptions;
  problems: InputProblem[];
  /** The outer file ({evalId, results, config, metadata}); the summary itself when bare. */
  wrapper: JsonObject;
  summary: JsonObject;
  /** JSON path steps from the root to the summary: ["results"] or []. */
  steps: (string | number)[];
}

/** One test's outcome for one prompt: a v3 `results[]` entry or a v2 table cell. */
interface Outcome {
  steps: (string | number)[];
  testIdx: number | undefined;
  description: string | undefined;
  providerId: string | undefined;
  success: unknown;
  score: unknown;
  latencyMs: unknown;
  cost: unknown;
  output: unknown;
  testCase: unknown;
  vars: unknown;
}

interface SharedFields {
  dataset_version: string;
  created_at?: string;
  duration_seconds?: number;
  tags: string[];
}

const MAX_NAME_LENGTH = 200;
const MAX_EXAMPLE_TEXT = 2000;
const HIGHER = ["pass_rate", "score", "tests_passed", "assertions_passed"];
const LOWER = ["tests_failed", "tests_errored", "assertions_failed", "latency_ms", "cost"];
const UNITS: Record<string, string> = { latency_ms: "ms", cost: "USD" };
const BUILT_IN_METRICS = new Set([...HIGHER, ...LOWER, "tokens_total", "tokens_prompt", "tokens_completion"]);

function parsePromptfoo(file: string, text: string, options: ImportOptions): ImportedRun[] {
  const ctx = locateSummary(file, parseJsonDocument(file, text), options);
  const { prompts, steps } = readPrompts(ctx);
  if (prompts.length === 0) {
    throw invalidResults([{ file, path: jsonPath(...steps), message: "holds no runs; expected at least one prompt × provider entry, each with its provider and metrics" }]);
  }
  const outcomes = readOutcomes(ctx, prompts.length);
  const shared = readSharedFields(ctx);
  const runs = prompts.flatMap((prompt, i) => buildRun(ctx, shared, prompt, [...steps, i], outcomes[i] ?? []) ?? []);
  if (ctx.problems.length > 0) throw invalidResults(ctx.problems);
  return runs;
}

// ---- detection -------------------------------------------------------------------------

const MAX_DETECT_PARSE_CHARS = 20_000_000;
const WRAPPED_SUMMARY = /"results"\s*:\s*\{[^{}[\]]*?"version"\s*:\s*\d/;
const BARE_SUMMARY = /^\s*\{\s*"version"\s*:\s*\d+\s*,\s*"timestamp"\s*:/;
const PROMPT_LIST = /"(?:prompts"\s*:\s*\[|table"\s*:\s*\{)/;
const PROMPTFOO_KEYS = /"(?:evalId|promptfooVersion|promptIdx|testIdx|testPassCount|namedScores)"\s*:/;

function isPromptfooText(text: string): boolean {
  try {
    const body = text.replace(/^\uFEFF/, "");
    if (!/^\s*\{/.test(body)) return false;
    const parsed = body.length <= MAX_DETECT_PARSE_CHARS ? tryParseJson(body) : undefined;
    if (parsed !== undefined) return isObject(parsed) && (isSummary(parsed.results) || (isSummary(parsed) && isObject(parsed.stats)));
    // Not parseable (truncated or too large): judge by the distinctive keys.
    return (WRAPPED_SUMMARY.test(body) || BARE_SUMMARY.test(body)) && PROMPT_LIST.test(body) && PROMPTFOO_KEYS.test(body);
  } catch {
    return false;
  }
}

function isSummary(value: unknown): boolean {
  return isObject(value) && typeof value.version === "number" && Array.isArray(value.results)
    && (Array.isArray(value.prompts) || isObject(value.table));
}

// ---- where the summary and its prompts are -----------------------------------------------

function locateSummary(file: string, doc: unknown, options: ImportOptions): PromptfooContext {
  const base = { file, options, problems: [] };
  if (isObject(doc) && isObject(doc.results)) return { ...base, wrapper: doc, summary: doc.results, steps: ["results"] };
  if (isObject(doc) && Array.isArray(doc.results) && (Array.isArray(doc.prompts) || isObject(doc.table))) {
    return { ...base, wrapper: doc, summary: doc, steps: [] };
  }
  throw invalidResults([{
    file,
    path: isObject(doc) ? "$.results" : "$",
    message: `expected promptfoo output {"evalId", "results": {"version", "timestamp", "prompts", "results", "stats"}, "config"} or the bare summary {"version", "timestamp", "prompts", "results", "stats"}, got ${describe(isObject(doc) ? doc.results : doc)}`,
  }]);
}

/** Version 3 lists the prompts in `prompts`; version 2 in `table.head.prompts`. */
function readPrompts(ctx: PromptfooContext): { prompts: unknown[]; steps: (string | number)[] } {
  const { summary, steps } = ctx;
  if (Array.isArray(summary.prompts)) return { prompts: summary.prompts, steps: [...steps, "prompts"] };
  const head = isObject(summary.table) ? summary.table.head : undefined;
  if (isObject(head) && Array.isArray(head.prompts)) return { prompts: head.prompts, steps: [...steps, "table", "head", "prompts"] };
  throw invalidResults([{ file: ctx.file, path: jsonPath(...steps, "prompts"), message: `expected the array of prompts (one per prompt × provider), got ${describe(summary.prompts)}` }]);
}

// ---- fields shared by every run -----------------------------------------------------------

function readSharedFields(ctx: PromptfooContext): SharedFields {
  const metadata = isObject(ctx.wrapper.metadata) ? ctx.wrapper.metadata : {};
  const tags = ["promptfoo"];
  addTag(tags, "promptfoo_version", metadata.promptfooVersion);
  addTag(tags, "promptfoo_eval", ctx.wrapper.evalId);
  const stats = isObject(ctx.summary.stats) ? ctx.summary.stats : {};
  const durationMs = stats.durationMs;
  return {
    dataset_version: ctx.options.dataset ?? datasetName(ctx.wrapper.config),
    created_at: readTimestamp(ctx, metadata),
    duration_seconds: typeof durationMs === "number" && Number.isFinite(durationMs) && durationMs >= 0 ? durationMs / 1000 : undefined,
    tags,
  };
}

/**
 * The test suite, stable across re-runs (the evalId is not: it changes every run): the
 * config's description, else its test file path(s), else "promptfoo".
 */
function datasetName(config: unknown): string {
  if (!isObject(config)) return "promptfoo";
  const description = nonEmptyString(config.description);
  if (description !== undefined) return fitName(description);
  const tests = config.tests;
  if (typeof tests === "string" && tests.trim() !== "") return fitName(tests.trim());
  if (Array.isArray(tests) && tests.length > 0 && tests.every((t) => typeof t === "string" && t.trim() !== "")) {
    return fitName(tests.map((t) => (t as string).trim()).join(","));
  }
  return "promptfoo";
}

function readTimestamp(ctx: PromptfooContext, metadata: JsonObject): string | undefined {
  const timestamp = ctx.summary.timestamp ?? metadata.evaluationCreatedAt;
  if (timestamp === undefined || timestamp === null) return undefined;
  const time = typeof timestamp === "string" ? Date.parse(timestamp) : NaN;
  if (Number.isFinite(time)) return new Date(time).toISOString();
  const path = ctx.summary.timestamp === undefined ? "$.metadata.evaluationCreatedAt" : jsonPath(...ctx.steps, "timestamp");
  ctx.problems.push({ file: ctx.file, path, message: `expected an ISO 8601 time such as "2025-10-01T20:08:11.168Z", got ${describe(timestamp)}` });
  return undefined;
}

// ---- one run per prompt × provider ---------------------------------------------------------

function buildRun(ctx: PromptfooContext, shared: SharedFields, prompt: unknown, steps: (string | number)[], outcomes: Outcome[]): ImportedRun | undefined {
  const position = jsonPath(...steps);
  if (!isObject(prompt)) {
    ctx.problems.push({ file: ctx.file, path: position, message: `expected a prompt object with provider and metrics, got ${describe(prompt)}` });
    return undefined;
  }
  const provider = nonEmptyString(prompt.provider);
  if (provider === undefined && ctx.options.model === undefined) {
    ctx.problems.push({ file: ctx.file, path: jsonPath(...steps, "provider"), message: `expected the provider id, e.g. "openai:gpt-5", got ${describe(prompt.provider)}` });
  }
  if (!isObject(prompt.metrics)) {
    ctx.problems.push({ file: ctx.file, path: jsonPath(...steps, "metrics"), message: `expected the prompt's metrics object {score, testPassCount, testFailCount, ...}, got ${describe(prompt.metrics)}` });
    return undefined;
  }
  const metrics = readMetrics(ctx, prompt.metrics, [...steps, "metrics"], outcomes.length);
  const examples = buildExamples(ctx, outcomes);
  const result: CanonicalResult = withoutUndefined({
    model_version: ctx.options.model ?? (provider === undefined ? undefined : fitName(provider)),
    model_provider: providerName(outcomes[0]?.providerId ?? provider),
    dataset_version: shared.dataset_version,
    prompt_version: ctx.options.prompt ?? promptName(prompt),
    environment: ctx.options.environment,
    metrics: metrics.values,
    units: Object.keys(metrics.units).length > 0 ? metrics.units : undefined,
    directions: Object.keys(metrics.directions).length > 0 ? metrics.directions : undefined,
    duration_seconds: shared.duration_seconds,
    tags: [...shared.tags],
    created_at: shared.created_at,
    examples: examples.length > 0 ? examples : undefined,
  });
  return { position, result };
}

/** "openai" of "openai:gpt-5"; none for a provider label without a "<provider>:" prefix. */
function providerName(providerId: string | undefined): string | undefined {
  const match = providerId === undefined ? null : /^([A-Za-z0-9_.-]+):/.exec(providerId);
  return match ? match[1] : undefined;
}

/** The prompt's label (at most 200 characters), else its id (a hash), else its raw text. */
function promptName(prompt: JsonObject): string | undefined {
  const label = nonEmptyString(prompt.label);
  if (label !== undefined && label.length <= MAX_NAME_LENGTH) return label;
  const id = nonEmptyString(prompt.id);
  if (id !== undefined && id.length <= MAX_NAME_LENGTH) return id;
  const text = label ?? nonEmptyString(prompt.raw);
  return text === undefined ? undefined : fitName(text);
}

/**
 * Metrics from the prompt's totals: promptfoo sums score, latency, cost and named scores
 * over the prompt's tests, so score and latency become means; cost stays the total.
 */
function readMetrics(ctx: PromptfooContext, source: JsonObject, steps: (string | number)[], resultCount: number) {
  const read = (key: string, isRequired = false) => readNumber(ctx, source, key, steps, isRequired);
  const values: Record<string, unknown> = {};
  const put = (name: string, value: number | undefined) => {
    if (value !== undefined) setMetric(values, name, value, ctx.file, jsonPath(...steps));
  };
  const passed = read("testPassCount", true);
  const failed = read("testFailCount", true);
  const errored = read("testErrorCount") ?? 0;
  const tests = (passed ?? 0) + (failed ?? 0) + errored;
  const score = read("score", true);
  const latencyMs = read("totalLatencyMs");
  put("pass_rate", tests > 0 && passed !== undefined ? passed / tests : undefined);
  put("score", tests > 0 && score !== undefined ? score / tests : undefined);
  put("tests_passed", passed);
  put("tests_failed", failed);
  put("tests_errored", errored);
  put("assertions_passed", read("assertPassCount"));
  put("assertions_failed", read("assertFailCount"));
  const count = resultCount > 0 ? resultCount : tests;
  put("latency_ms", latencyMs !== undefined && count > 0 ? latencyMs / count : undefined);
  put("cost", read("cost"));
  readTokenCounts(ctx, source.tokenUsage, [...steps, "tokenUsage"], put);
  readNamedScores(ctx, source, steps, put);
  return { values, ...metricAnnotations(values) };
}

function readTokenCounts(ctx: PromptfooContext, usage: unknown, steps: (string | number)[], put: (name: string, value: number | undefined) => void): void {
  if (usage === undefined || usage === null) return;
  if (!isObject(usage)) {
    ctx.problems.push({ file: ctx.file, path: jsonPath(...steps), message: `expected an object of token counts, got ${describe(usage)}` });
    return;
  }
  put("tokens_total", readNumber(ctx, usage, "total", steps));
  put("tokens_prompt", readNumber(ctx, usage, "prompt", steps));
  put("tokens_completion", readNumber(ctx, usage, "completion", steps));
}

/** Each named score, as a mean over the assertions that gave it when namedScoresCount says. */
function readNamedScores(ctx: PromptfooContext, source: JsonObject, steps: (string | number)[], put: (name: string, value: number | undefined) => void): void {
  const scores = source.namedScores;
  if (scores === undefined || scores === null) return;
  if (!isObject(scores)) {
    ctx.problems.push({ file: ctx.file, path: jsonPath(...steps, "namedScores"), message: `expected an object of named scores, got ${describe(scores)}` });
    return;
  }
  const counts = isObject(source.namedScoresCount) ? source.namedScoresCount : {};
  for (const name of Object.keys(scores)) {
    const sum = readNumber(ctx, scores, name, [...steps, "namedScores"]);
    const count = counts[name];
    const value = sum !== undefined && typeof count === "number" && count > 0 ? sum / count : sum;
    put(BUILT_IN_METRICS.has(name) ? `${name}_named` : name, value);
  }
}

function metricAnnotations(values: Record<string, unknown>) {
  const directions: Record<string, "higher" | "lower"> = {};
  const units: Record<string, string> = {};
  for (const name of Object.keys(values)) {
    if (HIGHER.includes(name)) directions[name] = "higher";
    if (LOWER.includes(name)) directions[name] = "lower";
    if (UNITS[name] !== undefined) units[name] = UNITS[name];
  }
  return { directions, units };
}

/** A finite number at source[key]; null or absent is "not given" (a problem when required). */
function readNumber(ctx: PromptfooContext, source: JsonObject, key: string, steps: (string | number)[], isRequired = false): number | undefined {
  const value = source[key];
  if ((value === undefined || value === null) && !isRequired) return undefined;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  const message = value === undefined ? `missing; expected the number ${key}` : `expected a finite number, got ${describe(value)}`;
  ctx.problems.push({ file: ctx.file, path: jsonPath(...steps, key), message });
  return undefined;
}

// ---- per-test outcomes as examples ---------------------------------------------------------

/** The outcomes of each prompt: v3 `results[]` by promptIdx, else v2 `table.body[].outputs[]`. */
function readOutcomes(ctx: PromptfooContext, promptCount: number): Outcome[][] {
  const byPrompt: Outcome[][] = Array.from({ length: promptCount }, () => []);
  if (Array.isArray(ctx.summary.prompts)) {
    const results = ctx.summary.results;
    if (!Array.isArray(results)) {
      ctx.problems.push({ file: ctx.file, path: jsonPath(...ctx.steps, "results"), message: `expected the array of test results, got ${describe(results)}` });
      return byPrompt;
    }
    results.forEach((entry, k) => addResultOutcome(ctx, byPrompt, entry, [...ctx.steps, "results", k]));
  } else {
    const body = isObject(ctx.summary.table) ? ctx.summary.table.body : undefined;
    if (Array.isArray(body)) body.forEach((row, t) => addTableOutcomes(ctx, byPrompt, row, t));
  }
  return byPrompt;
}

function addResultOutcome(ctx: PromptfooContext, byPrompt: Outcome[][], entry: unknown, steps: (string | number)[]): void {
  if (!isObject(entry)) {
    ctx.problems.push({ file: ctx.file, path: jsonPath(...steps), message: `expected a test result object, got ${describe(entry)}` });
    return;
  }
  const promptIdx = entry.promptIdx;
  if (typeof promptIdx !== "number" || !Number.isInteger(promptIdx) || promptIdx < 0 || promptIdx >= byPrompt.length) {
    ctx.problems.push({ file: ctx.file, path: jsonPath(...steps, "promptIdx"), message: `expected the index of one of the ${byPrompt.length} prompts, got ${describe(promptIdx)}` });
    return;
  }
  const testCase = isObject(entry.testCase) ? entry.testCase : {};
  const provider = entry.provider;
  byPrompt[promptIdx]!.push({
    steps,
    testIdx: typeof entry.testIdx === "number" ? entry.testIdx : undefined,
    description: nonEmptyString(entry.description) ?? nonEmptyString(testCase.description),
    providerId: isObject(provider) ? nonEmptyString(provider.id) : nonEmptyString(provider),
    success: entry.success,
    score: entry.score,
    latencyMs: entry.latencyMs,
    cost: entry.cost,
    output: isObject(entry.response) ? entry.response.output : undefined,
    testCase,
    vars: entry.vars ?? testCase.vars,
  });
}

function addTableOutcomes(ctx: PromptfooContext, byPrompt: Outcome[][], row: unknown, t: number): void {
  if (!isObject(row) || !Array.isArray(row.outputs)) return;
  const test = isObject(row.test) ? row.test : {};
  row.outputs.forEach((output, i) => {
    if (!isObject(output) || i >= byPrompt.length) return;
    byPrompt[i]!.push({
      steps: [...ctx.steps, "table", "body", t, "outputs", i],
      testIdx: typeof row.testIdx === "number" ? row.testIdx : t,
      description: nonEmptyString(row.description) ?? nonEmptyString(test.description),
      providerId: undefined,
      success: output.pass,
      score: output.score,
      latencyMs: output.latencyMs,
      cost: output.cost,
      output: output.text,
      testCase: output.testCase ?? test,
      vars: test.vars,
    });
  });
}

/**
 * Examples keyed by the test's description when it names one test only, else its testIdx
 * (both stable across re-runs of the same suite).
 */
function buildExamples(ctx: PromptfooContext, outcomes: Outcome[]): Record<string, unknown>[] {
  const descriptions = new Map<string, number>();
  for (const o of outcomes) if (o.description !== undefined) descriptions.set(o.description, (descriptions.get(o.description) ?? 0) + 1);
  const used = new Set<string>();
  return outcomes.map((outcome, k) => {
    const isUniqueDescription = outcome.description !== undefined && descriptions.get(outcome.description) === 1 && outcome.description.length <= MAX_NAME_LENGTH;
    const id = uniqueId(used, isUniqueDescription ? outcome.description! : String(outcome.testIdx ?? k));
    return withoutUndefined({
      id,
      correct: readExampleField(ctx, outcome, "success", "boolean"),
      label: expectedLabel(outcome.testCase, outcome.vars),
      prediction: exampleText(outcome.output),
      score: readExampleField(ctx, outcome, "score", "number"),
      latency_ms: readExampleField(ctx, outcome, "latencyMs", "number"),
      cost: readExampleField(ctx, outcome, "cost", "number"),
    });
  });
}

function uniqueId(used: Set<string>, wanted: string): string {
  let id = wanted;
  for (let n = 2; used.has(id); n++) id = `${wanted}#${n}`;
  used.add(id);
  return id;
}

function readExampleField(ctx: PromptfooContext, outcome: Outcome, key: "success" | "score" | "latencyMs" | "cost", type: "boolean" | "number"): boolean | number | undefined {
  const value = outcome[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === type && (type === "boolean" || (Number.isFinite(value) && !(key === "latencyMs" && (value as number) < 0)))) {
    return value as boolean | number;
  }
  const field = outcome.steps.includes("table") && key === "success" ? "pass" : key;
  ctx.problems.push({ file: ctx.file, path: jsonPath(...outcome.steps, field), message: `expected ${type === "boolean" ? "true or false" : key === "latencyMs" ? "a duration in ms, 0 or more" : "a finite number"}, got ${describe(value)}` });
  return undefined;
}

/** The expected answer: the value of the test's `equals` assertion, with `{{var}}` filled in. */
function expectedLabel(testCase: unknown, vars: unknown): string | undefined {
  const asserts = isObject(testCase) ? testCase.assert : undefined;
  if (!Array.isArray(asserts)) return undefined;
  const equals = asserts.find((a) => isObject(a) && a.type === "equals");
  if (!isObject(equals) || equals.value === undefined || equals.value === null) return undefined;
  const template = typeof equals.value === "string" ? /^\{\{\s*([\w.]+)\s*\}\}$/.exec(equals.value.trim()) : null;
  const value = template && isObject(vars) && template[1]! in vars ? vars[template[1]!] : equals.value;
  return exampleText(value);
}

// ---- small helpers ---------------------------------------------------------------------

function exampleText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.length > MAX_EXAMPLE_TEXT ? text.slice(0, MAX_EXAMPLE_TEXT) : text;
}

/** Adds `name=value` when the value is a usable scalar and the tag fits the 200-character limit. */
function addTag(tags: string[], name: string, value: unknown): void {
  if (typeof value !== "string" && (typeof value !== "number" || !Number.isFinite(value))) return;
  const text = String(value).trim();
  const tag = `${name}=${text}`;
  if (text !== "" && tag.length <= MAX_NAME_LENGTH && !tags.includes(tag)) tags.push(tag);
}

/** A name within 200 characters; a longer one keeps its start and a hash of the whole. */
function fitName(name: string): string {
  if (name.length <= MAX_NAME_LENGTH) return name;
  return `${name.slice(0, MAX_NAME_LENGTH - 9).trimEnd()}#${fnv1a(name)}`;
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
