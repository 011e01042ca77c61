import { diffExamples, type ExampleDiff } from "../core/example-diff.js";
import { compareMetrics, type MetricDelta } from "../core/metrics.js";
import { selectExamples } from "../store/check-store.js";
import { InvalidInputError, NotFoundError } from "../core/errors.js";
import type { ConfigKey, SnapshotVersionRow, TransactionId } from "../core/types.js";
import { configLabel } from "../core/types.js";
import {
  checkoutVersion,
  countVersions,
  selectVersion,
  selectVersions,
  updateBaseline,
} from "../store/snapshots-store.js";
import type { Deps } from "./deps.js";
import { selectConfig, type ConfigSelector } from "./select-config.js";

/** The snapshot versions of the selected config, oldest first: all, or the newest `limit`; `total` counts all. */
export async function listVersions(
  deps: Deps,
  selector: ConfigSelector,
  options: { limit?: number } = {},
): Promise<{ config: ConfigKey; versions: SnapshotVersionRow[]; total: number }> {
  const config = await selectConfig(deps, selector);
  const [versions, total] = await Promise.all([selectVersions(deps.db, config, options.limit ?? null), countVersions(deps.db, config)]);
  return { config, versions, total };
}

export interface VersionComparison {
  config: ConfigKey;
  a: SnapshotVersionRow;
  b: SnapshotVersionRow;
  deltas: MetricDelta[];
  /** Per-example differences, when both runs carry examples. */
  examples: ExampleDiff | null;
}

/** Two versions side by side with the delta (b - a) of every metric, and of every example. */
export async function compareVersions(deps: Deps, selector: ConfigSelector, a: number, b: number): Promise<VersionComparison> {
  const config = await selectConfig(deps, selector);
  const [rowA, rowB] = await Promise.all([requireVersion(deps, config, a), requireVersion(deps, config, b)]);
  const [examplesA, examplesB] = await Promise.all([selectExamples(deps.db, rowA.transaction_id), selectExamples(deps.db, rowB.transaction_id)]);
  return {
    config,
    a: rowA,
    b: rowB,
    deltas: compareMetrics(rowA.metrics, rowB.metrics),
    examples: examplesA && examplesB ? diffExamples(examplesA, examplesB) : null,
  };
}

/** Makes version N current again by appending a new version that points at N's run. */
export async function checkout(
  deps: Deps,
  selector: ConfigSelector,
  version: number,
): Promise<{ config: ConfigKey; snapshot_version: number; restored_from_version: number; transaction_id: TransactionId }> {
  assertVersionNumber(version, "--version");
  const config = await selectConfig(deps, selector);
  const created = await deps.db.transaction((tx) => checkoutVersion(tx, config, version));
  return { config, ...created, restored_from_version: version };
}

/** Marks version N (default: the current one) as the config's baseline. */
export async function setBaseline(deps: Deps, selector: ConfigSelector, version?: number): Promise<{ config: ConfigKey; baseline_version: number }> {
  if (version !== undefined) assertVersionNumber(version, "--version");
  const config = await selectConfig(deps, selector);
  const target = version ?? (await selectVersions(deps.db, config)).find((v) => v.is_current)?.snapshot_version;
  if (target === undefined) throw new NotFoundError("NO_CURRENT_VERSION", `${configLabel(config)} has no current version.`);
  await deps.db.transaction((tx) => updateBaseline(tx, config, target));
  return { config, baseline_version: target };
}

/** Clears the config's baseline mark. */
export async function unsetBaseline(deps: Deps, selector: ConfigSelector): Promise<{ config: ConfigKey; baseline_version: null }> {
  const config = await selectConfig(deps, selector);
  await deps.db.transaction((tx) => updateBaseline(tx, config, null));
  return { config, baseline_version: null };
}

async function requireVersion(deps: Deps, config: ConfigKey, version: number): Promise<SnapshotVersionRow> {
  assertVersionNumber(version, "version");
  const row = await selectVersion(deps.db, config, version);
  if (!row) {
    throw new NotFoundError("VERSION_NOT_FOUND", `${configLabel(config)} has no version ${version}.`,
      "List its versions with `benchledger versions`.");
  }
  return row;
}

function assertVersionNumber(version: number, flag: string): void {
  if (!Number.isInteger(version) || version < 1) {
    throw new InvalidInputError("BAD_VERSION", `${flag} must be a version number (1, 2, ...), got ${version}.`,
      "List the versions with `benchledger versions`.");
  }
}
