import { median } from "./robust-stats.js";

/**
 * Clips every value to within `limit` of its local level, the median of a window of
 * 2·halfWidth + 1 values centred on it; near the ends of the series the window keeps its
 * length and slides inward, so the newest values are judged against their predecessors
 * (two spikes among the last three runs are still outliers). A running median follows a step as soon
 * as the new level holds the majority of a window, so steps survive while isolated
 * outliers (runs of at most `halfWidth` values) are pulled back to the local level: this is
 * what keeps a single spike from becoming a change point and heavy tails from inflating
 * the segment means.
 *
 * @param values the series
 * @param halfWidth how many neighbours on each side make the local level (2: a window of 5)
 * @param limit the largest allowed distance from the local level, in the values' units
 */
export function winsorizeAroundRunningMedian(
  values: readonly number[],
  halfWidth: number,
  limit: number,
): number[] {
  const n = values.length;
  const clipped = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const start = Math.max(0, Math.min(i - halfWidth, n - 2 * halfWidth - 1));
    const level = median(values.slice(start, start + 2 * halfWidth + 1));
    const value = values[i]!;
    clipped[i] = Math.min(level + limit, Math.max(level - limit, value));
  }
  return clipped;
}
