import { invalidResults, parseJsonDocument, type InputProblem } from "../parse-results.js";
import type { CanonicalResult, CompanionFile, ImportedRun, ImportOptions, Importer } from "./importer.js";
import { jsonPath, setMetric } from "./metric-path.js";

/**
 * EleutherAI lm-evaluation-harness results JSON (v0.3 `{results, versions, config}`, v0.4
 * with `"<metric>,<filter>"` keys, groups, configs, n-shot, higher_is_better), and the
 * per-sample logs `--log_samples` writes beside it (`samples_<task>_<time>.jsonl`).
 * One run per task (and per group); docs/import/lm-eval.md gives the mapping field by field.
 */
export const lmEvalImporter: Importer = {
  format: "lm-eval",
  title: "EleutherAI lm-evaluation-harness results JSON (lm_eval --output_path; --log_samples adds samples_<task>_<time>.jsonl)",
  detect: (text, fileName) => isLmEvalResults(text) || isSamplesFile(text, fileName),
  isCompanion: isSamplesFile,
  parse: parseLmEval,
};

type JsonObject = Record<string, unknown>;

interface LmEvalContext {
  file: string;
  doc: JsonObject;
  results: JsonObject;
  options: ImportOptions;
  problems: InputProblem[];
  /** Task versions as the file writes them ("3.0", not 3): JSON.parse loses the ".0". */
  versionLiterals: Map<string, string>;
}

interface TaskRun {
  task: string;
  imported: ImportedRun;
}

/** The fields every run of the file shares. */
interface SharedFields {
  model_version?: string;
  model_provider?: string;
  created_at?: string;
  duration_seconds?: number;
  tags: string[];
}

const MAX_NAME_LENGTH = 200;
const MAX_EXAMPLE_TEXT = 2000;
/** Entries of a task's results that are not metrics (display names, sample counts). */
const NON_METRIC_KEYS = new Set(["alias", "name", "sample_len", "samples", "sample_count"]);
/** `--predict_only` writes a placeholder metric "bypass" (999): not a measurement. */
const PLACEHOLDER_METRICS = new Set(["bypass", "bypass_stderr"]);
/** model_args keys that name the model, in order of preference. */
const MODEL_NAME_ARGS = ["pretrained", "model", "path", "engine"];
/**
 * model_args keys that change where and how fast the model runs, not what it answers.
 * Every other argument (dtype, peft, max_length, custom ones such as K=4) changes the
 * model's behaviour and is kept in model_version.
 */
const NON_SEMANTIC_ARGS = new Set([
  "device", "batch_size", "max_batch_size", "parallelize", "use_accelerate", "trust_remote_code",
  "cache_dir", "device_map", "max_memory_per_gpu", "max_cpu_memory", "offload_folder",
  "low_cpu_mem_usage", "tensor_parallel_size", "data_parallel_size", "pipeline_parallel_size",
  "gpu_memory_utilization", "swap_space", "enforce_eager", "logits_cache", "num_concurrent",
  "max_retries", "timeout", "base_url", "tokenized_requests", "token", "use_auth_token",
]);

function parseLmEval(file: string, text: string, options: ImportOptions, companions: CompanionFile[] = []): ImportedRun[] {
  const doc = parseJsonDocument(file, text);
  if (!isObject(doc) || !isObject(doc.results)) {
    throw invalidResults([{
      file,
      path: isObject(doc) ? "$.results" : "$",
      message: `expected an lm-eval results object {"results": {"<task>": {"<metric>,<filter>": number}}, ...}, got ${describe(isObject(doc) ? doc.results : doc)}`,
    }]);
  }
  const ctx: LmEvalContext = { file, doc, results: doc.results, options, problems: [], versionLiterals: readVersionLiterals(text) };
  const shared = readSharedFields(ctx);
  const runs = [...taskRuns(ctx, shared), ...groupOnlyRuns(ctx, shared)];
  if (runs.length === 0 && ctx.problems.length === 0) {
    ctx.problems.push({ file, path: "$.results", message: `holds no runs; expected at least one task under "results", e.g. {"gsm8k": {"exact_match,strict-match": 0.75}}` });
  }
  attachExamples(ctx, runs, companions);
  if (ctx.problems.length > 0) throw invalidResults(ctx.problems);
  return runs.map((run) => run.imported);
}

