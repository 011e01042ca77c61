import { binomialCdf } from "./binomial.js";

export interface McNemarResult {
  /** Examples the baseline got right and the candidate wrong. */
  b: number;
  /** Examples the baseline got wrong and the candidate right. */
  c: number;
  p_value: number;
}

/**
 * McNemar's exact test on paired binary outcomes (the per-example accuracy of a baseline
 * and a candidate): two-sided p = min(1, 2·P[Bin(b + c, ½) ≤ min(b, c)]), the conditional
 * binomial test on the discordant pairs. 1 when b = c = 0 (no discordant pairs, no
 * evidence), and 1 whenever b = c.
 *
 * @throws RangeError when b or c is not a non-negative integer.
 * @example mcnemarExact(12, 3).p_value // 0.03515625
 */
export function mcnemarExact(b: number, c: number): McNemarResult {
  for (const [name, count] of [["b", b], ["c", c]] as const) {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`mcnemarExact: ${name} must be a non-negative integer count, got ${count}.`);
    }
  }
  if (b + c === 0) return { b, c, p_value: 1 };
  return { b, c, p_value: Math.min(1, 2 * binomialCdf(Math.min(b, c), b + c, 0.5)) };
}
