import { describe, expect, it } from "vitest";
import { median } from "./descriptive.js";
import { pairedBootstrap } from "./paired-bootstrap.js";

// Expected values from an independent Python port (numpy 2.4.6): the mulberry32 generator
// of random.test.ts, indices int(u * n), then
//   d = np.array(deltas); le, ge = (d <= 0).sum(), (d >= 0).sum()
//   [np.quantile(d, 0.025), np.quantile(d, 0.975), min(1, 2 * (min(le, ge) + 1) / (B + 1))]
// The statistics below do the same floating-point operations in both languages, so the
// results must agree to the last bit.
const BASE = [1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1];
const CAND = [1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1];
const LATENCY_BASE = [612.5, 598.25, 640.0, 605.5, 1210.75, 601.0, 599.5, 615.25, 607.0, 603.5, 622.5, 633.0];
const LATENCY_CAND = [640.0, 610.5, 655.25, 630.0, 1190.5, 622.0, 611.75, 650.0, 640.5, 618.0, 648.25, 660.0];

function sumAt(values: number[], indices: Int32Array): number {
  let sum = 0;
  for (const i of indices) sum += values[i]!;
  return sum;
}
// cand[idx].sum() / len(idx) - base[idx].sum() / len(idx)
const accuracyDelta = (indices: Int32Array) => sumAt(CAND, indices) / indices.length - sumAt(BASE, indices) / indices.length;
// float(np.quantile(lat_cand[idx] - lat_base[idx], 0.5))
const medianDelta = (indices: Int32Array) => median(Array.from(indices, (i) => LATENCY_CAND[i]! - LATENCY_BASE[i]!));

describe("pairedBootstrap", () => {
  it.each<[string, Parameters<typeof pairedBootstrap>[0], { delta: number; ci_low: number; ci_high: number; p_value: number; iterations: number }]>([
    ["accuracy, defaults (B = 2000, seed 1)", { n: 30, statistic: accuracyDelta },
      { delta: -0.20000000000000007, ci_low: -0.3666666666666667, ci_high: -0.06666666666666665, p_value: 0.0029985007496251873, iterations: 2000 }],
    ["accuracy, B = 500, seed 99", { n: 30, statistic: accuracyDelta, iterations: 500, seed: 99 },
      { delta: -0.20000000000000007, ci_low: -0.3666666666666667, ci_high: -0.06666666666666676, p_value: 0.003992015968063872, iterations: 500 }],
    ["median latency difference (not decomposable), B = 300, seed 7", { n: 12, statistic: medianDelta, iterations: 300, seed: 7 },
      { delta: 22.75, ci_low: 12.784375, ci_high: 27.25, p_value: 0.013289036544850499, iterations: 300 }],
  ])("%s", (_name, options, expected) => {
    expect(pairedBootstrap(options)).toEqual(expected);
  });

  it("gives [0, 0] and p = 1 when every example is identical", () => {
    const same = Array.from({ length: 40 }, (_, i) => i % 3);
    const result = pairedBootstrap({ n: 40, statistic: (idx) => sumAt(same, idx) - sumAt(same, idx) });
    expect(result).toEqual({ delta: 0, ci_low: 0, ci_high: 0, p_value: 1, iterations: 2000 });
  });

  it("uses `observed` instead of scoring the full sample", () => {
    expect(pairedBootstrap({ n: 30, statistic: accuracyDelta, iterations: 50, observed: -0.5 }).delta).toBe(-0.5);
  });

  it("is deterministic for a seed and changes with it", () => {
    const run = (seed: number) => pairedBootstrap({ n: 12, statistic: medianDelta, iterations: 200, seed });
    expect(run(3)).toEqual(run(3));
    expect(run(3).ci_low).not.toBe(run(4).ci_low);
  });

  it("resamples with replacement, n indices in [0, n) each time", () => {
    const seen: Int32Array[] = [];
    pairedBootstrap({ n: 5, iterations: 20, statistic: (idx) => (seen.push(idx), 0) });
    expect(seen).toHaveLength(21); // 20 resamples and the full sample
    const resamples = seen.slice(1);
    for (const idx of resamples) {
      expect(idx).toHaveLength(5);
      for (const i of idx) expect(i >= 0 && i < 5).toBe(true);
    }
    expect(resamples.some((idx) => new Set(idx).size < 5)).toBe(true); // repeats happen
    expect(new Set(resamples)).toHaveProperty("size", 20); // a fresh array per resample
  });

  it("drops resamples whose statistic is NaN and counts only the rest", () => {
    let call = 0;
    const result = pairedBootstrap({ n: 10, iterations: 100, observed: 1, statistic: () => (call++ % 4 === 0 ? NaN : 1) });
    expect(result).toEqual({ delta: 1, ci_low: 1, ci_high: 1, p_value: 2 / 76, iterations: 75 });
  });

  it("gives NaN without calling the statistic when n = 0", () => {
    const result = pairedBootstrap({ n: 0, statistic: () => { throw new Error("called"); } });
    expect(result).toEqual({ delta: NaN, ci_low: NaN, ci_high: NaN, p_value: NaN, iterations: 0 });
  });

  it.each<[string, number, number]>([
    ["n negative", -1, 100],
    ["n fractional", 2.5, 100],
    ["iterations 0", 10, 0],
  ])("throws for %s", (_name, n, iterations) => {
    expect(() => pairedBootstrap({ n, iterations, statistic: () => 0 })).toThrow(RangeError);
  });
});
