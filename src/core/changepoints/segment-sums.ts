/**
 * Prefix sums of a series, so that the sum, mean and sum of squared deviations of any
 * segment [start, end) cost O(1). Feed it centred and scaled values: the squared-sum
 * difference loses precision when the level is large relative to the spread.
 */
export interface SegmentSums {
  readonly length: number;
  /** Sum of values[start..end). */
  sum(start: number, end: number): number;
  /** Mean of values[start..end); NaN for an empty segment. */
  mean(start: number, end: number): number;
  /** Sum of squared deviations from the segment mean (the least-squares cost). */
  sse(start: number, end: number): number;
}

/** Builds the prefix sums of `values`. */
export function segmentSums(values: readonly number[]): SegmentSums {
  const n = values.length;
  const sums = new Float64Array(n + 1);
  const squares = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const value = values[i]!;
    sums[i + 1] = sums[i]! + value;
    squares[i + 1] = squares[i]! + value * value;
  }
  const sum = (start: number, end: number): number => sums[end]! - sums[start]!;
  return {
    length: n,
    sum,
    mean: (start, end) => sum(start, end) / (end - start),
    sse: (start, end) => {
      const total = sum(start, end);
      const cost = squares[end]! - squares[start]! - (total * total) / (end - start);
      return cost > 0 ? cost : 0;
    },
  };
}
