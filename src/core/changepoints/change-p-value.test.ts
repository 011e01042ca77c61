import { describe, expect, it } from "vitest";
import { changePValue, kolmogorovTail, scanTail } from "./change-p-value.js";
import { normalUpperTail } from "./robust-stats.js";
import { segmentSums } from "./segment-sums.js";
import { studentToNormal, studentUpperTail } from "./student-t.js";

describe("tail probabilities", () => {
  it.each([
    [1.3581, 0.05],
    [1.6276, 0.01],
    [1.9495, 0.001],
  ])("Kolmogorov: P(sup|B| > %f) = %f", (k, p) => {
    expect(kolmogorovTail(k)).toBeCloseTo(p, 4);
  });

  it("scan tail: two-sided normal tail when only one split exists, larger with more splits", () => {
    expect(scanTail(3, 6, 3)).toBeCloseTo(2 * normalUpperTail(3), 12);
    expect(scanTail(3, 60, 3)).toBeGreaterThan(scanTail(3, 20, 3));
    expect(scanTail(3.5, 60, 3)).toBeLessThan(scanTail(3, 60, 3));
    expect(scanTail(0.5, 60, 3)).toBe(1);
  });

  it.each([
    [2.015, 5, 0.05],
    [12.706, 1, 0.025],
    [2.086, 20, 0.025],
  ])("Student t: P(T > %f | ν = %i) = %f", (t, nu, p) => {
    expect(studentUpperTail(t, nu)).toBeCloseTo(p, 4);
  });

  it("maps a t statistic to the normal quantile with the same tail", () => {
    expect(studentToNormal(2.015, 5)).toBeCloseTo(1.645, 3);
    expect(studentToNormal(3, Infinity)).toBe(3);
    expect(studentToNormal(1000, 2)).toBeGreaterThan(studentToNormal(100, 2));
  });
});

describe("changePValue", () => {
  it("is calibrated on Gaussian noise: P(p < α) ≤ α (seeded, 4000 series of 50)", () => {
    let state = 99;
    const uniform = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 4_294_967_296;
    const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    let below01 = 0;
    for (let r = 0; r < 4000; r++) {
      const sums = segmentSums(Array.from({ length: 50 }, normal));
      let best = 0.5;
      let bestGap = -1;
      for (let k = 3; k <= 47; k++) {
        const gap = Math.abs(sums.mean(0, k) - sums.mean(k, 50)) / Math.sqrt(1 / k + 1 / (50 - k));
        if (gap > bestGap) [bestGap, best] = [gap, k];
      }
      if (changePValue(sums, { start: 0, split: best, end: 50 }, 1, 3) < 0.01) below01++;
    }
    expect(below01 / 4000).toBeLessThan(0.015);
    expect(below01 / 4000).toBeGreaterThan(0.002);
  });

  it("is tiny for a large shift and grows with the noise", () => {
    const sums = segmentSums([0, 0.1, -0.1, 0.05, 0, 3, 3.1, 2.9, 3, 3.05]);
    const window = { start: 0, split: 5, end: 10 };
    expect(changePValue(sums, window, 0.1, 3)).toBeLessThan(1e-10);
    expect(changePValue(sums, window, 1, 3)).toBeGreaterThan(changePValue(sums, window, 0.5, 3));
    expect(changePValue(sums, window, 0.1, 3, 3)).toBeGreaterThan(changePValue(sums, window, 0.1, 3));
  });
});
