import { type ChangePointOptions, detectChangePoints } from "../../src/core/changepoints/detect-change-points.js";
import { fixedThresholdFlags, flagsToChanges, rollingZFlags } from "./baselines.js";

/**
 * The detectors compared by the benchmark, behind one shape. A causal detector judges each
 * run against earlier runs only, so its batch output is also its online output; the change
 * point detector is re-run on each prefix for online figures (see online-replay.ts).
 */
export interface BenchDetector {
  name: string;
  /** Change indexes found in a whole series. */
  changes(values: readonly number[]): number[];
  /** Per-run flags, for causal detectors only. */
  flags?(values: readonly number[]): boolean[];
}

/** benchledger's detectChangePoints with the given options. */
export function changePointDetector(name: string, options: ChangePointOptions = {}): BenchDetector {
  return { name, changes: (values) => detectChangePoints(values, options).map((change) => change.index) };
}

/** Flags a run > 5% away from the mean of the previous 10 runs. */
export const fixedThresholdDetector: BenchDetector = {
  name: "fixed 5% vs mean of last 10",
  changes: (values) => flagsToChanges(fixedThresholdFlags(values)),
  flags: (values) => fixedThresholdFlags(values),
};

/** Flags a run with |x − mean of last 30| / sd > 3. */
export const rollingZDetector: BenchDetector = {
  name: "rolling z > 3 (last 30)",
  changes: (values) => flagsToChanges(rollingZFlags(values)),
  flags: (values) => rollingZFlags(values),
};
