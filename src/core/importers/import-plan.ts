import { checkResult, invalidResults, type InputProblem } from "../parse-results.js";
import type { BenchmarkResult } from "../types.js";
import type { CanonicalResult, ImportedRun, ImportOptions } from "./importer.js";

/**
 * Turns what an importer found into validated results: the command-line options win over
 * the file, and every result must pass the canonical schema. Problems name the file and
 * the position of the run in it.
 */
export function validateImportedRuns(file: string, runs: ImportedRun[], options: ImportOptions): BenchmarkResult[] {
  if (runs.length === 0) {
    throw invalidResults([{ file, path: "$", message: "the file holds no runs" }]);
  }
  const problems: InputProblem[] = [];
  const results: BenchmarkResult[] = [];
  for (const run of runs) {
    const checked = checkImportedResult(file, run.position, applyImportOptions(run.result, options));
    if (checked.result) results.push(checked.result);
    else problems.push(...checked.problems);
  }
  if (problems.length > 0) throw invalidResults(problems);
  return results;
}

/** One result at `position` of `file`, with its missing config fields named by flag. */
export function checkImportedResult(file: string, position: string, result: CanonicalResult):
  { result: BenchmarkResult; problems: [] } | { result: null; problems: InputProblem[] } {
  const missing: InputProblem[] = [];
  if (result.model_version === undefined) {
    missing.push({ file, path: position, message: "the file does not name the model; pass --model NAME" });
  }
  if (result.dataset_version === undefined) {
    missing.push({ file, path: position, message: "the file does not name the dataset; pass --dataset NAME" });
  }
  if (missing.length > 0) return { result: null, problems: missing };
  return checkResult(file, `${position}: result`, result);
}

/**
 * The result with the flags --model, --dataset, --prompt and --env applied over it, and
 * --commit and --branch where the file names none.
 */
export function applyImportOptions(result: CanonicalResult, options: ImportOptions): CanonicalResult {
  return {
    ...result,
    ...(options.model !== undefined ? { model_version: options.model } : {}),
    ...(options.dataset !== undefined ? { dataset_version: options.dataset } : {}),
    ...(options.prompt !== undefined ? { prompt_version: options.prompt } : {}),
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
    ...(result.commit_sha === undefined && options.commit !== undefined ? { commit_sha: options.commit } : {}),
    ...(result.branch_name === undefined && options.branch !== undefined ? { branch_name: options.branch } : {}),
  };
}
