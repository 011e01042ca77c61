import type { SegmentSums } from "./segment-sums.js";

/**
 * The least-squares segmentation with a penalty per change point, found exactly by PELT
 * (Killick, Fearnhead & Eckley 2012): minimises Σ SSE(segment) + penalty·(#change points)
 * over all segmentations whose segments hold at least `minSegment` values.
 *
 * Pruning with a minimum segment length: a candidate start s that is beaten at time t
 * (F(s) + SSE(s, t) ≥ F(t)) can only be discarded for ends T ≥ t + minSegment, where t
 * itself is a legal last change; it is therefore dropped `minSegment` steps later.
 *
 * @returns the change indexes (first index of each new segment), ascending
 */
export function peltSegmentation(sums: SegmentSums, penalty: number, minSegment: number): number[] {
  const n = sums.length;
  if (n < 2 * minSegment) return [];
  const best = new Float64Array(n + 1).fill(Infinity);
  const previous = new Int32Array(n + 1).fill(-1);
  const beatenAt = new Map<number, number>();
  best[0] = -penalty;
  let candidates: number[] = [0];
  for (let end = minSegment; end <= n; end++) {
    if (end - minSegment >= minSegment) candidates.push(end - minSegment);
    candidates = candidates.filter((s) => (beatenAt.get(s) ?? Infinity) > end - minSegment);
    const { cost, start } = bestLastSegment(sums, best, candidates, end, minSegment, penalty);
    best[end] = cost;
    previous[end] = start;
    for (const s of candidates) {
      if (end - s >= minSegment && !beatenAt.has(s) && best[s]! + sums.sse(s, end) > cost) beatenAt.set(s, end);
    }
  }
  return backtrack(previous, n);
}

function bestLastSegment(
  sums: SegmentSums,
  best: Float64Array,
  candidates: readonly number[],
  end: number,
  minSegment: number,
  penalty: number,
): { cost: number; start: number } {
  let cost = Infinity;
  let start = -1;
  for (const s of candidates) {
    if (end - s < minSegment || best[s] === Infinity) continue;
    const total = best[s]! + sums.sse(s, end) + penalty;
    if (total < cost) {
      cost = total;
      start = s;
    }
  }
  return { cost, start };
}

function backtrack(previous: Int32Array, n: number): number[] {
  const changes: number[] = [];
  for (let end = previous[n]!; end > 0; end = previous[end]!) changes.push(end);
  return changes.reverse();
}
