import type { RunContext } from "../core/run-context.js";
import type { Db } from "../store/db.js";

/** What every use case gets: the database, the CI's context, local git and the clock. */
export interface Deps {
  db: Db;
  ci: RunContext;
  readGit: () => Promise<{ commit_sha: string | null; branch_name: string | null }>;
  /**
   * The merge base of a commit and the base branch (`origin/<baseRef>`) in local git; null
   * when git cannot say (no such commit or branch, a shallow clone). Absent: no git to ask.
   */
  readMergeBase?: (commitSha: string, baseRef: string) => Promise<string | null>;
  now: () => Date;
}
