import { IntegrityError } from "../core/errors.js";
import type { SnapshotDrift } from "../core/types.js";
import { countSnapshots, rebuildSnapshots, selectSnapshotDrift } from "../store/snapshots-store.js";
import { countRuns } from "../store/transactions-store.js";
import type { Deps } from "./deps.js";

export interface ReplayReport {
  mode: "verify" | "rebuild";
  runs: number;
  snapshot_versions: number;
  /** Differences found (verify), or left after the rebuild (always none unless the log is broken). */
  differences: SnapshotDrift[];
  ok: boolean;
}

/**
 * Replays the log into the snapshot layer. `verify` compares without changing anything;
 * otherwise the layer is rebuilt in one transaction and then checked.
 */
export async function replaySnapshots(deps: Deps, options: { verify: boolean }): Promise<ReplayReport> {
  if (options.verify) {
    const [differences, runs, versions] = await Promise.all([
      selectSnapshotDrift(deps.db), countRuns(deps.db), countSnapshots(deps.db)]);
    return { mode: "verify", runs, snapshot_versions: versions, differences, ok: differences.length === 0 };
  }
  return deps.db.transaction(async (tx) => {
    const versions = await rebuildSnapshots(tx);
    const differences = await selectSnapshotDrift(tx);
    if (differences.length > 0) {
      throw new IntegrityError("REPLAY_MISMATCH", `The rebuilt snapshot layer still differs from the log in ${differences.length} places; nothing was changed.`,
        "Report this as a bug with the output of `benchledger replay --verify --json`.");
    }
    return { mode: "rebuild", runs: await countRuns(tx), snapshot_versions: versions, differences, ok: true };
  });
}
