import { describe, expect, it } from "vitest";
import { DEMO_REGRESSION, DEMO_TAG, generateDemoHistory } from "./demo-history.js";
import { resultSchema } from "./result-schema.js";
import type { BenchmarkResult } from "./types.js";

const DAY_MS = 86_400_000;
const END = new Date("2026-11-26T15:30:00Z");

const configOf = (r: BenchmarkResult) => [r.model_version, r.dataset_version, r.prompt_version, r.environment].join(" / ");
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

describe("generateDemoHistory", () => {
  const history = generateDemoHistory({ end: END });

  it("is deterministic for a fixed end", () => {
    const again = generateDemoHistory({ end: new Date(END.getTime()) });
    expect(again).toEqual(history);
    expect(again).not.toBe(history);
  });

  it("gives the same metrics for another end, only shifted in time", () => {
    const later = generateDemoHistory({ end: new Date(END.getTime() + 3 * DAY_MS) });
    expect(later.map((r) => r.metrics)).toEqual(history.map((r) => r.metrics));
    expect(later.map((r) => r.created_at!.getTime() - history[0]!.created_at!.getTime())).toEqual(
      history.map((r) => r.created_at!.getTime() + 3 * DAY_MS - history[0]!.created_at!.getTime()),
    );
  });

  it("has 8 configs x 120 days = 960 runs by default", () => {
    expect(history).toHaveLength(960);
    const perConfig = new Map<string, number>();
    for (const r of history) perConfig.set(configOf(r), (perConfig.get(configOf(r)) ?? 0) + 1);
    expect(perConfig.size).toBe(8);
    expect([...perConfig.values()]).toEqual(Array(8).fill(120));
  });

  it.each([
    [1, 8],
    [30, 240],
    [0, 0],
  ])("has 8 runs a day for days = %i", (days, runs) => {
    expect(generateDemoHistory({ end: END, days })).toHaveLength(runs);
  });

  it("gives only results that pass the result schema", () => {
    const failures = history.flatMap((r, i) => {
      const parsed = resultSchema.safeParse({ ...r, created_at: r.created_at!.toISOString() });
      return parsed.success ? [] : [{ i, issues: parsed.error.issues }];
    });
    expect(failures).toEqual([]);
  });

  it("gives every run complete context, the demo tag and a unique run_key", () => {
    for (const r of history) {
      expect(r).toMatchObject({ branch_name: "main", tags: [DEMO_TAG, "nightly"] });
      expect(r.prompt_version).toBeTruthy();
      expect(r.environment).toBeTruthy();
      expect(r.model_provider).toBeTruthy();
      expect(r.commit_sha).toMatch(/^[0-9a-f]{40}$/);
      expect(r.created_at).toBeInstanceOf(Date);
    }
    const keys = history.map((r) => r.run_key);
    expect(keys.every((k) => typeof k === "string" && k.length > 0)).toBe(true);
    expect(new Set(keys).size).toBe(history.length);
  });

  it("gives the runs of one day one commit, and each day its own", () => {
    const commitsByDay = new Map<number, Set<string>>();
    for (const r of history) {
      const day = r.created_at!.getTime();
      commitsByDay.set(day, (commitsByDay.get(day) ?? new Set()).add(r.commit_sha!));
    }
    expect(commitsByDay.size).toBe(120);
    expect([...commitsByDay.values()].every((set) => set.size === 1)).toBe(true);
    expect(new Set([...commitsByDay.values()].map((set) => [...set][0])).size).toBe(120);
  });

  it.each([
    ["after 09:00 UTC", "2026-11-26T15:30:00Z", "2026-11-26T09:00:00.000Z"],
    ["at 09:00 UTC", "2026-11-26T09:00:00Z", "2026-11-26T09:00:00.000Z"],
    ["before 09:00 UTC (the last run is clamped to end)", "2026-11-26T05:00:00Z", "2026-11-26T05:00:00.000Z"],
    ["just after midnight UTC", "2026-11-26T00:00:01Z", "2026-11-26T00:00:01.000Z"],
  ])("never dates a run after end (end %s), oldest first", (_name, end, newest) => {
    const endDate = new Date(end);
    const runs = generateDemoHistory({ end: endDate });
    const times = runs.map((r) => r.created_at!.getTime());
    expect(Math.max(...times)).toBeLessThanOrEqual(endDate.getTime());
    expect(runs.at(-1)!.created_at!.toISOString()).toBe(newest);
    expect(runs[0]!.created_at!.toISOString()).toBe(new Date(Date.parse("2026-11-26T09:00:00Z") - 119 * DAY_MS).toISOString());
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
  });

  it("has the regression config's f1 drop by at least 0.04 over its last 9 days", () => {
    const runs = history.filter((r) => r.model_version === DEMO_REGRESSION.model && r.dataset_version === DEMO_REGRESSION.dataset);
    expect(runs).toHaveLength(120);
    expect(new Set(runs.map(configOf)).size).toBe(1);
    const f1 = runs.map((r) => r.metrics.f1 as number);
    const stepIndex = runs.length - 1 - DEMO_REGRESSION.daysBeforeEnd; // the first day at the new level
    const last9 = f1.slice(-9);
    const before = f1.slice(stepIndex - 30, stepIndex);
    expect(last9).toHaveLength(9);
    expect(before).toHaveLength(30);
    expect(mean(before) - mean(last9)).toBeGreaterThanOrEqual(0.04);
  });

  it("keeps every other llama config level over the same windows (no false regression)", () => {
    const runs = history.filter((r) => r.model_version === DEMO_REGRESSION.model && r.dataset_version !== DEMO_REGRESSION.dataset);
    expect(runs).toHaveLength(120);
    const f1 = runs.map((r) => r.metrics.f1 as number);
    const stepIndex = runs.length - 1 - DEMO_REGRESSION.daysBeforeEnd;
    expect(Math.abs(mean(f1.slice(stepIndex - 30, stepIndex)) - mean(f1.slice(-9)))).toBeLessThan(0.01);
  });

  it("keeps f1, precision and recall between 0 and 1", () => {
    for (const r of history) {
      for (const name of ["f1", "precision", "recall"]) {
        const value = r.metrics[name] as number;
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
    }
  });
});
