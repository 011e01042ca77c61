import { describe, expect, it } from "vitest";
import { differenceScale, noiseFromDifferences, noiseFromResiduals } from "./noise-model.js";

function seededNormal(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 4_294_967_296;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function autoregressive(n: number, phi: number, seed: number): number[] {
  const normal = seededNormal(seed);
  let state = normal() / Math.sqrt(1 - phi * phi);
  return Array.from({ length: n }, () => (state = phi * state + Math.sqrt(1 - phi * phi) * normal()));
}

describe("differenceScale", () => {
  it("estimates σ and ignores a level shift", () => {
    const values = autoregressive(2000, 0, 1).map((e, i) => 2 * e + (i >= 1000 ? 50 : 0));
    expect(differenceScale(values)).toBeCloseTo(2, 0);
  });

  it("is 0 for an exact arithmetic progression and the RMS for quantised data", () => {
    expect(differenceScale(Array.from({ length: 20 }, (_, i) => 3 * i))).toBe(0);
    expect(differenceScale([5, 5, 5, 5, 6, 6, 6, 6, 6])).toBeCloseTo(Math.sqrt(1 / 8 / 2), 12);
  });
});

describe("noise models", () => {
  it.each([0, 0.5, 0.8])("recover the AR(1) coefficient %f from a long series", (phi) => {
    const values = autoregressive(4000, phi, 7);
    expect(noiseFromDifferences(values).phi).toBeCloseTo(phi, 1);
    expect(noiseFromResiduals(values, []).phi).toBeCloseTo(phi, 1);
    expect(noiseFromResiduals(values, []).sigmaLongRun).toBeCloseTo(Math.sqrt((1 + phi) / (1 - phi)), 0);
  });

  it("residual model: steps at the given changes do not look like autocorrelation", () => {
    const values = autoregressive(600, 0, 3).map((e, i) => e + (i >= 200 && i < 400 ? 5 : 0));
    expect(noiseFromResiduals(values, []).phi).toBeGreaterThan(0.5);
    expect(noiseFromResiduals(values, [200, 400]).phi).toBeLessThan(0.1);
  });
});
