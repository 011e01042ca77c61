// A p-value computed as 2·(something ≈ ½) may land a few ulps above 1; that is not an error.
const ROUNDING = 1e-9;

export interface BenjaminiHochbergResult {
  /** Whether each hypothesis is rejected at false discovery rate q, in input order. */
  rejected: boolean[];
  /** BH-adjusted p-values ("q-values"), monotone in p and capped at 1, in input order. */
  q_values: number[];
}

/**
 * The Benjamini–Hochberg step-up procedure (statsmodels `multipletests(p,
 * method="fdr_bh")`): with the m p-values sorted, reject the k smallest, where k is the
 * largest i with p₍ᵢ₎ ≤ i·q/m. The adjusted value of p₍ᵢ₎ is min over j ≥ i of m·p₍ⱼ₎/j,
 * capped at 1; a hypothesis is rejected exactly when that is ≤ q. Controls the FDR at q for
 * independent or positively dependent tests.
 *
 * A NaN p-value (a test that could not run) is not one of the m hypotheses: its q-value is
 * NaN and it is never rejected. Empty input gives empty arrays.
 *
 * @throws RangeError when q is not in (0, 1] or a p-value is outside [0, 1] (beyond 1 by
 * more than 1e-9: a few ulps above 1 from rounding are read as 1).
 * @example benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2]).q_values
 * // [0.025, 0.05, 0.05, 0.025, 0.2], up to rounding (5·0.03/3 is 0.049999999999999996)
 */
export function benjaminiHochberg(pValues: readonly number[], q = 0.05): BenjaminiHochbergResult {
  if (!(q > 0 && q <= 1)) throw new RangeError(`benjaminiHochberg: q must be in (0, 1], got ${q}.`);
  const bad = pValues.find((p) => !Number.isNaN(p) && !(p >= 0 && p <= 1 + ROUNDING));
  if (bad !== undefined) throw new RangeError(`benjaminiHochberg: p-values must be in [0, 1], got ${bad}.`);
  const order = pValues
    .map((p, index) => ({ p: Math.min(p, 1), index }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((x, y) => x.p - y.p);
  const m = order.length;
  const rejected = pValues.map(() => false);
  const qValues = pValues.map(() => NaN);
  let cutoff = -1; // the largest rank i (0-based) with p₍ᵢ₊₁₎ ≤ (i + 1)·q/m
  order.forEach(({ p }, rank) => {
    if (p <= ((rank + 1) / m) * q) cutoff = rank; // statsmodels' order of operations
  });
  let runningMin = 1;
  for (let rank = m - 1; rank >= 0; rank -= 1) {
    const { p, index } = order[rank]!;
    runningMin = Math.min(runningMin, (m * p) / (rank + 1));
    qValues[index] = runningMin;
    rejected[index] = rank <= cutoff;
  }
  return { rejected, q_values: qValues };
}
