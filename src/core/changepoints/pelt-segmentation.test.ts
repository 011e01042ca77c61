import { describe, expect, it } from "vitest";
import { peltSegmentation } from "./pelt-segmentation.js";
import { segmentSums } from "./segment-sums.js";

/** Exhaustive optimum: the cost of the best segmentation into segments of ≥ minSegment. */
function bruteForceCost(values: readonly number[], penalty: number, minSegment: number): number {
  const sums = segmentSums(values);
  const best = (end: number): number => {
    if (end === 0) return -penalty;
    let cost = Infinity;
    for (let start = 0; start <= end - minSegment; start++) {
      if (start > 0 && start < minSegment) continue;
      cost = Math.min(cost, best(start) + sums.sse(start, end) + penalty);
    }
    return cost;
  };
  return best(values.length);
}

function costOf(values: readonly number[], changes: readonly number[], penalty: number): number {
  const sums = segmentSums(values);
  const bounds = [0, ...changes, values.length];
  return bounds.slice(1).reduce((acc, end, i) => acc + sums.sse(bounds[i]!, end) + penalty, -penalty);
}

describe("peltSegmentation", () => {
  it("finds an obvious step", () => {
    const values = [0, 0.1, -0.1, 0, 0.2, 5, 5.1, 4.9, 5, 5.2];
    expect(peltSegmentation(segmentSums(values), 1, 2)).toEqual([5]);
  });

  it("matches exhaustive search on small series, with segments of at least minSegment", () => {
    let state = 12345;
    const uniform = (): number => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4_294_967_296);
    for (let trial = 0; trial < 40; trial++) {
      const n = 6 + (trial % 9);
      const values = Array.from({ length: n }, (_, i) => uniform() * 2 + (i > n / 2 ? 3 * uniform() : 0));
      for (const [penalty, minSegment] of [[0.5, 1], [0.5, 2], [2, 3], [0.1, 3]] as const) {
        const changes = peltSegmentation(segmentSums(values), penalty, minSegment);
        const bounds = [0, ...changes, n];
        bounds.slice(1).forEach((end, i) => expect(end - bounds[i]!).toBeGreaterThanOrEqual(minSegment));
        expect(costOf(values, changes, penalty)).toBeCloseTo(bruteForceCost(values, penalty, minSegment), 9);
      }
    }
  });

  it("returns [] when the series cannot hold two segments", () => {
    expect(peltSegmentation(segmentSums([1, 9, 1, 9, 1]), 0.01, 3)).toEqual([]);
  });
});
