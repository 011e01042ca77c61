import { InvalidInputError } from "../core/errors.js";
import type { ConfigKey } from "../core/types.js";
import { insertAcknowledgement, type AcknowledgementKind } from "../store/check-store.js";
import type { Deps } from "./deps.js";
import { resolveRecordedCommit } from "./resolve-commit.js";
import { selectConfig, type ConfigSelector } from "./select-config.js";

export type { AcknowledgementKind };

/** `expected`: a real, intended change (the alert was right); `false-positive`: the alert was wrong. */
export const ACKNOWLEDGEMENT_KINDS: readonly AcknowledgementKind[] = ["expected", "false-positive"];

/**
 * Records that a change of a metric at a commit is acknowledged, with the reason and its
 * kind (default `expected`), so `check` reports it as acknowledged and no longer fails on
 * it, whatever the kind. The kind feeds `alerts quality`: a `false-positive` counts
 * against the alert's precision, an `expected` change for it.
 */
export async function acknowledgeFinding(
  deps: Deps,
  options: ConfigSelector & { metric: string; commit?: string; reason: string; by?: string; kind?: AcknowledgementKind },
): Promise<ConfigKey & { id: string; metric: string; commit_sha: string; kind: AcknowledgementKind; reason: string; created_at: Date }> {
  if (!options.reason || options.reason.trim() === "") {
    throw new InvalidInputError("REASON_REQUIRED", "--reason is required: say why the change is expected.",
      'For example --reason "switched to the smaller model on purpose; quality drop accepted".');
  }
  const kind = options.kind ?? "expected";
  if (!ACKNOWLEDGEMENT_KINDS.includes(kind)) {
    throw new InvalidInputError("ACK_KIND_INVALID", `--as must be ${ACKNOWLEDGEMENT_KINDS.join(" or ")}, got ${JSON.stringify(kind)}.`,
      "Pass --as expected for a real, intended change, or --as false-positive for a wrong alert.");
  }
  const config = await selectConfig(deps, options);
  const commit = await resolveRecordedCommit(deps, options.commit);
  const ack = { ...config, metric: options.metric, commit_sha: commit, reason: options.reason.trim(), acknowledged_by: options.by ?? null, kind };
  const row = await deps.db.transaction((tx) => insertAcknowledgement(tx, ack));
  return { ...config, id: row.id, metric: ack.metric, commit_sha: commit, kind, reason: ack.reason, created_at: row.created_at };
}
