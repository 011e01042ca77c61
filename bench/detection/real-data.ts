import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Loaders for the real labelled series in the shared data folder (see its README):
 * Otava's test series with expected change points, TCPD series with annotations, and the
 * known steps of github-action-benchmark histories.
 */

export interface OtavaCase {
  series: string;
  test: string;
  values: number[];
  /** Otava's parameters mapped to ours: max_pvalue → pValue, min_magnitude → minRelativeShift. */
  pValue: number;
  minRelativeShift: number;
  expected: number[];
}

interface OtavaFile {
  series: {
    id: string;
    values?: number[];
    values_by_metric?: Record<string, number[]>;
    cases: { test: string; params?: { max_pvalue?: number; min_magnitude?: number }; expected_change_point_indexes?: number[]; expected?: Record<string, number[]> }[];
  }[];
}

/** Every case of otava_test_series_with_expected_cps.json that states expected indexes. */
export function loadOtavaCases(dataDir: string): OtavaCase[] {
  const file = JSON.parse(readFileSync(join(dataDir, "changepoints/otava/otava_test_series_with_expected_cps.json"), "utf8")) as OtavaFile;
  const cases: OtavaCase[] = [];
  for (const series of file.series) {
    const metrics: [string, number[]][] = series.values ? [[series.id, series.values]] : Object.entries(series.values_by_metric ?? {}).map(([metric, values]) => [`${series.id}.${metric}`, values]);
    for (const testCase of series.cases) {
      for (const [name, values] of metrics) {
        const metric = name.split(".").at(-1) ?? name;
        const expected = testCase.expected_change_point_indexes ?? testCase.expected?.[metric];
        if (!expected) continue;
        // Otava's defaults (Series.analyze) where a case leaves a parameter out.
        cases.push({ series: name, test: testCase.test, values, pValue: testCase.params?.max_pvalue ?? 0.001, minRelativeShift: testCase.params?.min_magnitude ?? 0, expected });
      }
    }
  }
  return cases;
}

export interface TcpdSeries {
  name: string;
  values: number[];
  annotations: Record<string, number[]>;
}

/** The univariate TCPD datasets with committed JSON (missing values carried forward). */
export function loadTcpd(dataDir: string): TcpdSeries[] {
  const folder = join(dataDir, "changepoints/tcpd");
  const annotations = JSON.parse(readFileSync(join(folder, "annotations.json"), "utf8")) as Record<string, Record<string, number[]>>;
  const series: TcpdSeries[] = [];
  for (const name of Object.keys(annotations).sort()) {
    let dataset: { n_dim: number; series: { raw: (number | null)[] }[] };
    try {
      dataset = JSON.parse(readFileSync(join(folder, "datasets", `${name}.json`), "utf8"));
    } catch {
      continue; // 10 datasets need download scripts; only their annotations are committed
    }
    if (dataset.n_dim !== 1) continue;
    let last = 0;
    const values = dataset.series[0]!.raw.map((value) => (value === null ? last : (last = value)));
    series.push({ name, values, annotations: annotations[name]! });
  }
  return series;
}

/** A documented step in a real history: the series, and the index of its first changed run. */
export interface KnownStep {
  label: string;
  values: number[];
  /** Index of the first run of the commit that the data README names; -1 if not found. */
  index: number;
}

/**
 * The steps listed in the data README (§1.3 "Known steps"), located by commit in each
 * bench's series (entries in file order). The avalanchego step is in the m6i-4xlarge runner's
 * series: its values (42.3 → 28.6 mgas/s) and commit are there, not in the i4i series the
 * README names.
 */
