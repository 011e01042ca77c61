import type uPlot from "uplot";
import { drawHLine, drawVLine, PALETTE, axis, rangeWith, type ChartOptions } from "../components/chart";
import { shortSha } from "../lib/format";
import type { ChangePoint, ConfigKey, History, HistoryBucket, Series } from "../lib/types";

/** One config's line on the trend chart, and what the tooltip needs to describe its points. */
export interface TrendSeries {
  config: ConfigKey;
  color: string;
  /** Sorted x (seconds) of this config's own points, and their values. */
  xs: number[];
  ys: number[];
  /** Raw runs: the columns of /api/series. */
  runs: Series | null;
  /** Bucketed: the buckets of /api/history. */
  buckets: HistoryBucket[] | null;
  baseline: { version: number; value: number } | null;
  changePoints: ChangePoint[];
}

export interface TrendModel {
  series: TrendSeries[];
  data: uPlot.AlignedData;
  bucketed: boolean;
  points: number;
}

const toSeconds = (iso: string) => Date.parse(iso) / 1000;

export const isSeries = (answer: Series | History): answer is Series => "time_ms" in answer;

/** The chart's series from each selected config's answer: raw columns (/api/series) or buckets (/api/history). */
export function buildTrendModel(
  configs: readonly ConfigKey[],
  answers: readonly (Series | History)[],
  baselines: readonly ({ version: number; value: number } | null)[],
  changePoints: readonly (ChangePoint[] | undefined)[],
): TrendModel {
  const bucketed = answers.some((a) => !isSeries(a));
  const series = configs.map((config, i): TrendSeries => {
    const answer = answers[i]!;
    const color = PALETTE[i % PALETTE.length]!;
    const base = { config, color, baseline: baselines[i] ?? null, changePoints: changePoints[i] ?? [] };
    if (isSeries(answer)) return { ...base, xs: answer.time_ms.map((t) => t / 1000), ys: answer.value, runs: answer, buckets: null };
    const buckets = answer.bucket === "none" ? [] : answer.buckets;
    return { ...base, xs: buckets.map((b) => toSeconds(b.bucket)), ys: buckets.map((b) => b.avg), runs: null, buckets };
  });
  return { series, data: alignSeries(series, bucketed), bucketed, points: series.reduce((n, s) => n + s.xs.length, 0) };
}

/** uPlot wants one shared x array: merge the configs' times, null where a config has no point. */
function alignSeries(series: readonly TrendSeries[], bucketed: boolean): uPlot.AlignedData {
  const only = series.length === 1 ? series[0]! : null;
  if (only && !bucketed) return [only.xs, only.ys];
  const xs = only ? only.xs : [...new Set(series.flatMap((s) => s.xs))].sort((a, b) => a - b);
  const index = only ? null : new Map(xs.map((x, i) => [x, i]));
  const columns: (number | null)[][] = [];
  for (const s of series) {
    const place = (values: readonly number[]) => {
      if (!index) return [...values];
      const column: (number | null)[] = new Array(xs.length).fill(null);
      s.xs.forEach((x, j) => (column[index.get(x)!] = values[j]!));
      return column;
    };
    columns.push(place(s.ys));
    if (bucketed && s.buckets) columns.push(place(s.buckets.map((b) => b.min)), place(s.buckets.map((b) => b.max)));
  }
  return [xs, ...columns] as uPlot.AlignedData;
}

const DIRECTION_COLOR = { regression: "#cf222e", improvement: "#1a7f37", change: "#6e7781" } as const;

/** The uPlot options of a trend chart: one line per config, min–max bands when bucketed, baselines and change points drawn over. */
export function trendOptions(model: TrendModel, metric: string, width: number): ChartOptions {
  const seriesOpts: uPlot.Series[] = [{}];
  const bands: uPlot.Band[] = [];
  for (const s of model.series) {
    const dense = s.xs.length > width / 5;
    seriesOpts.push({ label: s.config.model_version, stroke: s.color, width: dense ? 1 : 1.5, spanGaps: true,
      points: { show: !dense, size: 4, fill: s.color, stroke: s.color } });
    if (model.bucketed) {
      const avg = seriesOpts.length - 1;
      seriesOpts.push({ label: "min", stroke: "transparent", width: 0, spanGaps: true, points: { show: false } });
      seriesOpts.push({ label: "max", stroke: "transparent", width: 0, spanGaps: true, points: { show: false } });
      bands.push({ series: [avg + 2, avg + 1], fill: `${s.color}22` });
    }
  }
  const extra = model.series.flatMap((s) => (s.baseline ? [s.baseline.value] : []));
  return {
    series: seriesOpts,
    bands,
    legend: { show: false },
    cursor: { points: { show: false }, drag: { x: true, y: false, setScale: true } },
    scales: { x: { time: true }, y: { range: rangeWith(extra) } },
    axes: [axis(), axis({ label: metric, size: 60, labelSize: 16 })],
    hooks: {
      draw: [
        (u) => {
          for (const s of model.series) {
            if (s.baseline) drawHLine(u, s.baseline.value, s.color, `baseline v${s.baseline.version}`);
            for (const cp of s.changePoints) drawVLine(u, toSeconds(cp.created_at), DIRECTION_COLOR[cp.direction], shortSha(cp.commit_sha));
          }
        },
      ],
    },
  };
}
