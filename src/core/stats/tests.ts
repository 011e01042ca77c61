/**
 * Statistical tests and comparisons: paired tests for per-example results (McNemar, the
 * paired bootstrap), Welch's t on summaries, distribution shift (Kolmogorov–Smirnov, PSI),
 * rank correlation, the Wilson interval and Benjamini–Hochberg. Each lives in its own
 * file; this module is the one to import.
 */
export { benjaminiHochberg, type BenjaminiHochbergResult } from "./benjamini-hochberg.js";
export { ksTwoSample, type KsResult } from "./ks-two-sample.js";
export { mcnemarExact, type McNemarResult } from "./mcnemar-exact.js";
export { pairedBootstrap, type PairedBootstrapOptions, type PairedBootstrapResult } from "./paired-bootstrap.js";
export { populationStabilityIndex } from "./population-stability-index.js";
export { spearman } from "./spearman.js";
export { welchTTest, type SampleSummary, type WelchResult } from "./welch-t-test.js";
export { wilsonInterval, type Interval } from "./wilson-interval.js";
