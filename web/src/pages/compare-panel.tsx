import { ErrorNotice } from "../components/states";
import type { ApiError } from "../lib/api";
import { formatDelta, formatPct, formatTime, formatValue, shortSha } from "../lib/format";
import type { Comparison, ExampleResult, SnapshotVersion } from "../lib/types";

/** Two versions side by side: every metric with its delta, and the examples whose outcome changed. */
export function ComparePanel({ comparison: c, error, loading, missing }: { comparison: Comparison | undefined; error: ApiError | undefined; loading: boolean; missing: boolean }) {
  return (
    <section className={loading && c ? "panel compare is-stale" : "panel compare"} data-testid="compare" aria-label="Comparison">
      {error ? <ErrorNotice error={error} /> : null}
      {missing ? (
        <div className="panel-body muted">This config has a single version: nothing to compare yet. Push another run of it and pick A and B.</div>
      ) : !c ? (
        <div className="panel-body"><div className="compare-skeleton"><span className="skeleton" /><span className="skeleton" /><span className="skeleton" /></div></div>
      ) : (
        <>
          <div className="compare-head">
            <VersionCard label="A" v={c.a} />
            <span className="compare-arrow" aria-hidden="true">→</span>
            <VersionCard label="B" v={c.b} />
          </div>
          <table className="table" data-testid="compare-deltas">
            <thead>
              <tr><th>Metric</th><th className="num">A · v{c.a.snapshot_version}</th><th className="num">B · v{c.b.snapshot_version}</th><th className="num">Delta</th><th className="num">Delta %</th><th>Change</th></tr>
            </thead>
            <tbody>
              {c.deltas.map((d) => (
                <tr key={d.metric} data-metric={d.metric}>
                  <td>{d.metric} <span className="muted small" title={`${d.direction} is better`}>{d.direction === "higher" ? "↑" : d.direction === "lower" ? "↓" : ""}</span></td>
                  <td className="num">{formatValue(d.a)}</td>
                  <td className="num">{formatValue(d.b)}</td>
                  <td className={`num delta ${d.change}`}>{formatDelta(d.delta)}</td>
                  <td className={`num delta ${d.change}`}>{formatPct(d.delta_pct)}</td>
                  <td><span className={`change change-${d.change}`}>{d.change}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
          <Examples c={c} />
        </>
      )}
    </section>
  );
}

function VersionCard({ label, v }: { label: string; v: SnapshotVersion }) {
  return (
    <div className="version-card">
      <div><span className="version-label">{label}</span> <strong>v{v.snapshot_version}</strong>
        {v.is_current ? <span className="badge badge-current">current</span> : null}
        {v.is_baseline ? <span className="badge badge-baseline">baseline</span> : null}</div>
      <div className="muted small"><code title={v.commit_sha ?? undefined}>{shortSha(v.commit_sha)}</code> {v.branch_name ?? ""} · {formatTime(v.run_created_at)}</div>
    </div>
  );
}

function Examples({ c }: { c: Comparison }) {
  const e = c.examples;
  if (!e) {
    return <p className="panel-body muted small">No per-example results: these runs carry no <code>examples</code>. Add them to the results file (id, correct, prediction, score) to see which examples changed.</p>;
  }
  return (
    <div className="examples" data-testid="examples">
      <h3 className="panel-subtitle">Examples</h3>
      <p className="small">
        {e.shared} shared · {e.only_a} only in A · {e.only_b} only in B · <strong>{e.changed_total}</strong> changed
        {e.changed_total > e.changed.length ? ` (first ${e.changed.length} shown)` : ""}
      </p>
      {e.changed.length ? (
        <table className="table">
          <thead><tr><th>Example</th><th>A</th><th>B</th><th /></tr></thead>
          <tbody>
            {e.changed.map((x) => (
              <tr key={x.id}>
                <td className="ellipsis" title={x.id}>{x.id}</td>
                <td><Outcome r={x.a} /></td>
                <td><Outcome r={x.b} /></td>
                <td>{x.a.correct === true && x.b.correct === false ? <span className="change change-worse">regressed</span>
                  : x.a.correct === false && x.b.correct === true ? <span className="change change-better">fixed</span> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function Outcome({ r }: { r: ExampleResult }) {
  return (
    <span className="outcome">
      {r.correct !== undefined ? <span className={r.correct ? "better" : "worse"}>{r.correct ? "✓" : "✗"}</span> : null}
      {r.prediction !== undefined ? <span className="ellipsis" title={r.prediction}> {r.prediction}</span> : null}
      {r.score !== undefined ? <span className="muted"> {formatValue(r.score)}</span> : null}
    </span>
  );
}
