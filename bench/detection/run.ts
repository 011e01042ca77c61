/**
 * Detection-quality benchmark of benchledger's change point detector, against two simple
 * baselines and Apache Otava's measured figures (DETECTION.md). `npm run bench:detection`.
 *
 * Options: --seed N (default 20240601; the detector was tuned on other seeds, see tune.ts),
 * --reps N (step series per cell, default 500), --null-reps N (null series per noise kind,
 * default 500 × 200 runs), --delay-reps N (online replays per cell, default 200),
 * --online-null-series N (null series replayed online per kind, default 200),
 * --data DIR (default ../shared/data), --out FILE (default bench/detection/results.md).
 * Progress goes to stderr; the Markdown report to stdout and to the output file.
 */
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchDetector, changePointDetector, fixedThresholdDetector, rollingZDetector } from "./detectors.js";
import { loadKnownSteps, loadOtavaCases, loadTcpd } from "./real-data.js";
import { runKnownSteps, runOtavaCases, runTcpd } from "./real-benchmark.js";
import { type BenchResults, formatReport } from "./report.js";
import { batchFalseRate, nullCell, onlineFalseRate, scoreBatch, stepCell, stepDelays } from "./synthetic-benchmark.js";
import { ALTERNATIVE_NOISE_KINDS, MAIN_NOISE_KINDS, type NoiseKind } from "./synthetic-series.js";

const here = dirname(fileURLToPath(import.meta.url));
const EFFECTS = [1, 2, 3] as const;
const SENSITIVITY_P_VALUES = [0.01, 0.05] as const;
export const OURS = "benchledger detectChangePoints (defaults)";

interface Config {
  seed: number;
  reps: number;
  nullReps: number;
  delayReps: number;
  onlineNullSeries: number;
  dataDir: string;
  out: string;
}

function parseArgs(argv: readonly string[]): Config {
  const value = (flag: string, fallback: string): string => {
    const at = argv.indexOf(flag);
    return at >= 0 && argv[at + 1] !== undefined ? argv[at + 1]! : fallback;
  };
  return {
    seed: Number(value("--seed", "20240601")),
    reps: Number(value("--reps", "500")),
    nullReps: Number(value("--null-reps", "500")),
    delayReps: Number(value("--delay-reps", "200")),
    onlineNullSeries: Number(value("--online-null-series", "200")),
    dataDir: resolve(value("--data", join(here, "../../../shared/data"))),
    out: resolve(value("--out", join(here, "results.md"))),
  };
}

const progress = (message: string): void => {
  process.stderr.write(`[bench:detection ${(performance.now() / 1000).toFixed(0)}s] ${message}\n`);
};

function runSynthetic(config: Config, detectors: readonly BenchDetector[]): Pick<BenchResults, "cells" | "nulls" | "delays"> {
  const kinds: NoiseKind[] = [...MAIN_NOISE_KINDS, ...ALTERNATIVE_NOISE_KINDS];
  const cells: BenchResults["cells"] = [];
  const delays: BenchResults["delays"] = [];
  for (const kind of kinds) {
    for (const effect of EFFECTS) {
      progress(`step series: ${kind} ${effect}σ (${config.reps} batch, ${config.delayReps} online replays)`);
      cells.push({ kind, effect, counts: scoreBatch(detectors, stepCell(kind, effect, config.reps, config.seed)) });
      const replayed = stepCell(kind, effect, config.delayReps, config.seed);
      delays.push({ kind, effect, delays: Object.fromEntries(detectors.map((d) => [d.name, stepDelays(d, replayed)])) });
    }
  }
  const nulls: BenchResults["nulls"] = kinds.map((kind) => {
    progress(`null series: ${kind} (${config.nullReps} batch, ${config.onlineNullSeries} replayed online)`);
    const batch = nullCell(kind, config.nullReps, config.seed, "batch");
    const online = nullCell(kind, config.onlineNullSeries, config.seed, "online");
    return {
      kind,
      runs: batch.length * (batch[0]?.values.length ?? 0),
      batch: Object.fromEntries(detectors.map((d) => [d.name, batchFalseRate(d, batch)])),
      online: Object.fromEntries(detectors.map((d) => [d.name, onlineFalseRate(d, online)])),
    };
  });
  return { cells, nulls, delays };
}

function runSensitivity(config: Config): BenchResults["sensitivity"] {
  return SENSITIVITY_P_VALUES.map((pValue) => {
    progress(`pValue sensitivity: ${pValue}`);
    const detector = changePointDetector(OURS, { pValue });
    const cells = MAIN_NOISE_KINDS.flatMap((kind) =>
      EFFECTS.map((effect) => ({ kind, effect, counts: scoreBatch([detector], stepCell(kind, effect, config.reps, config.seed))[OURS]! })),
    );
    const nulls = MAIN_NOISE_KINDS.map((kind) => ({ kind, rate: batchFalseRate(detector, nullCell(kind, config.nullReps, config.seed, "batch")) }));
    return { pValue, cells, nulls };
  });
}

function main(): void {
  const started = performance.now();
  const config = parseArgs(process.argv.slice(2));
  const detectors = [changePointDetector(OURS), fixedThresholdDetector, rollingZDetector];
  const synthetic = runSynthetic(config, detectors);
  const sensitivity = runSensitivity(config);
  progress("real data: Otava cases, known steps, TCPD");
  const otava = runOtavaCases(loadOtavaCases(config.dataDir));
  const steps = runKnownSteps(loadKnownSteps(config.dataDir), [fixedThresholdDetector, rollingZDetector]);
  const tcpd = runTcpd(loadTcpd(config.dataDir), [changePointDetector(OURS, { maxPoints: 1_000_000 }), fixedThresholdDetector, rollingZDetector]);
  const results: BenchResults = {
    config: { seed: config.seed, reps: config.reps, nullReps: config.nullReps, delayReps: config.delayReps, onlineNullSeries: config.onlineNullSeries },
    detectorNames: detectors.map((d) => d.name),
    ...synthetic,
    sensitivity,
    otava,
    steps,
    tcpd,
    runtimeSeconds: (performance.now() - started) / 1000,
  };
  const report = formatReport(results);
  process.stdout.write(report);
  writeFileSync(config.out, report);
  progress(`done in ${results.runtimeSeconds.toFixed(0)} s; wrote ${config.out}`);
}

main();
