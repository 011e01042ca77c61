import { useMemo, useState } from "react";
import type uPlot from "uplot";
import { axis, Chart, ChartTooltip, drawHLine, nearestIndex, rangeWith, type ChartOptions } from "../components/chart";
import { ConfigName } from "../components/config-picker";
import { PageHeader, Select, Toolbar } from "../components/controls";
import { ErrorNotice, Spinner } from "../components/states";
import { useApi } from "../lib/api";
import { configId } from "../lib/config-key";
import { formatPlain, formatTime, formatValue, shortSha } from "../lib/format";
import { Link, useQuery } from "../lib/router";
import type { Sla, SlaSeries } from "../lib/types";

const CHART_HEIGHT = 190;
// The API's default window is the last 30 days.
const RANGES = [{ value: "7", label: "Last 7 days" }, { value: "", label: "Last 30 days" }, { value: "90", label: "Last 90 days" }, { value: "365", label: "Last year" }];
const LINE = "#57606a";
const BREACH = "#cf222e";

const EXAMPLE = `{
  "configs": [
    {
      "match": { "dataset_version": "medqa-v2" },
      "sla": {
        "latency.p95": { "max": 1500 },
        "f1": { "min": 0.75 }
      }
    }
  ]
}`;

export function SlaPage() {
  const [query, setQuery] = useQuery();
  const days = query.get("days") ?? "";
  const sla = useApi<Sla>(`/api/sla${days ? `?days=${days}` : ""}`);
  const data = sla.data;
  const series = useMemo(() => (data ? [...data.series].sort((a, b) => b.breaches - a.breaches || a.metric.localeCompare(b.metric)) : []), [data]);
  const breached = series.filter((s) => s.breaches > 0).length;
  return (
    <div className="page" data-page="sla" data-state={data && !sla.loading ? "ready" : "loading"}>
      <PageHeader title="SLA" subtitle="Fixed limits from the project config (configs[].sla), and each matching config's values over time; runs outside a limit are marked red.">
        <Spinner show={sla.loading} />
        {data && series.length ? <span className="muted" data-testid="sla-summary">{breached} of {series.length} limits breached at least once</span> : null}
      </PageHeader>
      <Toolbar>
        <Select label="Range" name="days" value={days} options={RANGES} onChange={(v) => setQuery({ days: v || null })} disabled={!!data && data.rules.length === 0} />
      </Toolbar>
      {sla.error ? <ErrorNotice error={sla.error} /> : null}
      {!data ? (
        <div className="sla-grid" aria-hidden="true">{[0, 1, 2, 3].map((i) => <div key={i} className="panel sla-card"><div className="chart-loading" style={{ height: CHART_HEIGHT + 44 }}>Loading…</div></div>)}</div>
      ) : data.rules.length === 0 ? (
        <div className="empty" data-testid="empty-sla">
          <h2>No SLA is configured</h2>
          <p>Add limits to the project config: <code>benchledger.config.json</code> in the directory where you run <code>benchledger serve</code> (or the file given with <code>--config-file</code>). Each entry of <code>configs</code> matches configs by name (globs allowed) and sets a <code>min</code> and/or <code>max</code> per metric:</p>
          <pre className="code-block">{EXAMPLE}</pre>
          <p>Then restart <code>benchledger serve</code>. <code>benchledger check</code> also fails a run that breaches a limit, with the verdict <code>sla</code>.</p>
        </div>
      ) : series.length === 0 ? (
        <div className="empty" data-testid="empty-sla-match">
          <h2>No current config matches the SLA rules</h2>
          <p>The project config has {data.rules.length} SLA {data.rules.length === 1 ? "rule" : "rules"}, but no active config matches {data.rules.length === 1 ? "its" : "their"} <code>match</code>:</p>
          <pre className="code-block">{JSON.stringify(data.rules.map((r) => r.match), null, 2)}</pre>
          <p>Fix the names (globs like <code>gpt-4o*</code> work), or push runs of a matching config.</p>
        </div>
      ) : (
        <div className="sla-grid" data-testid="sla-series">
          {series.map((s) => <SlaCard key={`${configId(s)}|${s.metric}`} s={s} />)}
        </div>
      )}
    </div>
  );
}

function limitText(s: SlaSeries): string {
  return [s.min !== null ? `≥ ${formatPlain(s.min)}` : null, s.max !== null ? `≤ ${formatPlain(s.max)}` : null].filter(Boolean).join(" and ");
}

