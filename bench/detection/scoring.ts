/**
 * Scoring of detected change points, following TCPDBench's metrics (van den Burg &
 * Williams 2020): a prediction matches a true change within `margin` runs, one-to-one,
 * each true change taking the nearest unmatched prediction.
 */

/** How many of `truth` are matched one-to-one by `predicted` within `margin`. */
export function countMatches(truth: readonly number[], predicted: readonly number[], margin: number): number {
  const remaining = new Set(predicted);
  let matched = 0;
  for (const tau of truth) {
    let best: number | undefined;
    for (const x of remaining) {
      const distance = Math.abs(tau - x);
      if (distance <= margin && (best === undefined || distance < Math.abs(tau - best) || (distance === Math.abs(tau - best) && x < best))) best = x;
    }
    if (best !== undefined) {
      remaining.delete(best);
      matched++;
    }
  }
  return matched;
}

/** Pooled counts over many series. */
export interface Counts {
  truePositives: number;
  predicted: number;
  actual: number;
}

export function emptyCounts(): Counts {
  return { truePositives: 0, predicted: 0, actual: 0 };
}

export function addCounts(counts: Counts, truth: readonly number[], predicted: readonly number[], margin: number): void {
  counts.truePositives += countMatches(truth, predicted, margin);
  counts.predicted += predicted.length;
  counts.actual += truth.length;
}

/** Micro-averaged precision, recall and F1 of pooled counts (precision 1 when nothing is predicted). */
export function precisionRecallF1(counts: Counts): { precision: number; recall: number; f1: number } {
  const precision = counts.predicted === 0 ? 1 : counts.truePositives / counts.predicted;
  const recall = counts.actual === 0 ? 1 : counts.truePositives / counts.actual;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/**
 * TCPD's F1 for one series: index 0 is added to every annotation set and to the
 * predictions; precision is measured against the union of all annotators' change points,
 * recall is averaged over annotators.
 */
export function tcpdF1(annotations: Readonly<Record<string, readonly number[]>>, predicted: readonly number[], margin = 5): number {
  const perAnnotator = Object.values(annotations).map((changes) => [...new Set([0, ...changes])]);
  const predictions = [...new Set([0, ...predicted])];
  const union = [...new Set(perAnnotator.flat())].sort((a, b) => a - b);
  const precision = countMatches(union, predictions, margin) / predictions.length;
  const recall =
    perAnnotator.reduce((acc, truth) => acc + countMatches([...truth].sort((a, b) => a - b), predictions, margin) / truth.length, 0) /
    perAnnotator.length;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}