// ---- detection -------------------------------------------------------------------------

const MAX_DETECT_PARSE_CHARS = 5_000_000;
const RESULTS_OF_OBJECTS = /"results"\s*:\s*\{\s*(?:\}|"(?:[^"\\]|\\.)*"\s*:\s*\{)/;
const LM_EVAL_MARKERS = /"(?:versions|n-shot|configs)"\s*:\s*\{|"model_args"\s*:/;

/** A results JSON: `results` maps tasks to metric objects, next to versions/config/n-shot/configs. */
function isLmEvalResults(text: string): boolean {
  try {
    const body = text.replace(/^\uFEFF/, "");
    if (!/^\s*\{/.test(body)) return false;
    const parsed = body.length <= MAX_DETECT_PARSE_CHARS ? tryParseJson(body) : undefined;
    if (parsed !== undefined) return isLmEvalDocument(parsed);
    // Not parseable (truncated, NaN, or too large): judge by the distinctive keys.
    return RESULTS_OF_OBJECTS.test(body) && LM_EVAL_MARKERS.test(body);
  } catch {
    return false;
  }
}

function isLmEvalDocument(doc: unknown): boolean {
  if (!isObject(doc) || !isObject(doc.results)) return false;
  if (!Object.values(doc.results).every(isObject)) return false;
  const config = doc.config;
  return isObject(doc.versions) || isObject(doc["n-shot"]) || isObject(doc.configs)
    || (isObject(config) && "model_args" in config);
}

/** A `--log_samples` file: JSON lines, each a sample with doc_id and the model's responses. */
function isSamplesFile(text: string, _fileName: string): boolean {
  try {
    const end = text.indexOf("\n");
    const first = tryParseJson(end === -1 ? text : text.slice(0, end));
    return isObject(first) && "doc_id" in first && ("filtered_resps" in first || "resps" in first);
  } catch {
    return false;
  }
}

// ---- fields shared by every run ----------------------------------------------------------

function readSharedFields(ctx: LmEvalContext): SharedFields {
  const config = isObject(ctx.doc.config) ? ctx.doc.config : {};
  const tags = ["lm-eval"];
  addTag(tags, "lm_eval_commit", ctx.doc.git_hash);
  addTag(tags, "lm_eval_version", ctx.doc.lm_eval_version);
  addTag(tags, "limit", config.limit);
  addTag(tags, "gen_kwargs", isObject(config.gen_kwargs) ? JSON.stringify(config.gen_kwargs) : config.gen_kwargs);
  return {
    model_version: ctx.options.model ?? describeModel(config, ctx.doc),
    model_provider: nonEmptyString(config.model) ?? nonEmptyString(ctx.doc.model_source),
    created_at: readStartTime(ctx),
    duration_seconds: readDuration(ctx),
    tags,
  };
}

/**
 * The model as `pretrained[@revision] (other=args,sorted)`, from config.model_args (a
 * "k=v,k=v" string or an object). Undefined when the file names no model.
 */
function describeModel(config: JsonObject, doc: JsonObject): string | undefined {
  const args = parseModelArgs(config.model_args);
  const nameKey = MODEL_NAME_ARGS.find((key) => (args.get(key) ?? "") !== "");
  const name = nameKey === undefined ? nonEmptyString(doc.model_name) : args.get(nameKey)!;
  if (name === undefined) return undefined;
  const revision = args.get("revision");
  const base = revision ? `${name}@${revision}` : name;
  const extra = [...args]
    .filter(([key]) => key !== nameKey && key !== "revision" && !NON_SEMANTIC_ARGS.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => (value === "" ? key : `${key}=${value}`));
  return fitName(extra.length === 0 ? base : `${base} (${extra.join(",")})`);
}

function parseModelArgs(value: unknown): Map<string, string> {
  const args = new Map<string, string>();
  if (typeof value === "string") {
    for (const part of value.split(",").map((p) => p.trim()).filter((p) => p !== "")) {
      const eq = part.indexOf("=");
      if (eq === -1) args.set(part, "");
      else args.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
  } else if (isObject(value)) {
    for (const [key, arg] of Object.entries(value)) {
      args.set(key, arg === null ? "None" : typeof arg === "object" ? JSON.stringify(arg) : String(arg));
    }
  }
  return args;
}

function readStartTime(ctx: LmEvalContext): string | undefined {
  const date = ctx.doc.date;
  if (date === undefined || date === null) return undefined;
  if (typeof date === "number" && Number.isFinite(date) && date > 0) return new Date(date * 1000).toISOString();
  ctx.problems.push({ file: ctx.file, path: "$.date", message: `expected the start time in seconds since 1970 (e.g. 1717381508.18), got ${describe(date)}` });
  return undefined;
}

function readDuration(ctx: LmEvalContext): number | undefined {
  const value = ctx.doc.total_evaluation_time_seconds;
  if (value === undefined || value === null) return undefined;
  const seconds = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0) return seconds;
  ctx.problems.push({ file: ctx.file, path: "$.total_evaluation_time_seconds", message: `expected a duration in seconds (a number or a numeric string), got ${describe(value)}` });
  return undefined;
}

// ---- one run per task and per group --------------------------------------------------------

function taskRuns(ctx: LmEvalContext, shared: SharedFields): TaskRun[] {
  return Object.entries(ctx.results).flatMap(([task, entry]) => buildRun(ctx, shared, task, entry, ["results", task]) ?? []);
}

/** Groups listed only under "groups" (older v0.4 files also list them under "results"). */
function groupOnlyRuns(ctx: LmEvalContext, shared: SharedFields): TaskRun[] {
  const groups = ctx.doc.groups;
  if (groups === undefined || groups === null) return [];
  if (!isObject(groups)) {
    ctx.problems.push({ file: ctx.file, path: "$.groups", message: `expected an object of groups and their metrics, got ${describe(groups)}` });
    return [];
  }
  return Object.entries(groups)
    .filter(([group]) => !(group in ctx.results))
    .flatMap(([group, entry]) => buildRun(ctx, shared, group, entry, ["groups", group]) ?? []);
}

function isGroup(ctx: LmEvalContext, task: string): boolean {
  const subtasks = isObject(ctx.doc.group_subtasks) ? ctx.doc.group_subtasks[task] : undefined;
  return (isObject(ctx.doc.groups) && task in ctx.doc.groups) || (Array.isArray(subtasks) && subtasks.length > 0);
}

function buildRun(ctx: LmEvalContext, shared: SharedFields, task: string, entry: unknown, steps: string[]): TaskRun | undefined {
  const position = jsonPath(...steps);
  if (!isObject(entry)) {
    ctx.problems.push({ file: ctx.file, path: position, message: `expected an object of metrics for ${JSON.stringify(task)}, got ${describe(entry)}` });
    return undefined;
  }
  const { metrics, directions } = readMetrics(ctx, task, entry, steps);
  if (Object.keys(metrics).length === 0) {
    ctx.problems.push({ file: ctx.file, path: position, message: `holds no numeric metric; expected e.g. {"acc,none": 0.5, "acc_stderr,none": 0.01}` });
    return undefined;
  }
  const version = taskVersion(ctx, task);
  const result: CanonicalResult = withoutUndefined({
    model_version: shared.model_version,
    model_provider: shared.model_provider,
    dataset_version: ctx.options.dataset ?? fitName(version === undefined ? task : `${task}@${version}`),
    prompt_version: ctx.options.prompt ?? fewShot(ctx, task),
    environment: ctx.options.environment,
    metrics,
    directions: Object.keys(directions).length > 0 ? directions : undefined,
    duration_seconds: shared.duration_seconds,
    tags: runTags(ctx, shared, task, version),
    created_at: shared.created_at,
  });
  return { task, imported: { position, result } };
}

function runTags(ctx: LmEvalContext, shared: SharedFields, task: string, version: string | undefined): string[] {
  const tags = [...shared.tags];
  addTag(tags, "task_version", version);
  const samples = isObject(ctx.doc["n-samples"]) ? ctx.doc["n-samples"][task] : undefined;
  addTag(tags, "n_samples", isObject(samples) ? samples.effective : undefined);
  if (isGroup(ctx, task)) tags.push("lm-eval-group");
  return tags;
}

/**
 * A task's metrics. `"acc,none"` becomes `acc`, `"exact_match,strict-match"` stays as it is,
 * v0.3's bare `acc` too; stderrs keep the same rule, so the stderr of `M` is `M_stderr` and
 * that of `a,f` is `a_stderr,f`. A stderr (or metric) of "N/A", null or NaN is not available
 * and is left out.
 */
function readMetrics(ctx: LmEvalContext, task: string, entry: JsonObject, steps: string[]) {
  const metrics: Record<string, unknown> = {};
  const directions: Record<string, "higher" | "lower"> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (NON_METRIC_KEYS.has(key)) continue;
    const comma = key.indexOf(",");
    const metric = comma === -1 ? key : key.slice(0, comma);
    const filter = comma === -1 ? "none" : key.slice(comma + 1);
    if (PLACEHOLDER_METRICS.has(metric) || value === null || value === "N/A") continue;
    const path = jsonPath(...steps, key);
    if (typeof value !== "number") {
      ctx.problems.push({ file: ctx.file, path, message: `expected a number (or "N/A" for a missing stderr) for the metric ${JSON.stringify(key)}, got ${describe(value)}` });
      continue;
    }
    if (!Number.isFinite(value)) continue;
    const name = filter === "none" ? metric : key;
    setMetric(metrics, name, value, ctx.file, path);
    const direction = metric.endsWith("_stderr") ? undefined : metricDirection(ctx, task, metric);
    if (direction !== undefined) directions[name] = direction;
  }
  return { metrics, directions };
}

/**
 * From higher_is_better[task][metric] (newer files), else the task config's metric_list,
 * else, for a group, what all its subtasks that say agree on.
 */
function metricDirection(ctx: LmEvalContext, task: string, metric: string, depth = 0): "higher" | "lower" | undefined {
  const table = isObject(ctx.doc.higher_is_better) ? ctx.doc.higher_is_better[task] : undefined;
  let higher = isObject(table) ? table[metric] : undefined;
  if (typeof higher !== "boolean") {
    const list = taskConfig(ctx, task)?.metric_list;
    const item = Array.isArray(list) ? list.find((m) => isObject(m) && m.metric === metric) : undefined;
    higher = isObject(item) ? item.higher_is_better : undefined;
  }
  if (typeof higher === "boolean") return higher ? "higher" : "lower";
  const subtasks = isObject(ctx.doc.group_subtasks) ? ctx.doc.group_subtasks[task] : undefined;
  if (!Array.isArray(subtasks) || depth >= 3) return undefined;
  const said = new Set(subtasks.filter((s): s is string => typeof s === "string").map((s) => metricDirection(ctx, s, metric, depth + 1)));
  said.delete(undefined);
  return said.size === 1 ? [...said][0] : undefined;
}

function taskConfig(ctx: LmEvalContext, task: string): JsonObject | undefined {
  const config = isObject(ctx.doc.configs) ? ctx.doc.configs[task] : undefined;
  return isObject(config) ? config : undefined;
}

/** versions[task] as written ("3.0", 0, "1.0"); "N/A" (older group entries) is no version. */
function taskVersion(ctx: LmEvalContext, task: string): string | undefined {
  const value = isObject(ctx.doc.versions) ? ctx.doc.versions[task] : undefined;
  if (typeof value === "number" && Number.isFinite(value)) {
    const literal = ctx.versionLiterals.get(task);
    return literal !== undefined && Number(literal) === value ? literal : String(value);
  }
  if (typeof value === "string" && value.trim() !== "" && value.trim() !== "N/A") return value.trim();
  return undefined;
}

/** `<n>-shot` from n-shot[task] (v0.4), config.num_fewshot (v0.3) or the task's config. */
function fewShot(ctx: LmEvalContext, task: string): string | undefined {
  const nShot = isObject(ctx.doc["n-shot"]) ? ctx.doc["n-shot"][task] : undefined;
  const global = isObject(ctx.doc.config) ? ctx.doc.config.num_fewshot : undefined;
  const shots = [nShot, global, taskConfig(ctx, task)?.num_fewshot].find((n) => typeof n === "number" && Number.isInteger(n) && n >= 0);
  return shots === undefined ? undefined : `${shots as number}-shot`;
}

/** The number literals of the top-level "versions" object, keyed by task. */
function readVersionLiterals(text: string): Map<string, string> {
  const literals = new Map<string, string>();
  for (const block of text.matchAll(/"versions"\s*:\s*\{([^{}]*)\}/g)) {
    for (const pair of block[1]!.matchAll(/"((?:[^"\\]|\\.)*)"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g)) {
      const key = tryParseJson(`"${pair[1]}"`);
      if (typeof key === "string" && !literals.has(key)) literals.set(key, pair[2]!);
    }
  }
  return literals;
}