function SlaCard({ s }: { s: SlaSeries }) {
  const model = useMemo(() => slaChart(s), [s]);
  const [hover, setHover] = useState<{ i: number; left: number; top: number; width: number } | null>(null);
  const onCursor = (u: uPlot, left: number) => {
    if (left < 0 || model.xs.length === 0) return setHover(null);
    const i = nearestIndex(model.xs, u.posToVal(left, "x"));
    const p = s.points[i];
    if (!p) return setHover(null);
    setHover({ i, left: u.over.offsetLeft + u.valToPos(model.xs[i]!, "x"), top: u.over.offsetTop + u.valToPos(p.value, "y"), width: u.width });
  };
  const last = s.points.at(-1);
  const point = hover ? s.points[hover.i] : undefined;
  return (
    <section className={s.breaches ? "panel sla-card has-breach" : "panel sla-card"} data-testid="sla-card">
      <header className="sla-head">
        <div>
          <strong>{s.metric}</strong> <span className="muted">{limitText(s)}</span>
          <div className="small"><Link to={`/trends?c=${encodeURIComponent(configId(s))}&metric=${encodeURIComponent(s.metric)}`}><ConfigName config={s} /></Link></div>
        </div>
        <div className="sla-stats">
          {s.breaches ? <span className="badge badge-sla">{s.breaches} {s.breaches === 1 ? "breach" : "breaches"}</span> : <span className="badge badge-ok">within limits</span>}
          <div className="muted small">latest {formatValue(last?.value)}{last?.breached ? " (breached)" : ""} · {s.points.length} runs</div>
        </div>
      </header>
      {s.points.length === 0 ? (
        <div className="chart-empty" style={{ height: CHART_HEIGHT }}><p>No run of this config has <code>{s.metric}</code> in the range.</p></div>
      ) : (
        <Chart options={model.options} data={model.data} height={CHART_HEIGHT} label={`${s.metric} against its limits`} onCursor={onCursor}>
          {hover && point ? (
            <ChartTooltip left={hover.left} top={hover.top} width={hover.width}>
              <div>{s.metric} <strong className={point.breached ? "worse" : undefined}>{formatValue(point.value)}</strong>{point.breached ? " — breached" : ""}</div>
              <div>commit <code>{shortSha(point.commit_sha)}</code></div>
              <div className="muted">{formatTime(point.created_at)}</div>
            </ChartTooltip>
          ) : null}
        </Chart>
      )}
    </section>
  );
}

function slaChart(s: SlaSeries): { xs: number[]; data: uPlot.AlignedData; options: ChartOptions } {
  const xs = s.points.map((p) => Date.parse(p.created_at) / 1000);
  const values = s.points.map((p) => p.value);
  const breaches = s.points.map((p) => (p.breached ? p.value : null));
  const limits = [s.min, s.max].filter((v): v is number => v !== null);
  const options: ChartOptions = {
    legend: { show: false },
    cursor: { points: { show: false }, drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: rangeWith(limits) } },
    axes: [axis(), axis({ size: 52 })],
    series: [
      {},
      { label: s.metric, stroke: LINE, width: 1.25, points: { show: false } },
      { label: "breach", stroke: BREACH, fill: BREACH, paths: () => null, points: { show: true, size: 6, fill: BREACH, stroke: BREACH } },
    ],
    hooks: {
      drawClear: [
        (u) => {
          // Shade the area outside the limits.
          const ctx = u.ctx;
          ctx.save();
          ctx.fillStyle = "rgba(207, 34, 46, 0.06)";
          const { left, top, width, height } = u.bbox;
          if (s.max !== null) {
            const y = u.valToPos(s.max, "y", true);
            if (y > top) ctx.fillRect(left, top, width, Math.min(y, top + height) - top);
          }
          if (s.min !== null) {
            const y = u.valToPos(s.min, "y", true);
            if (y < top + height) ctx.fillRect(left, Math.max(y, top), width, top + height - Math.max(y, top));
          }
          ctx.restore();
        },
      ],
      draw: [
        (u) => {
          if (s.max !== null) drawHLine(u, s.max, BREACH, `max ${formatPlain(s.max)}`);
          if (s.min !== null) drawHLine(u, s.min, BREACH, `min ${formatPlain(s.min)}`);
        },
      ],
    },
  };
  return { xs, data: [xs, values, breaches], options };
}
