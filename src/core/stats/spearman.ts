/**
 * Spearman's rank correlation (scipy `spearmanr(a, b).statistic`): Pearson's correlation
 * of the ranks, tied values sharing their average rank. In [−1, 1]; NaN when either side
 * is constant (no ranking to correlate) or has fewer than two values, or holds a NaN.
 *
 * @throws RangeError when a and b differ in length: the values are pairs.
 */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`spearman: a and b must pair up, got lengths ${a.length} and ${b.length}.`);
  if (a.length < 2 || a.some(Number.isNaN) || b.some(Number.isNaN)) return NaN;
  const ranksA = averageRanks(a);
  const ranksB = averageRanks(b);
  const meanRank = (a.length + 1) / 2;
  let crossProducts = 0;
  let squaresA = 0;
  let squaresB = 0;
  for (let i = 0; i < a.length; i += 1) {
    const da = ranksA[i]! - meanRank;
    const db = ranksB[i]! - meanRank;
    crossProducts += da * db;
    squaresA += da * da;
    squaresB += db * db;
  }
  if (squaresA === 0 || squaresB === 0) return NaN;
  return Math.max(-1, Math.min(1, crossProducts / Math.sqrt(squaresA * squaresB)));
}

/** 1-based ranks; a run of equal values gets the mean of the ranks it spans. */
export function averageRanks(xs: readonly number[]): Float64Array {
  const order = Array.from(xs.keys()).sort((i, j) => xs[i]! - xs[j]!);
  const ranks = new Float64Array(xs.length);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && xs[order[end]!] === xs[order[start]!]) end += 1;
    const rank = (start + 1 + end) / 2; // mean of start + 1 … end
    for (let k = start; k < end; k += 1) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}
