import { InvalidInputError } from "../core/errors.js";
import { applyImportOptions, checkImportedResult, validateImportedRuns } from "../core/importers/import-plan.js";
import type { CanonicalResult, CompanionFile, ImportFormat, ImportOptions } from "../core/importers/importer.js";
import { isExportHeaderLine, parseLedgerLine, type LedgerRecord } from "../core/importers/ledger-export.js";
import { detectFormat, importerFor, isResultLines } from "../core/importers/registry.js";
import { invalidResults, type InputProblem } from "../core/parse-results.js";
import { resolveRun, type RunOverrides } from "../core/run-context.js";
import type { BenchmarkResult, ConfigKey } from "../core/types.js";
import { insertRunBatch, insertSnapshotEvent, runRowJson } from "../store/import-store.js";
import type { Deps } from "./deps.js";

/** A file to import, read by the caller: whole, or line by line (again for each pass). */
export interface ImportSource {
  /** As the user named it, for messages. */
  name: string;
  /** The first bytes of the file, for telling its format. */
  head: string;
  readText(): Promise<string>;
  readLines(): AsyncIterable<string>;
}

export interface ImportRequest {
  /** The format of every file; told from each file's content when absent. */
  format?: ImportFormat;
  options: ImportOptions;
  overrides: RunOverrides;
}

export interface ImportProgress {
  phase: "validating" | "recording";
  /** Runs validated or recorded so far (duplicates included). */
  runs: number;
  /** Runs in all files, once the validation pass knows. */
  total: number | null;
}

type PlannedFile =
  | { kind: "document"; file: string; format: ImportFormat; results: BenchmarkResult[] }
  | { kind: "result-lines"; file: string; source: ImportSource; runs: number }
  | { kind: "ledger-export"; file: string; source: ImportSource; runs: number; events: number };

/** Every file validated: nothing is written before all of them are known to be good. */
export interface ImportPlan {
  files: PlannedFile[];
  runs: number;
}

export interface ImportReport {
  files: { file: string; format: string; runs: number; events: number }[];
  runs: number;
  recorded: number;
  duplicates: number;
  events_recorded: number;
}

/** How many runs go to the database in one statement and one transaction. */
export const BATCH_RUNS = 2_000;
const BATCH_BYTES = 8 * 1024 * 1024;
// Each config of a batch holds an advisory lock until commit; PostgreSQL's lock table is shared.
const BATCH_CONFIGS = 200;

/**
 * Reads and validates every file (the first pass): the format of each, every run in it.
 * Throws one error naming every problem, with file and position, before anything is written.
 */
export async function planImport(sources: ImportSource[], request: ImportRequest, onProgress?: (p: ImportProgress) => void): Promise<ImportPlan> {
  if (sources.length === 0) {
    throw new InvalidInputError("NO_FILES", "No file to import.", "Name one or more files: benchledger import results.json");
  }
  const files: PlannedFile[] = [];
  const texts = new Map<PlannedFile, string>();
  const companions = new Map<ImportFormat, CompanionFile[]>();
  const problems: InputProblem[] = [];
  let runs = 0;
  const collect = (error: unknown) => {
    const found = (error as { problems?: InputProblem[] }).problems;
    if (!found) throw error;
    problems.push(...found);
  };
  for (const source of sources) {
    try {
      const streamed = await planStreamed(source, request, (n) => onProgress?.({ phase: "validating", runs: runs + n, total: null }));
      if (streamed) {
        files.push(streamed);
        runs += streamed.runs;
        continue;
      }
      const text = await source.readText();
      const format = request.format ?? detectFormat(source.name, text);
      if (importerFor(format).isCompanion?.(text, source.name)) {
        companions.set(format, [...(companions.get(format) ?? []), { name: source.name, text }]);
        continue;
      }
      const planned: PlannedFile = { kind: "document", file: source.name, format, results: [] };
      files.push(planned);
      texts.set(planned, text);
    } catch (error) {
      collect(error);
    }
  }
  // Documents are parsed once every file is read: per-sample logs may follow their results file.
  for (const [planned, text] of texts) {
    if (planned.kind !== "document") continue;
    try {
      const found = importerFor(planned.format).parse(planned.file, text, request.options, companions.get(planned.format) ?? []);
      planned.results = validateImportedRuns(planned.file, found, request.options);
      runs += planned.results.length;
      onProgress?.({ phase: "validating", runs, total: null });
    } catch (error) {
      collect(error);
    }
  }
  if (problems.length > 0) throw invalidResults(problems);
  if (files.length === 0) {
    throw new InvalidInputError("NO_RUNS", "The files hold no runs of their own (only per-sample logs).",
      "Name the results file the samples belong to as well.");
  }
  return { files, runs };
}