// ---- per-sample logs as examples ----------------------------------------------------------

interface SampleItem {
  value: unknown;
  file: string;
  position: string;
}

interface Sample {
  fields: JsonObject;
  file: string;
  position: string;
}

/**
 * Samples of task T come from the results file's own `samples` object (what
 * simple_evaluate returns) or, failing that, from the companion `samples_T_<time>.jsonl`.
 */
function attachExamples(ctx: LmEvalContext, runs: TaskRun[], companions: CompanionFile[]): void {
  const embedded = ctx.doc.samples;
  if (embedded !== undefined && embedded !== null && !isObject(embedded)) {
    ctx.problems.push({ file: ctx.file, path: "$.samples", message: `expected an object of per-task sample lists, got ${describe(embedded)}` });
    return;
  }
  for (const run of runs) {
    const items = embeddedSamples(ctx, run.task, embedded ?? undefined) ?? companionSamples(ctx, run.task, companions);
    if (items === undefined || items.length === 0) continue;
    const examples = buildExamples(ctx, run.task, items);
    if (examples.length > 0) run.imported.result.examples = examples;
  }
}

function embeddedSamples(ctx: LmEvalContext, task: string, embedded: JsonObject | undefined): SampleItem[] | undefined {
  const list = embedded?.[task];
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) {
    ctx.problems.push({ file: ctx.file, path: jsonPath("samples", task), message: `expected an array of samples, got ${describe(list)}` });
    return undefined;
  }
  return list.map((value, i) => ({ value, file: ctx.file, position: jsonPath("samples", task, i) }));
}

