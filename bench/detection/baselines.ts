/**
 * The two simple detectors the benchmark compares against. Both judge each run against
 * the runs before it only (online by construction). A run of consecutive flagged runs
 * counts as one detected change, at its first run.
 */

/** Flags a run whose value differs by more than `fraction` from the mean of the previous `window` runs. */
export function fixedThresholdFlags(values: readonly number[], fraction = 0.05, window = 10): boolean[] {
  return values.map((value, i) => {
    if (i === 0) return false;
    const previous = values.slice(Math.max(0, i - window), i);
    const center = previous.reduce((acc, v) => acc + v, 0) / previous.length;
    return Math.abs(value - center) > fraction * Math.abs(center);
  });
}

/** Flags a run more than `threshold` SDs from the mean of the previous `window` runs (at least 10 needed). */
export function rollingZFlags(values: readonly number[], window = 30, threshold = 3): boolean[] {
  return values.map((value, i) => {
    if (i < 10) return false;
    const previous = values.slice(Math.max(0, i - window), i);
    const center = previous.reduce((acc, v) => acc + v, 0) / previous.length;
    const variance = previous.reduce((acc, v) => acc + (v - center) ** 2, 0) / (previous.length - 1);
    return variance > 0 ? Math.abs(value - center) / Math.sqrt(variance) > threshold : value !== center;
  });
}

/** First run of each stretch of consecutive flags. */
export function flagsToChanges(flags: readonly boolean[]): number[] {
  const changes: number[] = [];
  flags.forEach((flag, i) => {
    if (flag && !(i > 0 && flags[i - 1])) changes.push(i);
  });
  return changes;
}