type StreamedFile = Exclude<PlannedFile, { kind: "document" }>;

/** A JSONL file (an export, or one canonical result per line), validated line by line. */
async function planStreamed(source: ImportSource, request: ImportRequest, onLine: (runs: number) => void): Promise<StreamedFile | null> {
  const firstLine = source.head.split("\n", 1)[0] ?? "";
  if (isExportHeaderLine(firstLine)) {
    let runs = 0;
    let events = 0;
    for await (const record of ledgerRecords(source)) {
      if (record.kind === "run" && ++runs % 10_000 === 0) onLine(runs);
      if (record.kind === "event") events += 1;
    }
    return { kind: "ledger-export", file: source.name, source, runs, events };
  }
  if ((request.format === undefined || request.format === "benchledger") && isResultLines(source.head)) {
    let runs = 0;
    for await (const _ of resultLines(source, request)) if (++runs % 10_000 === 0) onLine(runs);
    if (runs === 0) throw invalidResults([{ file: source.name, path: "line 1", message: "the file holds no runs" }]);
    return { kind: "result-lines", file: source.name, source, runs };
  }
  return null;
}

async function* ledgerRecords(source: ImportSource, options: { checked?: boolean } = {}): AsyncGenerator<LedgerRecord> {
  let lineNumber = 0;
  for await (const line of source.readLines()) {
    lineNumber += 1;
    if (line.trim() === "") continue;
    yield parseLedgerLine(source.name, lineNumber, line, options);
  }
}