function companionSamples(ctx: LmEvalContext, task: string, companions: CompanionFile[]): SampleItem[] | undefined {
  let candidates = companions.filter((companion) => samplesTask(companion) === task);
  if (candidates.length > 1) {
    // results_<time>.json and its samples_<task>_<time>.jsonl share the time.
    const time = /(?:^|[\\/])results_(.+)\.json$/.exec(ctx.file)?.[1];
    candidates = candidates.filter((companion) => time !== undefined && companion.name.endsWith(`_${time}.jsonl`));
    if (candidates.length !== 1) {
      ctx.problems.push({ file: ctx.file, path: jsonPath("results", task), message: `several samples files for ${JSON.stringify(task)} were given and none matches this results file's time; pass only the samples_${task}_<time>.jsonl written with it` });
      return undefined;
    }
  }
  const companion = candidates[0];
  return companion === undefined ? undefined : readSampleLines(ctx, companion);
}

/** The task a samples file holds: from its name `samples_<task>_<time>.jsonl`, else its lines. */
function samplesTask(companion: CompanionFile): string | undefined {
  const base = companion.name.split(/[\\/]/).pop() ?? "";
  const named = /^samples_(.+)_(\d{4}-\d{2}-\d{2}T[^\\/]*)\.jsonl$/.exec(base) ?? /^samples_(.+)\.jsonl$/.exec(base);
  if (named) return named[1];
  const end = companion.text.indexOf("\n");
  const first = tryParseJson(end === -1 ? companion.text : companion.text.slice(0, end));
  return isObject(first) ? nonEmptyString(first.task) ?? nonEmptyString(first.task_name) : undefined;
}

