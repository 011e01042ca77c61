import { useEffect, useMemo, useState } from "react";
import type uPlot from "uplot";
import { Chart, ChartTooltip, nearestIndex } from "../components/chart";
import { ConfigName } from "../components/config-picker";
import { PageHeader, Segmented, Select, Toolbar } from "../components/controls";
import { Command, EmptyState, ErrorNotice, Spinner } from "../components/states";
import { useApiAll } from "../lib/api";
import { configId, configLabel, configParams, defaultMetric, metricAt, parseConfigId } from "../lib/config-key";
import { formatDate, formatP, formatTime, formatValue, shortSha } from "../lib/format";
import { Link, useQuery } from "../lib/router";
import type { ChangePoints, ConfigKey, History, Series } from "../lib/types";
import { useConfigs } from "../lib/use-configs";
import { buildTrendModel, trendOptions, type TrendModel } from "./trend-model";

const CHART_HEIGHT = 380;
const RANGES = [{ value: "", label: "All time" }, { value: "7", label: "Last 7 days" }, { value: "30", label: "Last 30 days" }, { value: "90", label: "Last 90 days" }, { value: "365", label: "Last year" }];
const MODES = [{ value: "none", label: "Runs" }, { value: "day", label: "Daily" }, { value: "week", label: "Weekly" }];