async function* resultLines(source: ImportSource, request: ImportRequest): AsyncGenerator<BenchmarkResult> {
  let lineNumber = 0;
  for await (const line of source.readLines()) {
    lineNumber += 1;
    if (line.trim() === "") continue;
    const at = `line ${lineNumber}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw invalidResults([{ file: source.name, path: at, message: `not valid JSON (${(error as Error).message.split("\n")[0]}); each line holds one result object` }]);
    }
    const [result] = validateOne(source.name, at, value, request.options);
    yield result;
  }
}

function validateOne(file: string, at: string, value: unknown, options: ImportOptions): [BenchmarkResult] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalidResults([{ file, path: at, message: "expected a result object" }]);
  }
  const checked = checkImportedResult(file, at, applyImportOptions(value as CanonicalResult, options));
  if (!checked.result) throw invalidResults(checked.problems);
  return [checked.result];
}

/**
 * Records a validated plan (the second pass), in batches: each batch is one statement and
 * one transaction, so an import stopped half way leaves whole runs, and running it again
 * skips them (same run keys) and records the rest.
 */
export async function recordImport(deps: Deps, plan: ImportPlan, request: ImportRequest, onProgress?: (p: ImportProgress) => void): Promise<ImportReport> {
  const batch = new BatchWriter(deps, (runs) => onProgress?.({ phase: "recording", runs, total: plan.runs }));
  const git = await gitIfNeeded(deps, plan, request.overrides);
  const report: ImportReport = { files: [], runs: plan.runs, recorded: 0, duplicates: 0, events_recorded: 0 };
  for (const planned of plan.files) {
    if (planned.kind === "document") {
      for (const result of planned.results) await batch.addRun(toRow(deps, result, request.overrides, git));
      report.files.push({ file: planned.file, format: planned.format, runs: planned.results.length, events: 0 });
    } else if (planned.kind === "result-lines") {
      for await (const result of resultLines(planned.source, request)) await batch.addRun(toRow(deps, result, request.overrides, git));
      report.files.push({ file: planned.file, format: "benchledger", runs: planned.runs, events: 0 });
    } else {
      for await (const record of ledgerRecords(planned.source, { checked: true })) {
        if (record.kind === "run") await batch.addRun({ json: record.text, config: record.config });
        else if (record.kind === "event") await batch.addEvent(record);
      }
      report.files.push({ file: planned.file, format: "benchledger-export", runs: planned.runs, events: planned.events });
    }
  }
  await batch.flush();
  return { ...report, recorded: batch.recorded, duplicates: batch.duplicates, events_recorded: batch.eventsRecorded };
}

interface Row {
  json: string;
  config: ConfigKey;
}

function toRow(deps: Deps, result: BenchmarkResult, overrides: RunOverrides, git: { commit_sha: string | null; branch_name: string | null }): Row {
  const run = resolveRun(result, overrides, deps.ci, git);
  return { json: runRowJson(run), config: run };
}

async function gitIfNeeded(deps: Deps, plan: ImportPlan, overrides: RunOverrides) {
  const needsGit = plan.files.some((f) => f.kind === "result-lines" || (f.kind === "document" && f.results.some((r) =>
    (overrides.commit_sha ?? r.commit_sha ?? deps.ci.commit_sha ?? null) === null)));
  return needsGit ? deps.readGit() : { commit_sha: null, branch_name: null };
}

/**
 * Collects runs into batches and writes each in its own transaction. One batch is in the
 * database while the next is prepared: on PostgreSQL the two run on two cores.
 */
class BatchWriter {
  recorded = 0;
  duplicates = 0;
  eventsRecorded = 0;
  private rows: string[] = [];
  private bytes = 0;
  private configs = new Set<string>();
  private inFlight: Promise<void> | null = null;

  constructor(private readonly deps: Deps, private readonly onProgress: (runs: number) => void) {}

  async addRun(row: Row): Promise<void> {
    this.rows.push(row.json);
    this.bytes += row.json.length;
    this.configs.add(`${row.config.model_version}\u001f${row.config.dataset_version}\u001f${row.config.prompt_version}\u001f${row.config.environment}`);
    if (this.rows.length >= BATCH_RUNS || this.bytes >= BATCH_BYTES || this.configs.size >= BATCH_CONFIGS) await this.send();
  }

  /** A checkout or baseline mark lands after every run before it, in its own transaction. */
  async addEvent(record: Extract<LedgerRecord, { kind: "event" }>): Promise<void> {
    await this.flush();
    const recorded = await this.deps.db.transaction((tx) => insertSnapshotEvent(tx, record.event));
    if (recorded) this.eventsRecorded += 1;
  }

  /** Writes what is collected and waits until every batch is in the database. */
  async flush(): Promise<void> {
    await this.send();
    await this.inFlight;
    this.inFlight = null;
  }

  /** Hands the collected runs to the database once the previous batch is in. */
  private async send(): Promise<void> {
    if (this.rows.length === 0) return;
    const json = `[${this.rows.join(",")}]`;
    const count = this.rows.length;
    this.rows = [];
    this.bytes = 0;
    this.configs.clear();
    await this.inFlight;
    this.inFlight = this.write(json, count);
    // A failure surfaces at the next send or flush; until then it must not go unhandled.
    this.inFlight.catch(() => {});
  }

  private async write(json: string, count: number): Promise<void> {
    const outcome = await this.deps.db.transaction((tx) => insertRunBatch(tx, json));
    if (outcome.recorded + outcome.duplicates !== count) {
      throw new Error(`import_benchmark_results() accounted for ${outcome.recorded + outcome.duplicates} of ${count} runs`);
    }
    this.recorded += outcome.recorded;
    this.duplicates += outcome.duplicates;
    this.onProgress(this.recorded + this.duplicates);
  }
}
