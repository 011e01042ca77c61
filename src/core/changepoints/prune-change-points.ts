import { changePValue } from "./change-p-value.js";
import type { SegmentSums } from "./segment-sums.js";

/** What pruning needs to know about a (centred, scaled) series and the caller's limits. */
export interface PruneContext {
  sums: SegmentSums;
  sigmaLongRun: number;
  minSegment: number;
  pValue: number;
  minRelativeShift: number;
  /** Effective degrees of freedom of sigmaLongRun (Infinity: known). */
  degreesOfFreedom: number;
  /** Maps a segment mean of the scaled series back to the caller's units. */
  toLevel: (scaledMean: number) => number;
}

/**
 * The p-value of every change point against its current neighbours: change i is tested
 * in the window [changes[i−1], changes[i+1]) (series ends for the outer ones).
 */
export function changePValues(changes: readonly number[], context: PruneContext): number[] {
  return changes.map((split, i) =>
    changePValue(context.sums, window(changes, i, context.sums.length), context.sigmaLongRun, context.minSegment, context.degreesOfFreedom),
  );
}

/**
 * Backward elimination: while some change point fails its test, remove the one with the
 * largest p-value; then, while some shift is below `minRelativeShift` of the level, remove
 * the smallest. Neighbours are re-tested after each removal, on the merged segment (never
 * with the statistics of a deleted interval).
 */
export function pruneChangePoints(changes: readonly number[], context: PruneContext): number[] {
  const kept = [...changes];
  for (;;) {
    const pValues = changePValues(kept, context);
    const worst = indexOfMax(pValues);
    if (worst >= 0 && pValues[worst]! > context.pValue) {
      kept.splice(worst, 1);
      continue;
    }
    const shifts = kept.map((_, i) => relativeShift(kept, i, context));
    const smallest = indexOfMax(shifts.map((s) => -s));
    if (smallest >= 0 && shifts[smallest]! < context.minRelativeShift) {
      kept.splice(smallest, 1);
      continue;
    }
    return kept;
  }
}

/**
 * Moves each change point to the best split of the window between its neighbours (the one
 * with the largest least-squares gain), which matters once pruning has removed a spurious
 * neighbour that had pulled it off. Changes that would coincide are merged.
 */
export function relocateChangePoints(changes: readonly number[], context: PruneContext): number[] {
  const moved = [...changes];
  const { sums, minSegment } = context;
  for (let i = 0; i < moved.length; i++) {
    const { start, end } = window(moved, i, sums.length);
    let bestSplit = moved[i]!;
    let bestGain = -Infinity;
    for (let split = start + minSegment; split <= end - minSegment; split++) {
      const gain = sums.sse(start, end) - sums.sse(start, split) - sums.sse(split, end);
      if (gain > bestGain + 1e-12) {
        bestGain = gain;
        bestSplit = split;
      }
    }
    moved[i] = bestSplit;
  }
  return [...new Set(moved)].sort((a, b) => a - b);
}

/** |after − before| / min(|before|, |after|) in the caller's units (Otava's magnitude). */
export function relativeShift(changes: readonly number[], i: number, context: PruneContext): number {
  const { start, split, end } = window(changes, i, context.sums.length);
  const before = context.toLevel(context.sums.mean(start, split));
  const after = context.toLevel(context.sums.mean(split, end));
  if (before === after) return 0;
  const base = Math.min(Math.abs(before), Math.abs(after));
  return base > 0 ? Math.abs(after - before) / base : Infinity;
}

/** The window of change i: from the previous change (or 0) to the next (or n). */
export function window(changes: readonly number[], i: number, n: number): { start: number; split: number; end: number } {
  return { start: i > 0 ? changes[i - 1]! : 0, split: changes[i]!, end: i + 1 < changes.length ? changes[i + 1]! : n };
}

function indexOfMax(values: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best < 0 || values[i]! > values[best]!) best = i;
  return best;
}
