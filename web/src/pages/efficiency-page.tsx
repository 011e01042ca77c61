import { useMemo, useState } from "react";
import type uPlot from "uplot";
import { axis, Chart, ChartTooltip, PALETTE, rangeWith, type ChartOptions } from "../components/chart";
import { ConfigName } from "../components/config-picker";
import { PageHeader, Select, Toolbar } from "../components/controls";
import { Command, EmptyState, ErrorNotice, SkeletonRows, Spinner } from "../components/states";
import { useApi } from "../lib/api";
import { configId } from "../lib/config-key";
import { formatValue } from "../lib/format";
import { Link, useQuery } from "../lib/router";
import type { Efficiency, EfficiencyPoint } from "../lib/types";
import { useConfigs } from "../lib/use-configs";

const CHART_HEIGHT = 400;
const FRONT_COLOR = "#24292f";

export function EfficiencyPage() {
  const [query, setQuery] = useQuery();
  const ledger = useConfigs();
  const params = new URLSearchParams();
  for (const name of ["quality", "cost", "env"]) {
    const v = query.get(name);
    if (v) params.set(name, v);
  }
  const eff = useApi<Efficiency>(`/api/efficiency${params.size ? `?${params}` : ""}`);
  const data = eff.data;
  const model = useMemo(() => (data ? scatterModel(data) : null), [data]);
  const [hover, setHover] = useState<{ i: number; left: number; top: number; width: number } | null>(null);

  const onCursor = (u: uPlot, left: number, top: number) => {
    if (!model || left < 0) return setHover(null);
    let best = -1;
    let bestD = Infinity;
    model.points.forEach((p, i) => {
      const d = Math.hypot(u.valToPos(p.cost, "x") - left, u.valToPos(p.quality, "y") - top);
      if (d < bestD) [best, bestD] = [i, d];
    });
    const p = model.points[best];
    if (!p || bestD > 30) return setHover(null);
    setHover({ i: best, left: u.over.offsetLeft + u.valToPos(p.cost, "x"), top: u.over.offsetTop + u.valToPos(p.quality, "y"), width: u.width });
  };

  const metrics = data?.metrics ?? ledger.metrics;
  const hovered = hover ? model?.points[hover.i] : undefined;
  return (
    <div className="page" data-page="efficiency" data-state={data && !eff.loading ? "ready" : "loading"}>
      <PageHeader title="Cost & efficiency" subtitle="A quality metric against cost or latency for every current snapshot. The line joins the Pareto front: the configs no other config beats on both axes.">
        <Spinner show={eff.loading} />
      </PageHeader>
      <Toolbar>
        <Select label="Quality (y)" name="quality" value={data?.quality ?? query.get("quality") ?? "f1"} options={metrics} onChange={(v) => setQuery({ quality: v })} />
        <Select label="Cost or latency (x)" name="cost" value={data?.cost ?? query.get("cost") ?? ""} options={metrics} onChange={(v) => setQuery({ cost: v })} />
        <Select label="Environment" name="env" value={query.get("env") ?? ""} allLabel="All" options={ledger.facets?.environments ?? []} onChange={(v) => setQuery({ env: v || null })} />
      </Toolbar>
      {eff.error ? <ErrorNotice error={eff.error} /> : null}
      {data && ledger.loaded && ledger.rows.length === 0 ? (
        <EmptyState title="No current snapshots to plot">
          <p>Push results that carry a quality metric and a cost or latency metric (for example <code>f1</code> and <code>cost_usd</code>):</p>
          <Command>benchledger push results.json</Command>
        </EmptyState>
      ) : (
        <div className="panel chart-panel">
          {model && model.points.length === 0 ? (
            <div className="chart-empty" style={{ height: CHART_HEIGHT }}>
              <p>No current snapshot has both <code>{data?.quality}</code> and <code>{data?.cost}</code>. Pick other metrics above.</p>
            </div>
          ) : model ? (
            <Chart options={model.options} data={model.data} height={CHART_HEIGHT} label={`${data?.quality} against ${data?.cost}`} onCursor={onCursor}>
              {hover && hovered ? (
                <ChartTooltip left={hover.left} top={hover.top} width={hover.width}>
                  <div className="tt-title"><ConfigName config={hovered} /></div>
                  <div>{data?.quality} <strong>{formatValue(hovered.quality)}</strong> · {data?.cost} <strong>{formatValue(hovered.cost)}</strong></div>
                  <div className="muted">{hovered.model_provider ?? "no provider"}{hovered.on_front ? " · on the Pareto front" : ""}</div>
                </ChartTooltip>
              ) : null}
            </Chart>
          ) : (
            <div className="chart-loading" style={{ height: CHART_HEIGHT }}>Loading current snapshots…</div>
          )}
          {model && model.providers.length ? (
            <div className="legend">
              {model.providers.map((p) => <span key={p.name}><span className="swatch round" style={{ background: p.color }} />{p.name}</span>)}
              <span><span className="swatch line" style={{ background: FRONT_COLOR }} />Pareto front</span>
              <span className="muted">{data?.directions.quality === "lower" ? "↓" : "↑"} {data?.quality} is better · {data?.directions.cost === "higher" ? "→" : "←"} {data?.cost} is better</span>
            </div>
          ) : null}
        </div>
      )}
      {data && data.points.length === 0 ? null : <div className="panel table-wrap">
        <table className="table" data-testid="efficiency-table">
          <thead><tr><th>Config</th><th>Provider</th><th className="num">{data?.quality ?? "quality"}</th><th className="num">{data?.cost ?? "cost"}</th><th>Pareto front</th></tr></thead>
          <tbody>
            {!data ? <SkeletonRows rows={6} columns={5} /> : null}
            {data ? [...data.points].sort((a, b) => Number(b.on_front) - Number(a.on_front) || b.quality - a.quality).map((p) => (
              <tr key={configId(p)}>
                <td><Link to={`/trends?c=${encodeURIComponent(configId(p))}&metric=${encodeURIComponent(data.quality)}`}><ConfigName config={p} /></Link></td>
                <td>{p.model_provider ?? "–"}</td>
                <td className="num">{formatValue(p.quality)}</td>
                <td className="num">{formatValue(p.cost)}</td>
                <td>{p.on_front ? <span className="badge badge-front">on the front</span> : <span className="muted">dominated</span>}</td>
              </tr>
            )) : null}
          </tbody>
        </table>
      </div>}
    </div>
  );
}

