import { describe, expect, it } from "vitest";
import { winsorizeAroundRunningMedian } from "./winsorize-series.js";

describe("winsorizeAroundRunningMedian", () => {
  it("clips isolated spikes and keeps a step", () => {
    const values = [0, 0, 0, 3, 0, 0, 0, -50, 0, 0, 0, 0, 10, 10, 10, 10, 10];
    expect(winsorizeAroundRunningMedian(values, 2, 1)).toEqual([0, 0, 0, 1, 0, 0, 0, -1, 0, 0, 0, 0, 10, 10, 10, 10, 10]);
  });

  it("judges the newest values against a full window: two spikes among the last three are clipped", () => {
    expect(winsorizeAroundRunningMedian([0, 0, 0, 0, 0, 9, 0, 9], 2, 1)).toEqual([0, 0, 0, 0, 0, 1, 0, 1]);
    expect(winsorizeAroundRunningMedian([0, 0, 0, 0, 0, 9, 9, 9], 2, 1)).toEqual([0, 0, 0, 0, 0, 9, 9, 9]);
  });
});
