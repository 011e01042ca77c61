import { DEMO_TAG, generateDemoHistory } from "../core/demo-history.js";
import { resolveRun } from "../core/run-context.js";
import { EMPTY_PROJECT_CONFIG, type ProjectConfig } from "../core/project-config.js";
import type { LatestRow } from "../core/types.js";
import { checkRuns } from "./check-runs.js";
import { countRunsTagged, insertRuns } from "../store/transactions-store.js";
import type { Deps } from "./deps.js";
import { listChangesSince, listLatest, type ConfigChange } from "./latest.js";

export interface DemoReport {
  loaded_runs: number;
  already_loaded: boolean;
  latest: LatestRow[];
  changes: ConfigChange[];
  changes_days: number;
}

const CHANGES_DAYS = 30;
const CHECKED_COMMITS = 14;

/**
 * Loads the bundled example history (once; a second run only reports) and returns the
 * leaderboard and what changed over the last 30 days.
 */
export async function runDemo(deps: Deps, project: ProjectConfig = EMPTY_PROJECT_CONFIG): Promise<DemoReport> {
  const existing = await countRunsTagged(deps.db, [DEMO_TAG]);
  let loaded = 0;
  if (existing === 0) {
    const noContext = { environment: null, commit_sha: null, branch_name: null };
    const runs = generateDemoHistory({ end: deps.now() }).map((result) => resolveRun(result, {}, noContext, noContext));
    // One transaction: an interrupted load leaves nothing behind to be mistaken for a full one.
    loaded = (await insertRuns(deps.db, runs)).length;
    // Check the last two weeks' commits as CI would have, so the findings are there to see.
    const commits = [...new Set(runs.map((r) => r.commit_sha!))].slice(-CHECKED_COMMITS);
    for (const commit of commits) await checkRuns(deps, { commit, project });
  }
  return {
    loaded_runs: loaded,
    already_loaded: existing > 0,
    latest: await listLatest(deps),
    changes: await listChangesSince(deps, { days: CHANGES_DAYS }),
    changes_days: CHANGES_DAYS,
  };
}