function readSampleLines(ctx: LmEvalContext, companion: CompanionFile): SampleItem[] {
  const items: SampleItem[] = [];
  companion.text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      items.push({ value: JSON.parse(line), file: companion.name, position: `line ${i + 1}` });
    } catch (error) {
      const offset = /position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
      const where = offset === undefined ? `line ${i + 1}` : `line ${i + 1}, column ${Number(offset) + 1}`;
      ctx.problems.push({ file: companion.name, path: where, message: "not valid JSON; expected one sample object per line (is the file truncated?)" });
    }
  });
  return items;
}

function buildExamples(ctx: LmEvalContext, task: string, items: SampleItem[]): Record<string, unknown>[] {
  const samples = validSamples(ctx, items);
  const metric = primaryMetric(ctx, task, samples);
  const values = samples.map((s) => (metric === undefined ? undefined : sampleValue(s.fields[metric])));
  const isBinary = values.some((v) => v !== undefined) && values.every((v) => v === undefined || v === 0 || v === 1);
  const filters = sampleFilters(ctx, task, samples);
  const hasSeveralFilters = new Set(filters).size > 1;
  const seen = new Set<string>();
  return samples.flatMap((sample, i) => {
    const id = String(sample.fields.doc_id) + (hasSeveralFilters ? `:${filters[i]}` : "");
    if (seen.has(id)) {
      ctx.problems.push({ file: sample.file, path: sample.position, message: `a second sample with doc_id ${JSON.stringify(sample.fields.doc_id)}${hasSeveralFilters ? ` for filter ${JSON.stringify(filters[i])}` : ""}; expected one sample per document and filter` });
      return [];
    }
    seen.add(id);
    const example: Record<string, unknown> = { id };
    const value = values[i];
    if (value !== undefined) example[isBinary ? "correct" : "score"] = isBinary ? value === 1 : value;
    assign(example, "label", exampleText(sample.fields.target));
    const first = Array.isArray(sample.fields.filtered_resps) ? sample.fields.filtered_resps[0] : undefined;
    if (typeof first === "string" || typeof first === "number") assign(example, "prediction", exampleText(first));
    return [example];
  });
}

