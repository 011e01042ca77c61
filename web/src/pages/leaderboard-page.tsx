import { PageHeader, Select, Toolbar } from "../components/controls";
import { Command, EmptyState, ErrorNotice, SkeletonRows, Spinner } from "../components/states";
import { useApi } from "../lib/api";
import { configId, metricAt } from "../lib/config-key";
import { formatDelta, formatPct, formatTime, formatValue, shortSha } from "../lib/format";
import { Link, useQuery } from "../lib/router";
import type { Leaderboard, LeaderboardRow } from "../lib/types";

const FILTERS = [
  { param: "env", label: "Environment", facet: "environments" },
  { param: "model", label: "Model", facet: "models" },
  { param: "provider", label: "Provider", facet: "providers" },
  { param: "dataset", label: "Dataset", facet: "datasets" },
  { param: "prompt", label: "Prompt", facet: "prompts" },
  { param: "tag", label: "Tag", facet: "tags" },
] as const;

export function LeaderboardPage() {
  const [query, setQuery] = useQuery();
  const api = new URLSearchParams();
  for (const f of FILTERS) {
    const v = query.get(f.param);
    if (v) api.set(f.param, v);
  }
  const sortParam = query.get("sort");
  if (sortParam) api.set("sort", sortParam);
  const board = useApi<Leaderboard>(`/api/leaderboard${api.size ? `?${api}` : ""}`);
  const data = board.data;
  const reversed = query.get("rev") === "1";
  const rows = data ? (reversed ? [...data.rows].reverse() : data.rows) : [];
  const sort = data?.sort ?? sortParam ?? "f1";
  const filtered = FILTERS.some((f) => query.get(f.param));
  const ledgerEmpty = data !== undefined && data.rows.length === 0 && data.facets.models.length === 0;
  const showDeltas = rows.some((r) => Object.keys(r.deltas).length > 0);
  const metrics = data?.metrics ?? [];

  const sortBy = (metric: string) => setQuery(metric === sort ? { rev: reversed ? null : "1" } : { sort: metric === "f1" ? null : metric, rev: null });

  return (
    <div className="page" data-page="leaderboard" data-state={data && !board.loading ? "ready" : "loading"}>
      <PageHeader
        title="Current snapshot"
        subtitle="The current version of every configuration, best first. Each metric's change against the config's baseline is coloured by whether it is better or worse."
      >
        <Spinner show={board.loading} />
        {data && !ledgerEmpty ? <span className="muted" data-testid="row-count">{rows.length} {rows.length === 1 ? "config" : "configs"}{filtered ? " match" : ""}</span> : null}
      </PageHeader>
      <Toolbar>
        {FILTERS.map((f) => (
          <Select key={f.param} label={f.label} name={f.param} value={query.get(f.param) ?? ""} allLabel="All"
            options={data?.facets[f.facet] ?? []} disabled={!data || ledgerEmpty} onChange={(v) => setQuery({ [f.param]: v || null })} />
        ))}
        <Select label="Sort by" name="sort" value={sort} options={metrics.length ? metrics : [sort]} disabled={!data || ledgerEmpty}
          onChange={(v) => setQuery({ sort: v === "f1" ? null : v, rev: null })} />
        <div className="toolbar-end">
          <button type="button" className="btn" disabled={!filtered && !sortParam && !reversed}
            onClick={() => setQuery({ env: null, model: null, provider: null, dataset: null, prompt: null, tag: null, sort: null, rev: null })}>
            Clear
          </button>
        </div>
      </Toolbar>
      {board.error ? <ErrorNotice error={board.error} /> : null}
      {ledgerEmpty ? (
        <EmptyState title="The ledger is empty" testId="empty-ledger">
          <p>Record the results file your evaluation harness wrote (one JSON object per run, or an array of them):</p>
          <Command>benchledger push results.json</Command>
          <p>The run appears here as its config's current snapshot. To look around first, load four months of example runs:</p>
          <Command>benchledger demo --serve</Command>
          <p className="muted small">The results format is described in docs/results-format.md of the benchledger package.</p>
        </EmptyState>
      ) : (
        <div className={board.loading && data ? "panel table-wrap is-stale" : "panel table-wrap"}>
          <table className="table leaderboard" data-testid="leaderboard">
            <thead>
              <tr>
                <th>Model</th>
                <th>Dataset</th>
                <th>Prompt</th>
                <th>Environment</th>
                <th className="num">Version</th>
                {!data ? [0, 1, 2, 3, 4, 5].map((i) => <th key={i} className="num" aria-hidden="true"><span className="skeleton" /></th>) : null}
                {metrics.map((m) => (
                  <th key={m} className="num metric-th" aria-sort={m === sort ? (reversed ? "ascending" : "descending") : undefined}>
                    <button type="button" className={m === sort ? "sort-button sorted" : "sort-button"} onClick={() => sortBy(m)}
                      title={m === sort ? "Sorted best first; click to reverse" : `Sort by ${m}, best first`}>
                      {m}
                      <span className="sort-mark" aria-hidden="true">{m === sort ? (reversed ? "▲" : "▼") : ""}</span>
                    </button>
                  </th>
                ))}
                <th>Last run</th>
              </tr>
            </thead>
            <tbody>
              {!data ? <SkeletonRows rows={8} columns={12} /> : null}
              {rows.map((row) => (
                <Row key={configId(row)} row={row} metrics={metrics} sort={sort} showDeltas={showDeltas} onTag={(tag) => setQuery({ tag })} />
              ))}
            </tbody>
          </table>
          {data && rows.length === 0 ? (
            <EmptyState title="No current snapshot matches these filters">
              <p>Widen a filter above, or <button type="button" className="link-button" onClick={() => setQuery({ env: null, model: null, provider: null, dataset: null, prompt: null, tag: null })}>clear them all</button>.</p>
            </EmptyState>
          ) : null}
        </div>
      )}
      {data && !ledgerEmpty ? (
        <p className="footnote">
          {showDeltas
            ? <>Under each value: the change against the config's baseline version (<span className="delta better">better</span>, <span className="delta worse">worse</span>, by the metric's direction). </>
            : <>No config here has a baseline yet, so no deltas are shown. </>}
          Mark a baseline on the <Link to="/versions">Versions</Link> page, or with <code>benchledger baseline set</code>.
        </p>
      ) : null}
    </div>
  );
}

