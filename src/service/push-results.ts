import { invalidResults, parseResultsFile, type InputProblem } from "../core/parse-results.js";
import { resolveRun, type RunOverrides } from "../core/run-context.js";
import { InvalidInputError } from "../core/errors.js";
import type { BenchmarkResult, PushOutcome } from "../core/types.js";
import { insertRuns } from "../store/transactions-store.js";
import type { Deps } from "./deps.js";

export interface ResultsFile {
  /** As the user named it, for messages. */
  name: string;
  text: string;
}

/**
 * Validates every result of every file first, then records them all in one database
 * transaction: any invalid result, or any failure while recording, writes nothing.
 */
export async function pushResults(deps: Deps, files: ResultsFile[], overrides: RunOverrides = {}): Promise<PushOutcome[]> {
  return recordResults(deps, validateResults(files), overrides);
}

/** Parses and validates results files; throws one error naming every problem of every file. */
export function validateResults(files: ResultsFile[]): BenchmarkResult[] {
  if (files.length === 0) {
    throw new InvalidInputError("NO_FILES", "No results file given.", "Name one or more files: benchledger push results.json");
  }
  return parseAll(files);
}

/** Completes validated results with their context and records them all in one transaction. */
export async function recordResults(deps: Deps, results: BenchmarkResult[], overrides: RunOverrides = {}): Promise<PushOutcome[]> {
  const needsGit = results.some((r) =>
    (overrides.commit_sha ?? r.commit_sha ?? deps.ci.commit_sha ?? null) === null
    || (overrides.branch_name ?? r.branch_name ?? deps.ci.branch_name ?? null) === null);
  const git = needsGit ? await deps.readGit() : { commit_sha: null, branch_name: null };
  const runs = results.map((result) => resolveRun(result, overrides, deps.ci, git));
  return insertRuns(deps.db, runs);
}

function parseAll(files: ResultsFile[]): BenchmarkResult[] {
  const problems: InputProblem[] = [];
  const results: BenchmarkResult[] = [];
  for (const file of files) {
    try {
      results.push(...parseResultsFile(file.name, file.text));
    } catch (error) {
      const found = (error as { problems?: InputProblem[] }).problems;
      if (!found) throw error;
      problems.push(...found);
    }
  }
  if (problems.length > 0) throw invalidResults(problems);
  return results;
}
