import { InvalidInputError } from "../errors.js";
import { DEFAULT_SETTINGS, type DetectorSettings } from "./detector-settings.js";
import { differenceScale, independentNoiseFromDifferences, noiseFromDifferences, noiseFromResiduals } from "./noise-model.js";
import { noiseForTests, noiseKindOf } from "./noise-for-tests.js";
import { peltSegmentation } from "./pelt-segmentation.js";
import { type PruneContext, changePValues, pruneChangePoints, relocateChangePoints, window } from "./prune-change-points.js";
import { median } from "./robust-stats.js";
import { segmentSums } from "./segment-sums.js";
import { winsorizeAroundRunningMedian } from "./winsorize-series.js";

/** Options of {@link detectChangePoints}; every field is optional. */
export interface ChangePointOptions {
  /** The fewest runs a segment may hold, so the newest change shows after this many runs. Default 3. */
  minSegment?: number;
  /** Per-series significance of each change point, after the look-elsewhere correction. Default 0.001. */
  pValue?: number;
  /** Ignore shifts smaller than this fraction of the level, |after − before| / min(|before|, |after|). Default 0. */
  minRelativeShift?: number;
  /** Analyse only the newest N values. Default 500. */
  maxPoints?: number;
}

/** One change in the level of a series. Means are winsorised (see {@link detectChangePoints}). */
export interface ChangePoint {
  /** First index of the new regime, in the caller's array. */
  index: number;
  before_mean: number;
  after_mean: number;
  /** Runs in the segment before (from the previous change point, reported or weak: see step 5) and after (to the next). */
  before_n: number;
  after_n: number;
  /** Look-elsewhere-corrected p-value of the change against its neighbouring segments. */
  p_value: number;
  /** after_mean − before_mean. */
  shift: number;
  /** shift in units of the estimated noise standard deviation (marginal, not long-run). */
  shift_sigmas: number;
}

const DEFAULT_OPTIONS: Required<ChangePointOptions> = { minSegment: 3, pValue: 0.001, minRelativeShift: 0, maxPoints: 500 };

/**
 * Finds the runs where the level of a series changes (e.g. a benchmark's history in
 * commit order), each with a calibrated p-value. Steps:
 *
 * 1. Robust scale: 1.4826·MAD of the first differences / √2 (level shifts and isolated
 *    outliers barely move it). Every value is clipped to its running median (window 5)
 *    ± 2 scales, so a spike cannot make a change point and heavy tails cannot inflate a
 *    segment mean; `before_mean`/`after_mean` are means of these clipped values.
 * 2. Noise model: AR(1), with long-run standard deviation σ_LR = σ·√((1+φ)/(1−φ)), which
 *    governs the spread of segment means, so autocorrelated noise is not taken for shifts.
 * 3. Segmentation: exact least-squares segmentation (PELT), penalty 2.5·σ_LR²·ln n per
 *    change, segments of at least `minSegment` runs.
 * 4. Pruning: each change is tested against its neighbouring segments with a scan
 *    statistic whose p-value accounts for every split that could have been chosen (the
 *    look-elsewhere effect) and for σ_LR being estimated (Student t with the estimate's
 *    degrees of freedom); the weakest change is removed, and its neighbours re-tested on
 *    the merged segment, until all pass `pValue` and `minRelativeShift`.
 * 5. Two tiers (pValue < 0.01): the pruning runs at 0.01, and those "weak" changes stay as
 *    segment boundaries; a change is reported if it passes `pValue` against them (0.3 ×
 *    `pValue` when a neighbour is an unreported weak change). A strong step flanked by real
 *    but weaker changes is thus not lost when the weaker ones are removed; `before_n`,
 *    `after_n`, the means and `p_value` are then those of the segments between weak changes.
 *
 * Steps 2–4 run twice: φ is first estimated from lag-1/lag-2 differences, then from the
 * residuals around the first pass's changes. Histories under 20 runs assume φ = 0.5 rather
 * than estimate it; when most differences are exactly equal (counters, noise-free steps)
 * the scale is their RMS and φ = 0.
 *
 * Never throws on short, constant or noise-free input: fewer than 2·minSegment values, a
 * constant series or an exact arithmetic progression (a noise-free ramp) give []. Non-finite
 * values are replaced by the previous finite value. Deterministic. O(n²) worst case, about
 * a millisecond for 200 runs and 6 ms for 500.
 *
 * @example
 * detectChangePoints([...Array(30).fill(100), ...Array(30).fill(110)].map((v, i) => v + (i % 3)));
 * // → [{ index: 30, before_mean: 101, after_mean: 111, before_n: 30, after_n: 30, p_value: ≈2e-34, shift: 10, shift_sigmas: ≈7.5 }]
 * @throws InvalidInputError (CHANGEPOINT_OPTION_INVALID) when an option is out of range
 */
export function detectChangePoints(values: readonly number[], options: ChangePointOptions = {}): ChangePoint[] {
  return detectChangePointsWith(values, options, DEFAULT_SETTINGS);
}

/** {@link detectChangePoints} with explicit internal settings (benchmark ablations). @internal */
export function detectChangePointsWith(
  values: readonly number[],
  options: ChangePointOptions,
  settings: Readonly<DetectorSettings>,
): ChangePoint[] {
  const resolved = resolveOptions(options);
  const offset = Math.max(0, values.length - resolved.maxPoints);
  const series = fillNonFinite(values.slice(offset));
  return detectInSeries(series, resolved, settings).map((change) => ({ ...change, index: change.index + offset }));
}

