/**
 * Seeded randomness for the detection benchmark: mulberry32 (uniform in [0, 1)) and the
 * draws built on it. Same seed, same series, on every platform.
 */
import { seededRandom } from "../../src/core/random.js";

export type Uniform = () => number;

/** mulberry32, the project's one seeded generator (src/core/random.ts). */
export const mulberry32: (seed: number) => Uniform = seededRandom;

/** A standard normal draw (Box–Muller; one of the pair is discarded for simplicity). */
export function normal(uniform: Uniform): number {
  const u = 1 - uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
}

/** A Student t draw with `df` degrees of freedom: Z / √(χ²_df / df), df a small integer. */
export function studentT(uniform: Uniform, df: number): number {
  let chiSquare = 0;
  for (let i = 0; i < df; i++) chiSquare += normal(uniform) ** 2;
  return normal(uniform) / Math.sqrt(chiSquare / df);
}

/** A seed derived from a base seed and labels, so every cell has its own stream. */
export function deriveSeed(base: number, ...labels: (string | number)[]): number {
  let hash = base >>> 0;
  for (const char of labels.join("|")) hash = Math.imul(hash ^ char.charCodeAt(0), 0x9e3779b1) >>> 0;
  return (hash ^ (hash >>> 16)) >>> 0;
}
