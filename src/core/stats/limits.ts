import { InvalidInputError } from "../errors.js";
import { iqr, mean, median, stddev } from "./descriptive.js";
import { normalQuantile } from "./normal.js";
import { studentTQuantile } from "./student-t.js";

/** Bencher's threshold models (DETECTION.md §2). */
export type LimitModel = "percentage" | "z_score" | "t_test" | "iqr" | "static";

export interface LimitOptions {
  /**
   * percentage: the fraction either side of the mean (0.05 is ±5%); z_score and t_test: the
   * one-sided confidence, in [0.5, 1) (0.99 alerts on about 1% of in-control runs per side);
   * iqr: the multiplier k of the IQR (1.5 is Tukey's fence); static: unused.
   */
  boundary: number;
  /** static only: the lowest acceptable value; default −∞. */
  lower?: number;
  /** static only: the highest acceptable value; default +∞. */
  upper?: number;
}

export interface Limits {
  /** The history's mean (median for iqr); NaN for static with no history. */
  center: number;
  /** A new value below this is out of range (a regression where smaller is worse). */
  lower: number;
  /** A new value above this is out of range (a regression where larger is worse). */
  upper: number;
  /** The history values used. */
  n: number;
  /** The spread the limits are built on: s (n − 1) for z_score and t_test, the IQR for iqr, 0 for percentage and static. */
  spread: number;
}

export interface InsufficientData {
  status: "insufficient-data";
  have: number;
  need: number;
}

/** The least history each model needs, as Bencher's minimum sample sizes. */
export const MIN_HISTORY: Readonly<Record<LimitModel, number>> = { percentage: 1, z_score: 2, t_test: 2, iqr: 4, static: 0 };

/**
 * The range a new value x should fall in, from the history h of its series (oldest or
 * newest first; order does not matter). With x̄ and s the history's mean and standard
 * deviation (n − 1), b the boundary:
 * - percentage: x̄·(1 ± b), needs n ≥ 1 (lower ≤ upper also for a negative mean);
 * - z_score: x̄ ± Φ⁻¹(b)·s, needs n ≥ 2;
 * - t_test: x̄ ± t⁻¹ₙ₋₁(b)·s·√(1 + 1/n), a prediction interval for one new value, n ≥ 2;
 * - iqr: median ± k·(Q3 − Q1), needs n ≥ 4;
 * - static: [options.lower, options.upper], any n.
 * Too little history is a result, not an error. A constant history gives s = 0 and limits
 * at the mean: any change is out of range. Values should be finite; a NaN in the history
 * makes the limits NaN.
 *
 * @throws InvalidInputError when the boundary is out of range for the model, or static
 * bounds are reversed.
 * @example computeLimits("t_test", [101, 99, 100, 102, 98], { boundary: 0.99 })
 */
export function computeLimits(model: LimitModel, history: readonly number[], options: LimitOptions): Limits | InsufficientData {
  checkOptions(model, options);
  const need = MIN_HISTORY[model];
  const n = history.length;
  if (n < need) return { status: "insufficient-data", have: n, need };
  const b = options.boundary;
  switch (model) {
    case "percentage": {
      const center = mean(history);
      return { center, lower: center - Math.abs(center) * b, upper: center + Math.abs(center) * b, n, spread: 0 };
    }
    case "z_score":
      return around(mean(history), normalQuantile(b), stddev(history), n);
    case "t_test": {
      const s = stddev(history);
      const halfWidth = studentTQuantile(b, n - 1) * s * Math.sqrt(1 + 1 / n);
      return { center: mean(history), lower: mean(history) - halfWidth, upper: mean(history) + halfWidth, n, spread: s };
    }
    case "iqr":
      return around(median(history), b, iqr(history), n);
    case "static":
      return { center: mean(history), lower: options.lower ?? -Infinity, upper: options.upper ?? Infinity, n, spread: 0 };
  }
}

function around(center: number, multiplier: number, spread: number, n: number): Limits {
  return { center, lower: center - multiplier * spread, upper: center + multiplier * spread, n, spread };
}

function checkOptions(model: LimitModel, options: LimitOptions): void {
  const b = options.boundary;
  if (model === "z_score" || model === "t_test") {
    if (!(b >= 0.5 && b < 1)) {
      throw new InvalidInputError("LIMIT_BOUNDARY_OUT_OF_RANGE", `The ${model} boundary is a one-sided confidence in [0.5, 1), got ${b}.`, "Pass e.g. 0.99 (Bencher's default) or 0.999 for fewer alerts.");
    }
  } else if (model === "percentage" || model === "iqr") {
    if (!(b >= 0 && b < Infinity)) {
      const example = model === "percentage" ? "0.05 for ±5%" : "1.5 for Tukey's fence";
      throw new InvalidInputError("LIMIT_BOUNDARY_OUT_OF_RANGE", `The ${model} boundary must be a non-negative number, got ${b}.`, `Pass e.g. ${example}.`);
    }
  } else if ((options.lower ?? -Infinity) > (options.upper ?? Infinity) || Number.isNaN(options.lower) || Number.isNaN(options.upper)) {
    throw new InvalidInputError("LIMIT_BOUNDS_REVERSED", `Static limits need lower ≤ upper, got lower ${options.lower} and upper ${options.upper}.`, "Swap the two bounds, or leave one out for a one-sided limit.");
  }
}
