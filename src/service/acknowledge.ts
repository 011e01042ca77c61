import { InvalidInputError } from "../core/errors.js";
import type { ConfigKey } from "../core/types.js";
import { insertAcknowledgement } from "../store/check-store.js";
import type { Deps } from "./deps.js";
import { resolveRecordedCommit } from "./resolve-commit.js";
import { selectConfig, type ConfigSelector } from "./select-config.js";

/**
 * Records that a change of a metric at a commit is expected (with the reason), so
 * `check` reports it as acknowledged and no longer fails on it.
 */
export async function acknowledgeFinding(
  deps: Deps,
  options: ConfigSelector & { metric: string; commit?: string; reason: string; by?: string },
): Promise<ConfigKey & { id: string; metric: string; commit_sha: string; reason: string; created_at: Date }> {
  if (!options.reason || options.reason.trim() === "") {
    throw new InvalidInputError("REASON_REQUIRED", "--reason is required: say why the change is expected.",
      'For example --reason "switched to the smaller model on purpose; quality drop accepted".');
  }
  const config = await selectConfig(deps, options);
  const commit = await resolveRecordedCommit(deps, options.commit);
  const ack = { ...config, metric: options.metric, commit_sha: commit, reason: options.reason.trim(), acknowledged_by: options.by ?? null };
  const row = await deps.db.transaction((tx) => insertAcknowledgement(tx, ack));
  return { ...config, id: row.id, metric: ack.metric, commit_sha: commit, reason: ack.reason, created_at: row.created_at };
}