const KNOWN_STEPS: { file: string; suite: string; bench: string; commit: string }[] = [
  { file: "hyperium_hyper_data.js", suite: "end_to_end", bench: "http2_consecutive_x1_req_10b", commit: "18913ffd8e04" },
  { file: "hyperium_hyper_data.js", suite: "end_to_end", bench: "http2_parallel_x10_req_10kb_100_chunks", commit: "b6e3b1b79ba3" },
  { file: "hyperium_hyper_data.js", suite: "end_to_end", bench: "http1_body_both_100kb", commit: "48d4594930da" },
  { file: "hyperium_hyper_data.js", suite: "end_to_end", bench: "http2_get", commit: "48d4594930da" },
  { file: "hyperium_hyper_data.js", suite: "end_to_end", bench: "http2_post", commit: "48d4594930da" },
  { file: "hyperium_hyper_data.js", suite: "end_to_end", bench: "http2_parallel_x10_res_10mb", commit: "2d1bd7085e" },
  { file: "huggingface_safetensors_data.js", suite: "Benchmark", bench: "benches/test_pt.py::test_pt_pt_load_cpu_small", commit: "ee109c6098d4" },
  { file: "huggingface_safetensors_data.js", suite: "Benchmark", bench: "benches/test_pt.py::test_pt_sf_load_cpu", commit: "2f1da8be62" },
  { file: "ava-labs_avalanchego_data.js", suite: "Benchmark", bench: "BenchmarkReexecuteRange/[33000001,33500000]-Config-default-Runner-avago-runner-m6i-4xlarge-ebs-fast - mgas/s", commit: "2bfabb7df51a" },
  { file: "ava-labs_avalanchego_data.js", suite: "Benchmark", bench: "BenchmarkReexecuteRange/[33000001,33500000]-Config-default-Runner-avago-runner-m6i-4xlarge-ebs-fast - ms/ggas", commit: "2bfabb7df51a" },
  { file: "iTwin_presentation_data.js", suite: "Benchmark", bench: "models tree initial (Baytown)", commit: "bd8c509b3212" },
  { file: "rocicorp_replicache_perf-v2_data.js", suite: "Benchmark", bench: "scan 1024x1000", commit: "26ef0cf8b4" },
  { file: "rocicorp_replicache_perf-v2_data.js", suite: "Benchmark", bench: "writeSubRead 1MB total, 64 subs total, 5 subs dirty, 16kb read per sub", commit: "26ef0cf8b4" },
  { file: "rocicorp_replicache_perf-v2_data.js", suite: "Benchmark", bench: "writeSubRead 4MB total, 128 subs total, 5 subs dirty, 16kb read per sub", commit: "26ef0cf8b4" },
  { file: "rocicorp_replicache_perf-v2_data.js", suite: "Benchmark", bench: "writeSubRead 16MB total, 128 subs total, 5 subs dirty, 16kb read per sub", commit: "26ef0cf8b4" },
];

interface BenchmarkData {
  entries: Record<string, { commit: { id: string }; benches: { name: string; value: number }[] }[]>;
}

/** Loads every known step (each history file is parsed once). */
export function loadKnownSteps(dataDir: string): KnownStep[] {
  const files = new Map<string, BenchmarkData>();
  return KNOWN_STEPS.map(({ file, suite, bench, commit }) => {
    if (!files.has(file)) files.set(file, parseDataJs(readFileSync(join(dataDir, "histories", file), "utf8")));
    const points = (files.get(file)!.entries[suite] ?? []).flatMap((entry) =>
      entry.benches.filter((b) => b.name === bench).map((b) => ({ commit: entry.commit.id, value: b.value })),
    );
    const shortName = bench.length > 48 ? `${bench.slice(0, 22)}…${bench.slice(-25)}` : bench;
    return {
      label: `${file.split("_")[0]}/${file.split("_")[1]} ${shortName} @${commit.slice(0, 8)}`,
      values: points.map((p) => p.value),
      index: points.findIndex((p) => p.commit.startsWith(commit)),
    };
  });
}

/** github-action-benchmark's data.js: JSON after `window.BENCHMARK_DATA = `. */
function parseDataJs(text: string): BenchmarkData {
  return JSON.parse(text.slice(text.indexOf("{")).trim().replace(/;$/, "")) as BenchmarkData;
}