function detectInSeries(
  series: readonly number[],
  options: Required<ChangePointOptions>,
  settings: Readonly<DetectorSettings>,
): ChangePoint[] {
  if (series.length < 2 * options.minSegment) return [];
  const scale = differenceScale(series);
  if (!(scale > 0) || !Number.isFinite(scale)) return [];
  const cleaned = winsorizeAroundRunningMedian(series, settings.clipHalfWidth, settings.clipLimit * scale);
  const center = median(cleaned);
  const scaled = cleaned.map((value) => (value - center) / scale);
  const base = { sums: segmentSums(scaled), toLevel: (scaledMean: number) => center + scale * scaledMean, ...options };
  const kind = noiseKindOf(series, settings.minLengthForAutocorrelation);
  const screeningNoise = kind === "estimated" ? noiseFromDifferences(scaled) : independentNoiseFromDifferences(scaled);
  const screening = noiseForTests(screeningNoise, 1, scaled.length, kind);
  // The screening pass only supplies residuals for the noise model: every significant
  // change must be in it, whatever its size, or the autocorrelation is overestimated.
  const first = segmentAndPrune({ ...base, ...screening, pValue: settings.screeningPValue, minRelativeShift: 0 }, settings);
  const final = noiseForTests(noiseFromResiduals(scaled, first), first.length + 1, scaled.length, kind);
  const context: PruneContext = { ...base, ...final };
  if (!(settings.weakPValue > options.pValue)) return describeChanges(segmentAndPrune(context, settings), context, final.sigma * scale);
  // Two tiers: weak change points (p ≤ weakPValue) are kept as segment boundaries, and those
  // that also pass pValue are reported. A change next to an unreported weak one must pass
  // weakBoundedFactor · pValue, which pays for the extra freedom of the weak boundary.
  const weak = segmentAndPrune({ ...context, pValue: settings.weakPValue }, settings);
  const weakPValues = changePValues(weak, context);
  const isReported = (i: number): boolean => {
    const boundedByWeak = [i - 1, i + 1].some((j) => j >= 0 && j < weak.length && weakPValues[j]! > options.pValue);
    return weakPValues[i]! <= (boundedByWeak ? settings.weakBoundedFactor : 1) * options.pValue;
  };
  return describeChanges(weak, context, final.sigma * scale).filter((_, i) => isReported(i));
}

function segmentAndPrune(context: PruneContext, settings: Readonly<DetectorSettings>): number[] {
  const penalty = settings.penaltyFactor * context.sigmaLongRun ** 2 * Math.log(context.sums.length);
  let changes = pruneChangePoints(peltSegmentation(context.sums, penalty, context.minSegment), context);
  for (let round = 0; round < 5; round++) {
    const moved = relocateChangePoints(changes, context);
    if (moved.length === changes.length && moved.every((index, i) => index === changes[i])) break;
    changes = pruneChangePoints(moved, context);
  }
  return changes;
}

function describeChanges(changes: readonly number[], context: PruneContext, sigma: number): ChangePoint[] {
  const pValues = changePValues(changes, context);
  return changes.map((index, i) => {
    const { start, end } = window(changes, i, context.sums.length);
    const beforeMean = context.toLevel(context.sums.mean(start, index));
    const afterMean = context.toLevel(context.sums.mean(index, end));
    const shift = afterMean - beforeMean;
    return {
      index,
      before_mean: beforeMean,
      after_mean: afterMean,
      before_n: index - start,
      after_n: end - index,
      p_value: pValues[i]!,
      shift,
      shift_sigmas: sigma > 0 ? shift / sigma : 0,
    };
  });
}

function fillNonFinite(values: readonly number[]): number[] {
  const firstFinite = values.find((value) => Number.isFinite(value)) ?? 0;
  let last = firstFinite;
  return values.map((value) => (Number.isFinite(value) ? (last = value) : last));
}

function resolveOptions(options: ChangePointOptions): Required<ChangePointOptions> {
  const resolved = { ...DEFAULT_OPTIONS, ...stripUndefined(options) };
  const checks: [keyof ChangePointOptions, boolean, string][] = [
    ["minSegment", Number.isInteger(resolved.minSegment) && resolved.minSegment >= 1, "an integer of at least 1"],
    ["pValue", resolved.pValue > 0 && resolved.pValue <= 1, "in (0, 1]"],
    ["minRelativeShift", resolved.minRelativeShift >= 0 && Number.isFinite(resolved.minRelativeShift), "a finite number ≥ 0"],
    ["maxPoints", Number.isInteger(resolved.maxPoints) && resolved.maxPoints >= 2, "an integer of at least 2"],
  ];
  for (const [name, isValid, expected] of checks) {
    if (!isValid) {
      throw new InvalidInputError("CHANGEPOINT_OPTION_INVALID", `Change point option ${name} must be ${expected}, got ${String(resolved[name])}.`,
        `Omit ${name} to use its default (${DEFAULT_OPTIONS[name]}).`);
    }
  }
  return resolved;
}

function stripUndefined(options: ChangePointOptions): ChangePointOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
