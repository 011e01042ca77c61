import type { RunContext } from "../core/run-context.js";
import type { Db } from "../store/db.js";

/** What every use case gets: the database, the CI's context, local git and the clock. */
export interface Deps {
  db: Db;
  ci: RunContext;
  readGit: () => Promise<{ commit_sha: string | null; branch_name: string | null }>;
  now: () => Date;
}
