import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { type ChangePoint, detectChangePoints } from "./detect-change-points.js";

/** mulberry32 and Box–Muller: seeded noise for the tests. */
function seededNormal(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

function noise(n: number, seed: number, sigma = 1): number[] {
  const normal = seededNormal(seed);
  return Array.from({ length: n }, () => sigma * normal());
}

function autoregressive(n: number, phi: number, seed: number): number[] {
  const normal = seededNormal(seed);
  let state = normal() / Math.sqrt(1 - phi * phi);
  return Array.from({ length: n }, () => (state = phi * state + normal()));
}

/** level + shift on [from, to) + noise. */
function stepped(n: number, steps: { from: number; to?: number; shift: number }[], seed: number): number[] {
  return noise(n, seed).map((e, i) => 100 + e + steps.reduce((acc, s) => acc + (i >= s.from && i < (s.to ?? n) ? s.shift : 0), 0));
}

const indexes = (changes: ChangePoint[]): number[] => changes.map((c) => c.index);

describe("detectChangePoints", () => {
  it("finds a noise-free step at its index, with its segment statistics", () => {
    const values = [...Array<number>(30).fill(100), ...Array<number>(30).fill(110)];
    const [change, ...rest] = detectChangePoints(values);
    expect(rest).toEqual([]);
    expect(change).toMatchObject({ index: 30, before_mean: 100, after_mean: 110, before_n: 30, after_n: 30, shift: 10 });
    expect(change!.p_value).toBeLessThan(1e-6);
  });

  it.each([1, 2, 3, 4, 5])("finds a 5σ step in Gaussian noise at its index (seed %i)", (seed) => {
    const [change, ...rest] = detectChangePoints(stepped(120, [{ from: 50, shift: 5 }], seed));
    expect(rest).toEqual([]);
    expect(change!.index).toBe(50);
    expect(change!.shift).toBeGreaterThan(4);
    expect(change!.shift_sigmas).toBeGreaterThan(3.5);
    expect(change!.shift_sigmas).toBeLessThan(6.5);
  });

  it.each([[[]], [[1]], [[1, 2]], [[1, 1, 1, 9, 9]], [[5, 1, 9, 2, 8]]])("returns [] for the short input %j", (values) => {
    expect(detectChangePoints(values)).toEqual([]);
  });

  it.each([
    ["constant", Array<number>(200).fill(42)],
    ["a noise-free ramp", Array.from({ length: 200 }, (_, i) => 10 + 0.5 * i)],
    ["a steep noise-free ramp", Array.from({ length: 50 }, (_, i) => -1000 * i)],
  ])("finds nothing on a %s series", (_, values) => {
    expect(detectChangePoints(values)).toEqual([]);
  });

  it("finds nothing on short pure-noise series (200 seeded series of 10 to 60 runs)", () => {
    const found = [10, 20, 40, 60].flatMap((n) => Array.from({ length: 50 }, (_, seed) => detectChangePoints(noise(n, 1000 * n + seed)))).flat();
    expect(found).toEqual([]);
  });

  it("does not alert on AR(1) noise without change (φ = 0.5 and 0.7, seeded)", () => {
    for (const seed of [11, 12, 13, 14, 15]) {
      expect(detectChangePoints(autoregressive(300, 0.5, seed))).toEqual([]);
      expect(detectChangePoints(autoregressive(300, 0.7, seed + 100))).toEqual([]);
    }
  });

  it("does not take an outlier spike for a change point, wherever it is", () => {
    for (const at of [0, 37, 60, 118, 119]) {
      const values = stepped(120, [], 7);
      values[at] = 100 + 25;
      expect(detectChangePoints(values)).toEqual([]);
    }
    const twoSpikes = stepped(120, [], 8);
    twoSpikes[50] = 140;
    twoSpikes[60] = 60;
    expect(detectChangePoints(twoSpikes)).toEqual([]);
  });

  it("gives two change points for a step followed by its revert", () => {
    expect(indexes(detectChangePoints(stepped(120, [{ from: 40, to: 80, shift: 4 }], 21)))).toEqual([40, 80]);
  });

  it("respects the minimum segment length", () => {
    const blip = stepped(80, [{ from: 40, to: 44, shift: 10 }], 31);
    expect(indexes(detectChangePoints(blip, { minSegment: 3 }))).toEqual([40, 44]);
    expect(indexes(detectChangePoints(blip, { minSegment: 4 }))).toEqual([40, 44]);
    const [before, after] = indexes(detectChangePoints(blip, { minSegment: 5 }));
    expect(after! - before!).toBe(5);
    for (const minSegment of [2, 3, 6, 10]) {
      const found = indexes(detectChangePoints(stepped(150, [{ from: 30, to: 41, shift: 6 }, { from: 90, shift: -5 }], 32), { minSegment }));
      const bounds = [0, ...found, 150];
      bounds.slice(1).forEach((end, i) => expect(end - bounds[i]!).toBeGreaterThanOrEqual(minSegment));
    }
  });

  it("flags a new level once minSegment runs of it exist", () => {
    const history = stepped(60, [], 41);
    const withTwo = [...history, 110, 110.5];
    expect(detectChangePoints(withTwo)).toEqual([]);
    expect(indexes(detectChangePoints([...withTwo, 109.5]))).toEqual([60]);
  });

  it("is deterministic", () => {
    const values = stepped(200, [{ from: 60, to: 140, shift: 2 }], 51);
    const first = detectChangePoints(values);
    detectChangePoints(stepped(90, [{ from: 10, shift: 3 }], 52));
    expect(detectChangePoints([...values])).toEqual(first);
  });

  it("analyses only the newest maxPoints runs and reports indexes in the caller's array", () => {
    const values = stepped(300, [{ from: 50, to: 250, shift: 5 }], 61);
    expect(indexes(detectChangePoints(values))).toEqual([50, 250]);
    expect(indexes(detectChangePoints(values, { maxPoints: 200 }))).toEqual([250]);
  });

  it("drops shifts smaller than minRelativeShift of the level", () => {
    const values = stepped(100, [{ from: 50, shift: 20 }], 71).map((v) => 100 + (v - 100) / 10); // a 2% step, 20σ
    expect(indexes(detectChangePoints(values))).toEqual([50]);
    expect(indexes(detectChangePoints(values, { minRelativeShift: 0.01 }))).toEqual([50]);
    expect(detectChangePoints(values, { minRelativeShift: 0.05 })).toEqual([]);
  });

  it("handles quantised series (most runs exactly repeated)", () => {
    const counts = Array.from({ length: 80 }, (_, i) => (i < 40 ? 221 : 223) + (i % 13 === 5 ? 1 : 0));
    expect(indexes(detectChangePoints(counts))).toEqual([40]);
  });

  it("carries non-finite values forward instead of failing", () => {
    const values = stepped(100, [{ from: 50, shift: 5 }], 81);
    const holes = values.map((v, i) => (i === 20 ? NaN : i === 70 ? Infinity : v));
    expect(indexes(detectChangePoints(holes))).toEqual([50]);
  });

  it.each([{ minSegment: 0 }, { minSegment: 2.5 }, { pValue: 0 }, { pValue: 1.5 }, { pValue: NaN }, { minRelativeShift: -0.1 }, { maxPoints: 1 }])(
    "rejects the invalid option %j",
    (options) => {
      expect(() => detectChangePoints([1, 2, 3], options)).toThrow(InvalidInputError);
    },
  );
});

describe("detectChangePoints on a bimodal history", () => {
  // hyperium/hyper end_to_end http1_body_both_100kb (µs, github-action-benchmark data): runs
  // mix a ~75 µs and a ~125 µs mode; 19–45 are nearly all fast, 46–64 (from v0.14.3) nearly all
  // slow, then the mixture returns. The step at 46 (p ≈ 1e-6 against its neighbours) is flanked
  // by real but weaker changes (p ≈ 0.005–0.009): they bound its windows without being reported.
  const values = [
    133, 81, 141, 87, 87, 88, 121, 130, 79, 80, 124, 74, 126, 75, 119, 77, 123, 77, 80, 69, 84, 91, 69, 69, 130,
    72, 73, 61, 68, 73, 67, 80, 76, 107, 82, 68, 67, 77, 62, 70, 79, 70, 61, 69, 74, 78, 121, 124, 71, 127,
    120, 130, 119, 139, 133, 128, 81, 131, 124, 79, 119, 113, 122, 128, 116, 76, 75, 62, 79, 72, 75, 126, 114, 120, 118,
    128, 127, 68, 114, 68, 69, 69, 122, 69, 128, 77, 110, 115, 124, 68, 129, 70, 69, 120, 76, 72, 118, 70, 77, 75,
    133, 118, 79, 71, 73, 119, 136, 69, 127, 70, 78, 70, 77, 74, 71, 114, 77, 79, 127, 128, 77, 125, 71, 69, 119,
    151, 125, 111, 77, 79, 106, 74, 83, 81, 69, 84, 116, 72, 128, 80, 129, 127, 72, 128, 136, 83, 73, 78, 73, 142,
    80,
  ];

  it("reports the strong step at 46, not its weaker neighbours", () => {
    const changes = detectChangePoints(values);
    expect(indexes(changes)).toEqual([46]);
    expect(changes[0]!.p_value).toBeLessThan(1e-4);
    expect(changes[0]!.after_mean).toBeGreaterThan(changes[0]!.before_mean + 30);
  });

  it("at pValue 0.01 reports the neighbours too", () => {
    expect(indexes(detectChangePoints(values, { pValue: 0.01 }))).toEqual([17, 46, 65]);
  });
});
