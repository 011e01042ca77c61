import type { NoiseKind } from "./synthetic-series.js";

/**
 * Apache Otava's figures measured by the project (DETECTION.md §1: apache/otava @1ceb153,
 * defaults window 50, p 0.001; 40 replicates, 10 × 1,000 null points), the anchors to beat.
 * Otava's noise conventions were not recorded, so both common conventions of t3 and AR(1)
 * are compared with the same figures.
 */
export const OTAVA_F1: Partial<Record<NoiseKind, readonly [number, number, number]>> = {
  gaussian: [0.62, 0.95, 0.95],
  "t3-unit": [0.7, 0.87, 0.87],
  t3: [0.7, 0.87, 0.87],
  "ar1-marginal": [0.3, 0.51, 0.59],
  ar1: [0.3, 0.51, 0.59],
  spikes: [0.59, 0.82, 0.9],
};

/** Otava's false change points per 1,000 points on null series (batch). */
export const OTAVA_NULL_RATE: Partial<Record<NoiseKind, number>> = {
  gaussian: 1.1,
  "t3-unit": 2.9,
  t3: 2.9,
  "ar1-marginal": 15.2,
  ar1: 15.2,
  spikes: 3.0,
};

/** Otava's median online delay (runs) at 1σ/2σ/3σ, Gaussian only. */
export const OTAVA_GAUSSIAN_DELAY: readonly [string, string, string] = ["11 (p90 16)", "3.5", "2"];

/** Human-readable noise labels. */
export const NOISE_LABEL: Record<NoiseKind, string> = {
  gaussian: "Gaussian",
  "t3-unit": "Student-t3 (unit variance)",
  "ar1-marginal": "AR(1) φ=.5 (marginal sd σ)",
  spikes: "2% +6σ spikes",
  t3: "Student-t3 (scale σ, sd 1.73σ)",
  ar1: "AR(1) φ=.5 (innovation sd σ)",
};
