/**
 * Tuning harness for the detector's internal settings, on seeds the benchmark never uses
 * (tuning base seed 777 by default; run.ts uses 20240601). Prints batch F1 per cell and
 * null false change points per 1,000 runs for each settings variant given as JSON.
 *
 *   npx tsx bench/detection/tune.ts '{"clipLimit":2.5}' '{"penaltyFactor":2}'
 */
import { DEFAULT_SETTINGS, type DetectorSettings } from "../../src/core/changepoints/detector-settings.js";
import { detectChangePointsWith } from "../../src/core/changepoints/detect-change-points.js";
import { deriveSeed, mulberry32 } from "./random.js";
import { addCounts, emptyCounts, precisionRecallF1 } from "./scoring.js";
import { type NoiseKind, nullSeries, stepSeries } from "./synthetic-series.js";

const TUNING_SEED = Number(process.env.TUNE_SEED ?? 777);
const REPS = Number(process.env.TUNE_REPS ?? 100);
const KINDS = (process.env.TUNE_KINDS ?? "gaussian,t3,ar1,spikes,t3-unit,ar1-marginal").split(",") as NoiseKind[];

function evaluate(settings: DetectorSettings): string {
  const parts: string[] = [];
  for (const kind of KINDS) {
    const cells = [1, 2, 3].map((effect) => {
      const uniform = mulberry32(deriveSeed(TUNING_SEED, kind, effect));
      const counts = emptyCounts();
      for (let r = 0; r < REPS; r++) {
        const series = stepSeries(kind, effect, uniform);
        addCounts(counts, series.changes, detectChangePointsWith(series.values, {}, settings).map((c) => c.index), 5);
      }
      return precisionRecallF1(counts).f1.toFixed(2);
    });
    const uniform = mulberry32(deriveSeed(TUNING_SEED, kind, "null"));
    let falseCount = 0;
    for (let r = 0; r < REPS; r++) falseCount += detectChangePointsWith(nullSeries(kind, uniform).values, {}, settings).length;
    parts.push(`${kind}: ${cells.join("/")} null ${((1000 * falseCount) / (REPS * 200)).toFixed(2)}`);
  }
  return parts.join(" | ");
}

const variants = process.argv.slice(2).map((arg) => JSON.parse(arg) as Partial<DetectorSettings>);
for (const variant of variants.length > 0 ? variants : [{}]) {
  const started = performance.now();
  const line = evaluate({ ...DEFAULT_SETTINGS, ...variant });
  console.log(`${JSON.stringify(variant)} (${((performance.now() - started) / 1000).toFixed(1)} s)\n  ${line}`);
}
