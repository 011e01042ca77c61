import { InvalidInputError, NotFoundError } from "../core/errors.js";
import { selectCommitsLike } from "../store/check-store.js";
import type { Deps } from "./deps.js";

/**
 * The full SHA of the commit a user means: the one given (a full SHA or a unique prefix of
 * a recorded one, as git accepts), else the CI's, else local git's HEAD.
 */
export async function resolveCommit(deps: Deps, given: string | undefined): Promise<string> {
  const commit = given ?? deps.ci.commit_sha ?? (await deps.readGit()).commit_sha;
  if (!commit) {
    throw new InvalidInputError("NO_COMMIT", "No commit: none was given, and neither the CI nor git names one.",
      "Pass --commit SHA, or run inside the git checkout.");
  }
  const matches = await selectCommitsLike(deps.db, commit);
  if (matches.includes(commit) || matches.length === 0) return commit;
  if (matches.length === 1) return matches[0]!;
  throw new InvalidInputError("COMMIT_AMBIGUOUS", `Commit ${commit} is ambiguous: ${matches.slice(0, 5).join(", ")}${matches.length > 5 ? ", ..." : ""}.`,
    "Give more characters of the SHA.");
}

/** Like resolveCommit, but the commit must have recorded runs. */
export async function resolveRecordedCommit(deps: Deps, given: string | undefined): Promise<string> {
  const commit = await resolveCommit(deps, given);
  if ((await selectCommitsLike(deps.db, commit)).includes(commit)) return commit;
  throw new NotFoundError("NO_RUNS_AT_COMMIT", `No runs are recorded for commit ${commit}.`,
    "Push this commit's results first (`benchledger push results.json`), or name a commit that has runs.");
}