export function TrendsPage() {
  const [query, setQuery] = useQuery();
  const ledger = useConfigs();
  const selected = query.getAll("c").map(parseConfigId).filter((c): c is ConfigKey => c !== null);
  const metric = query.get("metric") ?? defaultMetric(ledger.metrics) ?? "f1";
  const bucket = ["day", "week"].includes(query.get("bucket") ?? "") ? query.get("bucket")! : "none";
  const days = query.get("days") ?? "";
  const limit = query.get("limit") ?? "";

  useEffect(() => {
    const first = ledger.rows[0];
    if (selected.length === 0 && first) setQuery({ c: configId(first), metric: query.get("metric") ?? metric }, { replace: true });
  }, [ledger.rows, selected.length]); // eslint-disable-line react-hooks/exhaustive-deps

  const ready = selected.length > 0 && (ledger.loaded || query.has("metric"));
  // Raw runs come as columns from /api/series; day and week averages from /api/history.
  const historyPaths = selected.map((c) => {
    const p = configParams(c);
    p.set("metric", metric);
    if (days) p.set("days", days);
    if (bucket !== "none") {
      p.set("bucket", bucket);
      return `/api/history?${p}`;
    }
    if (limit) p.set("limit", limit);
    return `/api/series?${p}`;
  });
  const cpPaths = selected.map((c) => `/api/changepoints?${configParams(c)}&metric=${encodeURIComponent(metric)}`);
  const histories = useApiAll<Series | History>(ready ? historyPaths : null);
  const changePoints = useApiAll<ChangePoints>(ready ? cpPaths : null);

  const model = useMemo<TrendModel | null>(() => {
    const hs = histories.data;
    if (!hs || hs.length !== selected.length) return null;
    const baselines = selected.map((c) => {
      const row = ledger.rows.find((r) => configId(r) === configId(c));
      const value = row?.baseline ? metricAt(row.baseline.metrics, metric) : null;
      return row?.baseline && value !== null ? { version: row.baseline.snapshot_version, value } : null;
    });
    const cps = selected.map((c) => changePoints.data?.find((r) => configId(r.config) === configId(c))?.change_points);
    return buildTrendModel(selected, hs, baselines, cps);
  }, [histories.data, changePoints.data, ledger.rows, metric]); // eslint-disable-line react-hooks/exhaustive-deps

  const options = useMemo(() => (model ? trendOptions(model, metric, 1200) : null), [model, metric]);
  const [hover, setHover] = useState<{ s: number; i: number; left: number; top: number; width: number } | null>(null);
  useEffect(() => setHover(null), [model]);
  const onCursor = (u: uPlot, left: number, top: number) => {
    if (!model || left < 0) return setHover(null);
    // The run nearest the cursor in time; among configs, the one nearest in value.
    let best: { s: number; i: number; dx: number; dy: number } | null = null;
    const x = u.posToVal(left, "x");
    model.series.forEach((s, si) => {
      const i = nearestIndex(s.xs, x);
      if (i < 0) return;
      const dx = Math.abs(u.valToPos(s.xs[i]!, "x") - left);
      const dy = Math.abs(u.valToPos(s.ys[i]!, "y") - top);
      if (dx <= 40 && (!best || dy < best.dy)) best = { s: si, i, dx, dy };
    });
    const b = best as { s: number; i: number } | null;
    if (!b) return setHover(null);
    const s = model.series[b.s]!;
    setHover({ s: b.s, i: b.i, left: u.over.offsetLeft + u.valToPos(s.xs[b.i]!, "x"), top: u.over.offsetTop + u.valToPos(s.ys[b.i]!, "y"), width: u.width });
  };

  const unselected = ledger.configs.filter((c) => !selected.some((s) => configId(s) === configId(c)));
  const setConfigs = (cs: ConfigKey[]) => setQuery({ c: cs.map(configId) });
  const maxRuns = Number(limit) || 100_000;
  const truncated = model?.series.filter((s) => s.runs && s.runs.count >= maxRuns) ?? [];
  const error = ledger.error ?? histories.error ?? changePoints.error;
  const loading = histories.loading || changePoints.loading || !ledger.loaded;
  const drawn = (model !== null && !loading) || (ledger.loaded && ledger.rows.length === 0);

  return (
    <div className="page" data-page="trends" data-state={drawn ? "ready" : "loading"}>
      <PageHeader title="Trends" subtitle="A metric of one or several configs over time: hover a point for its commit, branch and time. Dashed lines: each config's baseline; vertical marks: change points, labelled with the commit that started them.">
        <Spinner show={loading} />
        {model ? <span className="muted" data-testid="point-count">{model.points.toLocaleString("en-US")} {model.bucketed ? "buckets" : "runs"}</span> : null}
      </PageHeader>
      <Toolbar>
        <Select label="Metric" name="metric" value={metric} options={ledger.metrics.length ? ledger.metrics : [metric]} onChange={(v) => setQuery({ metric: v })} />
        <Segmented label="Show" name="bucket" value={bucket} options={MODES} onChange={(v) => setQuery({ bucket: v === "none" ? null : v })} />
        <Select label="Range" name="days" value={days} options={RANGES} onChange={(v) => setQuery({ days: v || null })} />
        <Select label="Add a config to overlay" name="add-config" wide value="" allLabel={unselected.length ? "Choose…" : "All configs shown"} disabled={!unselected.length}
          options={unselected.map((c) => ({ value: configId(c), label: configLabel(c) }))}
          onChange={(id) => {
            const c = parseConfigId(id);
            if (c) setConfigs([...selected, c]);
          }} />
      </Toolbar>
      <div className="chips" data-testid="selected-configs">
        {selected.map((c, i) => (
          <span key={configId(c)} className="chip">
            <ConfigName config={c} color={model?.series[i]?.color} />
            {selected.length > 1 ? <button type="button" className="chip-remove" aria-label={`Remove ${configLabel(c)}`} onClick={() => setConfigs(selected.filter((_, j) => j !== i))}>×</button> : null}
          </span>
        ))}
        {selected.length === 0 && ledger.loaded && ledger.rows.length === 0 ? null : selected.length === 0 ? <span className="chip chip-placeholder">&nbsp;</span> : null}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {ledger.loaded && ledger.rows.length === 0 ? (
        <EmptyState title="No runs to draw yet">
          <p>Record runs with <code>benchledger push</code>; each push adds a point here.</p>
          <Command>benchledger push results.json</Command>
        </EmptyState>
      ) : (
        <div className={loading && model ? "panel chart-panel is-stale" : "panel chart-panel"}>
          {model && options ? (
            model.points === 0 ? (
              <div className="chart-empty" style={{ height: CHART_HEIGHT }}>
                <p>No run of {selected.length === 1 ? "this config" : "these configs"} has a metric <code>{metric}</code>{days ? ` in the last ${days} days` : ""}. Pick another metric or a longer range.</p>
              </div>
            ) : (
              <Chart options={options} data={model.data} height={CHART_HEIGHT} label={`${metric} over time`} onCursor={onCursor}>
                {hover ? <TrendTooltip model={model} hover={hover} metric={metric} /> : null}
              </Chart>
            )
          ) : (
            <div className="chart-loading" style={{ height: CHART_HEIGHT }}>Loading runs…</div>
          )}
        </div>
      )}
      {truncated.length ? (
        <p className="notice" data-testid="truncated">
          Showing only the newest {maxRuns.toLocaleString("en-US")} runs of {truncated.length === 1 ? "this config" : `${truncated.length} configs`}.
          Pick a shorter range, or <button type="button" className="link-button" onClick={() => setQuery({ bucket: "day" })}>average by day</button> to see all of it.
        </p>
      ) : null}
      {model ? <TrendSummary model={model} metric={metric} /> : null}
    </div>
  );
}

