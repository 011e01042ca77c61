import { OTAVA_F1 } from "./otava-anchors.js";
import type { BenchResults } from "./report.js";
import { precisionRecallF1 } from "./scoring.js";
import { MAIN_NOISE_KINDS } from "./synthetic-series.js";

/** One quality target of the issue and whether this run meets it. */
export interface TargetResult {
  name: string;
  isMet: boolean;
  detail: string;
}

/** Evaluates the issue's quality targets on one benchmark run. */
export function evaluateTargets(results: BenchResults): TargetResult[] {
  return [beatsOtava(results, true), beatsOtava(results, false), gaussianStrongShifts(results), fewFalse(results, "batch"), fewFalse(results, "online"), ...realData(results)];
}

function oursF1(results: BenchResults, kind: string, effect: number): number {
  const cell = results.cells.find((c) => c.kind === kind && c.effect === effect)!;
  return precisionRecallF1(cell.counts[results.detectorNames[0]!]!).f1;
}

function beatsOtava(results: BenchResults, isMain: boolean): TargetResult {
  const kinds = [...new Set(results.cells.map((c) => c.kind))].filter((k) => MAIN_NOISE_KINDS.includes(k) === isMain);
  const failures: string[] = [];
  for (const kind of kinds) {
    for (const effect of [1, 2, 3]) {
      const otava = OTAVA_F1[kind]?.[effect - 1];
      const ours = oursF1(results, kind, effect);
      if (otava !== undefined && !(ours > otava)) failures.push(`${kind} ${effect}σ: ${ours.toFixed(2)} vs ${otava}`);
    }
  }
  const name = isMain ? "F1 > Otava in every cell (sd-σ noise)" : "F1 > Otava in every cell (alternative conventions)";
  return { name, isMet: failures.length === 0, detail: failures.length === 0 ? `all ${kinds.length * 3} cells` : `fails: ${failures.join("; ")}` };
}

function gaussianStrongShifts(results: BenchResults): TargetResult {
  const values = [2, 3].map((effect) => oursF1(results, "gaussian", effect));
  return { name: "F1 ≥ 0.9 for shifts ≥ 2σ, Gaussian", isMet: values.every((v) => v >= 0.9), detail: `2σ ${values[0]!.toFixed(2)}, 3σ ${values[1]!.toFixed(2)}` };
}

/** The alternative conventions' null series are the same processes up to scale, to which the detector is invariant. */
const SAME_NULL_PROCESS: Record<string, string> = { t3: "t3-unit", ar1: "ar1-marginal" };

function fewFalse(results: BenchResults, mode: "batch" | "online"): TargetResult {
  const pooled = new Map<string, number[]>();
  for (const n of results.nulls) {
    const process = SAME_NULL_PROCESS[n.kind] ?? n.kind;
    pooled.set(process, [...(pooled.get(process) ?? []), n[mode][results.detectorNames[0]!]!]);
  }
  const rates = [...pooled].map(([kind, values]) => ({ kind, rate: values.reduce((a, b) => a + b, 0) / values.length }));
  return {
    name: `< 1 false change point per 1,000 runs on nulls, every noise kind (${mode}${mode === "online" ? " replay" : ""})`,
    isMet: rates.every((r) => r.rate < 1),
    detail: `${rates.map((r) => `${r.kind} ${r.rate.toFixed(2)}`).join(", ")} (main and alt null series pooled: same process up to scale)`,
  };
}

function realData(results: BenchResults): TargetResult[] {
  const tigerbeetleSteps = results.otava.filter((r) => r.label.startsWith("tigerbeetle") && / M 0\.05\)/.test(r.label));
  const strictCases = results.otava.filter((r) => !r.label.startsWith("tigerbeetle"));
  const stepsFound = tigerbeetleSteps.every((r) => [15, 71].every((i) => r.found.some((f) => Math.abs(f - i) <= 1)));
  const strictFound = strictCases.every((r) => r.matched === r.expected.length);
  const historyFound = results.steps.filter((s) => s.wholeHistory !== null).length;
  return [
    { name: "Otava's small series: every expected change point ±1", isMet: strictFound, detail: `${strictCases.filter((r) => r.matched === r.expected.length).length}/${strictCases.length} cases` },
    { name: "TigerBeetle steps 15 and 71 at every min_magnitude 0.05 case", isMet: stepsFound, detail: `${tigerbeetleSteps.length} cases` },
    { name: "Known history steps found ±1 (whole history)", isMet: historyFound === results.steps.length, detail: `${historyFound}/${results.steps.length}` },
  ];
}
