import type { InputProblem } from "../parse-results.js";

/**
 * An importer turns one file of a harness or benchmark tool into canonical results
 * (docs/results-format.md): one per run the file holds. Importers are pure: text in,
 * plain result objects out. The caller validates every object against the canonical
 * schema, applies the command-line overrides and records them.
 */
export type ImportFormat =
  | "benchledger"          // canonical results: JSON (as push takes) or JSONL, and benchledger export's JSONL
  | "lm-eval"              // EleutherAI lm-evaluation-harness results JSON, v0.3 and v0.4
  | "promptfoo"            // promptfoo eval -o out.json / promptfoo export
  | "pytest-benchmark"     // pytest --benchmark-json
  | "github-action-benchmark" // gh-pages data.js / data.json history
  | "google-benchmark"     // --benchmark_format=json
  | "go-bench"             // go test -bench text output
  | "hyperfine"            // hyperfine --export-json
  | "csv";                 // CSV with a header row, one run per row

/** What the user says on the command line; each field, when given, wins over the file. */
export interface ImportOptions {
  model?: string;
  dataset?: string;
  prompt?: string;
  environment?: string;
  /** Commit and branch of runs whose file names none (the file's own win: a history names each). */
  commit?: string;
  branch?: string;
  /** CSV: the columns that hold metrics (default: every column with numbers that is not a known field). */
  metricColumns?: string[];
}

/**
 * One run found in a file: a canonical result as plain JSON (created_at as an ISO string),
 * and where in the file it came from, for messages ("$.entries.pipeline[3]", "line 12").
 * Fields the file cannot give (a model name for a pytest run) are left out; the caller
 * fills them from the options or says which flag to pass.
 */
export interface ImportedRun {
  position: string;
  result: CanonicalResult;
}

/** The canonical result's fields as JSON (see src/core/result-schema.ts). */
export interface CanonicalResult {
  model_version?: string;
  model_provider?: string;
  dataset_version?: string;
  prompt_version?: string;
  environment?: string;
  commit_sha?: string;
  branch_name?: string;
  metrics: Record<string, unknown>;
  /** metric path -> unit as the tool wrote it ("ns/iter", "iter/sec", "ms"). */
  units?: Record<string, string>;
  /** metric path -> which way is better, when the tool says ("higher" | "lower"). */
  directions?: Record<string, "higher" | "lower">;
  duration_seconds?: number;
  tags?: string[];
  run_key?: string;
  created_at?: string;
  /** The pull request the run belongs to: such a run is kept and checked but moves no snapshot. */
  pull_request?: number;
  examples?: Record<string, unknown>[];
}

export interface Importer {
  format: ImportFormat;
  /** One line for --help and docs: what produces such a file. */
  title: string;
  /**
   * Whether the text is in this format, from its content (the file name is a tie-breaker
   * only). Must be cheap and must not throw; a format is detected when exactly one
   * importer says yes.
   */
  detect(text: string, fileName: string): boolean;
  /**
   * The runs in the file. Throws `invalidResults(problems)` (src/core/parse-results.ts)
   * naming the file and the position of every problem found (a JSON path, or a line and
   * column for text formats) when the file is malformed: truncated, wrong types, or holding
   * no runs at all.
   */
  parse(file: string, text: string, options: ImportOptions, companions?: CompanionFile[]): ImportedRun[];
  /**
   * Optional: whether a file is not a run of its own but adds to the runs of another file
   * of this format given in the same command (lm-eval's per-sample logs,
   * samples_<task>_<time>.jsonl, add examples to the results file's runs). Companion files
   * are passed to `parse` of every other file of the format.
   */
  isCompanion?(text: string, fileName: string): boolean;
}

export interface CompanionFile {
  name: string;
  text: string;
}

export type { InputProblem };
