import { describe, expect, it } from "vitest";
import { seededRandom } from "./random.js";

// Expected values from an independent Python port of mulberry32 (unsigned 32-bit ints):
//   def mulberry32(seed):
//       s = seed & 0xffffffff; imul = lambda a, b: (a * b) & 0xffffffff
//       while True:
//           s = (s + 0x6d2b79f5) & 0xffffffff; t = s
//           t = imul(t ^ (t >> 15), t | 1)
//           t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xffffffff
//           yield ((t ^ (t >> 14)) & 0xffffffff) / 4294967296
//   [repr(v) for v in itertools.islice(mulberry32(seed), 5)]
describe("seededRandom", () => {
  it.each<[number, number[]]>([
    [0, [0.26642920868471265, 0.0003297457005828619, 0.2232720274478197, 0.1462021479383111, 0.46732782293111086]],
    [1, [0.6270739405881613, 0.002735721180215478, 0.5274470399599522, 0.9810509674716741, 0.9683778982143849]],
    [42, [0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693, 0.17481389874592423]],
    [20261126, [0.8969419626519084, 0.6857463242486119, 0.16515310131944716, 0.7939353846013546, 0.7707991560455412]],
    [4294967295, [0.8964226141106337, 0.189478256739676, 0.7156526781618595, 0.9440599093213677, 0.8452364315744489]],
  ])("seed %d gives mulberry32's sequence", (seed, expected) => {
    const random = seededRandom(seed);
    expect(expected.map(() => random())).toEqual(expected);
  });

  it.each<[string, number, number]>([
    ["-1 is 2^32 - 1", -1, 4294967295],
    ["2^32 wraps to 0", 4294967296, 0],
    ["fractions are dropped", 42.9, 42],
  ])("takes the seed as an unsigned 32-bit integer: %s", (_name, seed, same) => {
    const a = seededRandom(seed);
    const b = seededRandom(same);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it("gives independent generators: two with one seed do not share state", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const first = a();
    a();
    expect(b()).toBe(first);
  });

  it("stays in [0, 1) and is uniform: 100000 draws, mean and decile counts", () => {
    const random = seededRandom(12345);
    const counts = new Array<number>(10).fill(0);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i += 1) {
      const u = random();
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
      counts[Math.floor(u * 10)]! += 1;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // SE of the mean is 0.289/√1e5 ≈ 0.0009; of a decile count √(1e5·0.09) ≈ 95. Five SEs.
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.0046);
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(475);
  });
});
