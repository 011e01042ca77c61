import type { BenchDetector } from "./detectors.js";
import { flagDelay, replayAlerts, replayDelay } from "./online-replay.js";
import { deriveSeed, mulberry32 } from "./random.js";
import { type Counts, addCounts, emptyCounts } from "./scoring.js";
import { type LabelledSeries, type NoiseKind, STEP_INDEXES, nullSeries, stepSeries } from "./synthetic-series.js";

/** Matching margin (runs) for F1 and for "the step was flagged" in online replay. */
export const MARGIN = 5;
/** Online replay follows a step for at most this many runs. */
export const MAX_DELAY = 30;
/** The first prefix replayed on null series: the shortest history that can hold a change (2 × minSegment). */
export const FIRST_REPLAYED_RUN = 5;

export type Progress = (message: string) => void;

/** Pooled counts per detector name. */
export type CountsByDetector = Record<string, Counts>;

/** The same seeded series for every detector: `reps` step series of one noise kind and effect. */
export function stepCell(kind: NoiseKind, effect: number, reps: number, seed: number): LabelledSeries[] {
  const uniform = mulberry32(deriveSeed(seed, "step", kind, effect));
  return Array.from({ length: reps }, () => stepSeries(kind, effect, uniform));
}

/** `reps` null series of one noise kind. */
export function nullCell(kind: NoiseKind, reps: number, seed: number, purpose: string): LabelledSeries[] {
  const uniform = mulberry32(deriveSeed(seed, "null", purpose, kind));
  return Array.from({ length: reps }, () => nullSeries(kind, uniform));
}

/** Precision/recall counts at margin 5 of each detector on a set of labelled series. */
export function scoreBatch(detectors: readonly BenchDetector[], series: readonly LabelledSeries[]): CountsByDetector {
  const result: CountsByDetector = {};
  for (const detector of detectors) {
    const counts = emptyCounts();
    for (const { values, changes } of series) addCounts(counts, changes, detector.changes(values), MARGIN);
    result[detector.name] = counts;
  }
  return result;
}

/** False change points per 1,000 runs on null series, batch (each series analysed once). */
export function batchFalseRate(detector: BenchDetector, series: readonly LabelledSeries[]): number {
  const found = series.reduce((acc, { values }) => acc + detector.changes(values).length, 0);
  const runs = series.reduce((acc, { values }) => acc + values.length, 0);
  return (1000 * found) / runs;
}

/**
 * False alerts per 1,000 runs on null series, online: causal detectors count their flagged
 * stretches; the change point detector is re-run as each run arrives (replayAlerts).
 */
export function onlineFalseRate(detector: BenchDetector, series: readonly LabelledSeries[]): number {
  let alerts = 0;
  let runs = 0;
  for (const { values } of series) {
    if (detector.flags) {
      alerts += detector.changes(values).length;
      runs += values.length;
    } else {
      alerts += replayAlerts(values, (prefix) => detector.changes(prefix), { firstRun: FIRST_REPLAYED_RUN, margin: MARGIN });
      runs += values.length - FIRST_REPLAYED_RUN;
    }
  }
  return (1000 * alerts) / runs;
}

/** Delays (runs after the first changed run; null = not within MAX_DELAY) to flag the first step. */
export function stepDelays(detector: BenchDetector, series: readonly LabelledSeries[]): (number | null)[] {
  const step = STEP_INDEXES[0]!;
  return series.map(({ values }) => {
    const history = values.slice(0, step + MAX_DELAY + 1);
    if (detector.flags) return flagDelay(detector.flags(history), step, MAX_DELAY);
    return replayDelay(history, step, (prefix) => detector.changes(prefix), { maxDelay: MAX_DELAY, margin: MARGIN });
  });
}
