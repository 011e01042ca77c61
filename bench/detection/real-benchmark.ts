import { detectChangePoints } from "../../src/core/changepoints/detect-change-points.js";
import type { BenchDetector } from "./detectors.js";
import { replayDelay } from "./online-replay.js";
import type { KnownStep, OtavaCase, TcpdSeries } from "./real-data.js";
import { countMatches, tcpdF1 } from "./scoring.js";

/** A known step counts as found when a change point is within this many runs of it. */
export const STEP_TOLERANCE = 1;

export interface OtavaRow {
  label: string;
  expected: number[];
  found: number[];
  /** Expected indexes matched one-to-one within ±1. */
  matched: number;
}

/** Our detector on each Otava case, at Otava's documented parameters, on the whole series. */
export function runOtavaCases(cases: readonly OtavaCase[]): OtavaRow[] {
  return cases.map((c) => {
    const found = detectChangePoints(c.values, { pValue: c.pValue, minRelativeShift: c.minRelativeShift, maxPoints: c.values.length }).map((x) => x.index);
    return { label: `${c.series} ${c.test} (p ${c.pValue}, M ${c.minRelativeShift})`, expected: c.expected, found, matched: countMatches(c.expected, found, STEP_TOLERANCE) };
  });
}

export interface KnownStepRow {
  label: string;
  length: number;
  index: number;
  /** Nearest change point of the whole-history analysis (maxPoints = length), or null. */
  wholeHistory: number | null;
  /** The same with the default maxPoints (newest 500 runs). */
  defaultWindow: number | null;
  /** Runs after the step until the online replay flags it within ±1; null if not within 20. */
  onlineDelay: number | null;
  /** Per baseline: whether it flags the step's run or the next one. */
  baselines: Record<string, boolean>;
}

/** Our detector (batch and online) and the causal baselines on each known step. */
export function runKnownSteps(steps: readonly KnownStep[], baselines: readonly BenchDetector[]): KnownStepRow[] {
  return steps.map((step) => {
    const nearest = (indexes: number[]): number | null => {
      const close = indexes.filter((i) => Math.abs(i - step.index) <= STEP_TOLERANCE).sort((a, b) => Math.abs(a - step.index) - Math.abs(b - step.index));
      return close[0] ?? null;
    };
    const detect = (values: readonly number[], maxPoints?: number): number[] =>
      detectChangePoints(values, maxPoints === undefined ? {} : { maxPoints }).map((x) => x.index);
    const onlineDelay = replayDelay(step.values, step.index, (prefix) => detect(prefix), { maxDelay: 20, margin: STEP_TOLERANCE });
    const flagged = Object.fromEntries(baselines.map((b) => [b.name, (b.flags?.(step.values) ?? []).slice(step.index, step.index + 2).some(Boolean)]));
    return {
      label: step.label,
      length: step.values.length,
      index: step.index,
      wholeHistory: nearest(detect(step.values, step.values.length)),
      defaultWindow: nearest(detect(step.values)),
      onlineDelay,
      baselines: flagged,
    };
  });
}

export interface TcpdRow {
  name: string;
  length: number;
  /** TCPD F1 per detector name, plus "zero" (no change points). */
  f1: Record<string, number>;
}

/** TCPD's F1 (margin 5, index 0 added, union precision, annotator-averaged recall) per dataset. */
export function runTcpd(series: readonly TcpdSeries[], detectors: readonly BenchDetector[]): TcpdRow[] {
  return series.map(({ name, values, annotations }) => {
    const f1: Record<string, number> = { zero: tcpdF1(annotations, []) };
    for (const detector of detectors) f1[detector.name] = tcpdF1(annotations, detector.changes(values));
    return { name, length: values.length, f1 };
  });
}