function TrendTooltip({ model, hover, metric }: { model: TrendModel; hover: { s: number; i: number; left: number; top: number; width: number }; metric: string }) {
  const s = model.series[hover.s];
  if (!s) return null;
  const run = s.runs && hover.i < s.runs.count
    ? { value: s.runs.value[hover.i]!, commit: s.runs.commit_sha[hover.i] ?? null, branch: s.runs.branch_name[hover.i] ?? null, time: new Date(s.runs.time_ms[hover.i]!).toISOString() }
    : undefined;
  const bucket = s.buckets?.[hover.i];
  return (
    <ChartTooltip left={hover.left} top={hover.top} width={hover.width}>
      <div className="tt-title"><ConfigName config={s.config} color={s.color} /></div>
      {run ? (
        <>
          <div className="tt-value">{metric} <strong>{formatValue(run.value)}</strong></div>
          <div>commit <code>{shortSha(run.commit)}</code>{run.branch ? <> on <strong>{run.branch}</strong></> : null}</div>
          <div className="muted">{formatTime(run.time)}</div>
        </>
      ) : bucket ? (
        <>
          <div className="tt-value">{metric} avg <strong>{formatValue(bucket.avg)}</strong></div>
          <div>min {formatValue(bucket.min)} · max {formatValue(bucket.max)} · {bucket.count} {bucket.count === 1 ? "run" : "runs"}</div>
          <div className="muted">{model.bucketed && s.buckets ? `from ${formatDate(bucket.bucket)}` : null}</div>
        </>
      ) : null}
    </ChartTooltip>
  );
}

function TrendSummary({ model, metric }: { model: TrendModel; metric: string }) {
  const cps = model.series.flatMap((s) => s.changePoints.map((cp) => ({ s, cp })));
  return (
    <div className="panel">
      <h2 className="panel-title">Change points of {metric}</h2>
      <div className="table-wrap">
      {cps.length === 0 ? (
        <p className="panel-body muted">No level shift found in {model.series.length === 1 ? "this config's" : "these configs'"} runs of {metric}.</p>
      ) : (
        <table className="table" data-testid="change-points">
          <thead>
            <tr><th>Config</th><th>First run at the new level</th><th>Commit range to bisect</th><th className="num">Mean before</th><th className="num">Mean after</th><th className="num">p</th><th>Direction</th></tr>
          </thead>
          <tbody>
            {cps.map(({ s, cp }) => (
              <tr key={`${configId(s.config)}-${cp.transaction_id}`}>
                <td><Link to={`/versions?c=${encodeURIComponent(configId(s.config))}`} title="The versions of this config"><ConfigName config={s.config} color={s.color} /></Link></td>
                <td>{formatTime(cp.created_at)}</td>
                <td><code title={cp.previous_commit_sha ?? undefined}>{shortSha(cp.previous_commit_sha)}</code>..<code title={cp.commit_sha ?? undefined}>{shortSha(cp.commit_sha)}</code></td>
                <td className="num">{formatValue(cp.before_mean)}</td>
                <td className="num">{formatValue(cp.after_mean)}</td>
                <td className="num">{formatP(cp.p_value)}</td>
                <td><span className={`badge badge-${cp.direction}`}>{cp.direction}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      </div>
    </div>
  );
}