function Row({ row, metrics, sort, showDeltas, onTag }: { row: LeaderboardRow; metrics: string[]; sort: string; showDeltas: boolean; onTag: (tag: string) => void }) {
  const id = encodeURIComponent(configId(row));
  return (
    <tr className={row.is_baseline ? "is-baseline" : undefined}>
      <td>
        <Link to={`/trends?c=${id}&metric=${encodeURIComponent(sort)}`} className="strong" title="Trend of this config">{row.model_version}</Link>
        <div className="small model-meta">
          {row.model_provider ? <span className="muted">{row.model_provider}</span> : null}
          {row.tags.map((tag) => (
            <button key={tag} type="button" className="tag" title={`Show only configs whose current run is tagged ${tag}`} onClick={() => onTag(tag)}>{tag}</button>
          ))}
        </div>
      </td>
      <td>{row.dataset_version}</td>
      <td>{row.prompt_version}</td>
      <td>{row.environment}</td>
      <td className="num">
        <Link to={`/versions?c=${id}`} title="Versions of this config">v{row.snapshot_version}</Link>
        <div className="small">
          {row.is_baseline ? <span className="badge badge-baseline">baseline</span>
            : row.baseline ? <span className="muted" title={`Deltas against version ${row.baseline.snapshot_version}, the baseline`}>vs v{row.baseline.snapshot_version}</span>
            : showDeltas ? <span className="muted">no baseline</span> : null}
        </div>
      </td>
      {metrics.map((m) => {
        const value = metricAt(row.metrics, m);
        const d = row.deltas[m];
        const base = row.baseline ? metricAt(row.baseline.metrics, m) : null;
        return (
          <td key={m} className={m === sort ? "num sorted-col" : "num"} data-metric={m}>
            <div>{formatValue(value)}</div>
            {showDeltas ? (
              <div className={`delta small ${d?.change ?? ""}`} title={d ? `Baseline v${row.baseline?.snapshot_version}: ${formatValue(base)} → ${formatValue(value)} (${formatDelta(d.delta)}, ${formatPct(d.delta_pct)}); ${d.change}, ${d.direction} is better` : undefined}>
                {d ? (d.change === "added" ? "new" : d.change === "removed" ? "gone" : d.delta_pct !== null ? formatPct(d.delta_pct) : formatDelta(d.delta)) : "\u00a0"}
              </div>
            ) : null}
          </td>
        );
      })}
      <td className="nowrap">
        <code title={row.commit_sha ?? undefined}>{shortSha(row.commit_sha)}</code>
        {row.branch_name ? <span className="muted small"> {row.branch_name}</span> : null}
        <div className="muted small">{formatTime(row.run_created_at)}</div>
      </td>
    </tr>
  );
}