interface ScatterModel {
  points: EfficiencyPoint[];
  data: uPlot.AlignedData;
  options: ChartOptions;
  providers: { name: string; color: string }[];
}

/** Points sorted by cost (uPlot's x must ascend): one points-only series per provider, and the front as a line. */
function scatterModel(e: Efficiency): ScatterModel {
  const points = [...e.points].sort((a, b) => a.cost - b.cost || a.quality - b.quality);
  const names = [...new Set(points.map((p) => p.model_provider ?? "other"))].sort();
  const providers = names.map((name, i) => ({ name, color: PALETTE[i % PALETTE.length]! }));
  const xs = points.map((p) => p.cost);
  const columns = providers.map((pr) => points.map((p) => ((p.model_provider ?? "other") === pr.name ? p.quality : null)));
  const front = points.map((p) => (p.on_front ? p.quality : null));
  const label = points.length <= 24;
  const options: ChartOptions = {
    legend: { show: false },
    cursor: { points: { show: false }, drag: { x: false, y: false } },
    scales: { x: { time: false, range: rangeWith([]) }, y: { range: rangeWith([]) } },
    axes: [
      axis({ label: `${e.cost} (${e.directions.cost === "higher" ? "higher" : "lower"} is better)`, labelSize: 18 }),
      axis({ label: `${e.quality} (${e.directions.quality === "lower" ? "lower" : "higher"} is better)`, size: 60, labelSize: 18 }),
    ],
    series: [
      {},
      ...providers.map((pr) => ({ label: pr.name, stroke: pr.color, fill: pr.color, paths: () => null, points: { show: true, size: 10, width: 1.5, stroke: "#ffffff", fill: pr.color } })),
      { label: "Pareto front", stroke: FRONT_COLOR, width: 1.5, spanGaps: true, dash: [5, 4], points: { show: false } },
    ],
    hooks: { draw: [(u) => drawLabels(u, points, label)] },
  };
  return { points, data: [xs, ...columns, front] as uPlot.AlignedData, options, providers };
}

const FIELDS = ["model_version", "dataset_version", "prompt_version", "environment"] as const;

/** Names each point by the config fields that differ between the points, placed where they overlap nothing drawn so far. */
function drawLabels(u: uPlot, points: readonly EfficiencyPoint[], all: boolean): void {
  const varying = FIELDS.filter((f, i) => i === 0 || new Set(points.map((p) => p[f])).size > 1);
  const ctx = u.ctx;
  const r = devicePixelRatio || 1;
  const placed: [number, number, number, number][] = points.map((p) => {
    const x = u.valToPos(p.cost, "x", true);
    const y = u.valToPos(p.quality, "y", true);
    return [x - 6 * r, y - 6 * r, x + 6 * r, y + 6 * r];
  });
  const free = (b: [number, number, number, number]) =>
    b[0] >= u.bbox.left && b[2] <= u.bbox.left + u.bbox.width && b[1] >= u.bbox.top && b[3] <= u.bbox.top + u.bbox.height &&
    placed.every((o) => b[2] <= o[0] || b[0] >= o[2] || b[3] <= o[1] || b[1] >= o[3]);
  ctx.save();
  ctx.font = `${11 * r}px Inter, system-ui, sans-serif`;
  ctx.fillStyle = "#424a53";
  ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";
  ctx.lineWidth = 3 * r;
  ctx.lineJoin = "round";
  ctx.textBaseline = "middle";
  // Front points first, so they keep their labels when space runs out.
  for (const p of [...points].sort((a, b) => Number(b.on_front) - Number(a.on_front))) {
    if (!all && !p.on_front) continue;
    const text = varying.map((f) => p[f]).join(" · ");
    const w = ctx.measureText(text).width;
    const h = 14 * r;
    const x = u.valToPos(p.cost, "x", true);
    const y = u.valToPos(p.quality, "y", true);
    const spots: [number, number][] = [[x + 9 * r, y], [x - 9 * r - w, y], [x - w / 2, y - 13 * r], [x - w / 2, y + 13 * r]];
    for (const [left, mid] of spots) {
      const box: [number, number, number, number] = [left - 2 * r, mid - h / 2, left + w + 2 * r, mid + h / 2];
      if (!free(box)) continue;
      placed.push(box);
      ctx.textAlign = "left";
      ctx.strokeText(text, left, mid);
      ctx.fillText(text, left, mid);
      break;
    }
  }
  ctx.restore();
}