function validSamples(ctx: LmEvalContext, items: SampleItem[]): Sample[] {
  return items.flatMap((item) => {
    const id = isObject(item.value) ? item.value.doc_id : undefined;
    if (isObject(item.value) && ((typeof id === "number" && Number.isFinite(id)) || (typeof id === "string" && id !== ""))) {
      return [{ fields: item.value, file: item.file, position: item.position }];
    }
    ctx.problems.push({ file: item.file, path: item.position, message: `expected a sample object with a doc_id (number or string), got ${isObject(item.value) ? `doc_id ${describe(id)}` : describe(item.value)}` });
    return [];
  });
}

/** The metric an example is judged by: the sample's own list, else the task's first metric. */
function primaryMetric(ctx: LmEvalContext, task: string, samples: Sample[]): string | undefined {
  const listed = samples[0]?.fields.metrics;
  if (Array.isArray(listed) && typeof listed[0] === "string") return listed[0];
  const first = taskConfig(ctx, task)?.metric_list;
  const configured = Array.isArray(first) && isObject(first[0]) ? first[0].metric : undefined;
  if (typeof configured === "string") return configured;
  const entry = ctx.results[task];
  const key = isObject(entry) ? Object.keys(entry).find((k) => !NON_METRIC_KEYS.has(k) && !k.split(",")[0]!.endsWith("_stderr")) : undefined;
  return key?.split(",")[0];
}

/**
 * The filter of each sample: its `filter` field (lm-eval 0.4.3+), else, for older logs that
 * repeat each document once per filter in the order of the task's filter_list, that order.
 */
function sampleFilters(ctx: LmEvalContext, task: string, samples: Sample[]): string[] {
  const list = taskConfig(ctx, task)?.filter_list;
  const names = Array.isArray(list) ? list.map((f) => (isObject(f) && typeof f.name === "string" ? f.name : undefined)) : [];
  const occurrences = new Map<string, number>();
  return samples.map((sample) => {
    if (typeof sample.fields.filter === "string") return sample.fields.filter;
    const docId = String(sample.fields.doc_id);
    const n = occurrences.get(docId) ?? 0;
    occurrences.set(docId, n + 1);
    return names[n] ?? (n === 0 ? "none" : String(n));
  });
}

function sampleValue(value: unknown): number | undefined {
  if (typeof value === "boolean") return value ? 1 : 0;
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
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

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
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
