import { useMemo } from "react";
import { ConfigName } from "../components/config-picker";
import { PageHeader, Segmented, Toolbar } from "../components/controls";
import { Command, EmptyState, ErrorNotice, Spinner } from "../components/states";
import { useApi, useApiAll } from "../lib/api";
import { configId, configParams } from "../lib/config-key";
import { formatDelta, formatP, formatPct, formatPlain, formatTime, formatValue, shortSha } from "../lib/format";
import { Link, useQuery } from "../lib/router";
import type { ChangePoints, Finding, Verdict } from "../lib/types";

const VERDICTS: Verdict[] = ["regression", "sla", "tradeoff", "inconclusive"];
const VERDICT_TEXT: Record<string, string> = {
  regression: "A metric got worse beyond its threshold, and the test says it is real.",
  sla: "A metric is outside a fixed limit of the project config.",
  tradeoff: "A cost or latency metric got worse without a significant gain in quality.",
  inconclusive: "Beyond the threshold, but within the noise: more runs will tell.",
};

const findingKey = (f: Finding) => `${configId(f)}|${f.metric}`;

export function RegressionsPage() {
  const [query, setQuery] = useQuery();
  const verdict = query.get("verdict") ?? "";
  const findings = useApi<{ findings: Finding[] }>("/api/findings");
  const all = findings.data?.findings ?? [];
  const shown = verdict ? all.filter((f) => f.verdict === verdict) : all;

  // The first bad commit of each finding: the change point nearest before its commit.
  const cpKeys = useMemo(() => [...new Map(shown.map((f) => [findingKey(f), f])).values()], [shown]);
  const cpPaths = cpKeys.map((f) => `/api/changepoints?${configParams(f)}&metric=${encodeURIComponent(f.metric)}`);
  const cps = useApiAll<ChangePoints>(findings.data ? cpPaths : null);
  const cpByKey = new Map(cps.data?.map((r, i) => [findingKey(cpKeys[i]!), r]) ?? []);

  const counts = Object.fromEntries(VERDICTS.map((v) => [v, all.filter((f) => f.verdict === v).length]));
  const ready = findings.data !== undefined && !findings.loading && (!cps.loading || cpPaths.length === 0);

  return (
    <div className="page" data-page="regressions" data-state={ready ? "ready" : "loading"}>
      <PageHeader title="Regressions" subtitle={<>The open findings of <code>benchledger check</code>, worst first: the newest verdict per config and metric, until it is acknowledged or the metric recovers.</>}>
        <Spinner show={findings.loading || cps.loading} />
      </PageHeader>
      <Toolbar>
        <Segmented label="Verdict" name="verdict" value={verdict} onChange={(v) => setQuery({ verdict: v || null })}
          options={[{ value: "", label: `All ${findings.data ? all.length : ""}` }, ...VERDICTS.map((v) => ({ value: v, label: `${v} ${findings.data ? counts[v] : ""}` }))]} />
      </Toolbar>
      {findings.error ? <ErrorNotice error={findings.error} /> : null}
      {!findings.data ? (
        <div className="finding-list" aria-hidden="true">
          {[0, 1, 2].map((i) => <div key={i} className="panel finding finding-skeleton"><span className="skeleton" /></div>)}
        </div>
      ) : shown.length === 0 ? (
        <EmptyState title={verdict ? `No open ${verdict} findings` : "No open findings"} testId="empty-findings">
          <p>Findings come from <code>benchledger check</code>, which judges a commit's runs against the baseline and their history. Run it in CI after each push:</p>
          <Command>benchledger push results.json && benchledger check</Command>
          <p className="muted">A finding closes when it is acknowledged (<code>benchledger ack</code>) or a later run brings the metric back within its threshold.</p>
        </EmptyState>
      ) : (
        <div className="finding-list" data-testid="findings">
          {shown.map((f) => <FindingCard key={f.id} finding={f} changePoints={cpByKey.get(findingKey(f))} cpLoading={cps.loading} />)}
        </div>
      )}
    </div>
  );
}

function FindingCard({ finding: f, changePoints, cpLoading }: { finding: Finding; changePoints: ChangePoints | undefined; cpLoading: boolean }) {
  const trend = `/trends?c=${encodeURIComponent(configId(f))}&metric=${encodeURIComponent(f.metric)}`;
  const pct = f.delta !== null && f.baseline_value ? (f.delta / Math.abs(f.baseline_value)) * 100 : null;
  const isSla = f.verdict === "sla";
  // The newest shift that is not newer than the finding's run: where the trouble started.
  const firstBad = changePoints?.change_points.filter((cp) => cp.direction !== "improvement").at(-1)
    ?? changePoints?.change_points.at(-1);
  return (
    <article className={`panel finding finding-${f.verdict}`} data-testid="finding">
      <header className="finding-head">
        <span className={`badge badge-${f.verdict}`} title={VERDICT_TEXT[f.verdict]}>{f.verdict}</span>
        <strong className="finding-metric">{f.metric}</strong>
        <ConfigName config={f} />
        <Link to={trend} className="btn btn-small finding-link">Trend →</Link>
      </header>
      <dl className="numbers">
        <div><dt>{isSla ? "Limits" : f.details.baseline_source && f.details.baseline_source !== "baseline" ? `Baseline (${f.details.baseline_source})` : "Baseline"}</dt><dd>{isSla ? `${f.ci_low !== null ? `≥ ${formatPlain(f.ci_low)}` : ""}${f.ci_low !== null && f.ci_high !== null ? ", " : ""}${f.ci_high !== null ? `≤ ${formatPlain(f.ci_high)}` : ""}` : formatValue(f.baseline_value)}</dd></div>
        <div><dt>At the commit</dt><dd>{formatValue(f.current_value)}</dd></div>
        <div><dt>Now</dt><dd>{formatValue(f.current_now)}</dd></div>
        {!isSla ? <div><dt>Delta</dt><dd className={f.verdict === "regression" || f.verdict === "tradeoff" ? "worse" : undefined}>{formatDelta(f.delta)} <span className="muted">({formatPct(pct)})</span></dd></div> : null}
        <div><dt>Method</dt><dd>{f.method ?? "–"}</dd></div>
        {!isSla ? <div><dt>p / q</dt><dd>{formatP(f.p_value)} / {formatP(f.q_value)}</dd></div> : null}
        {!isSla && f.ci_low !== null && f.ci_high !== null ? <div><dt>CI of the delta</dt><dd>[{formatValue(f.ci_low)}, {formatValue(f.ci_high)}]</dd></div> : null}
      </dl>
      {f.details.reason ? <p className="reason">{f.details.reason}</p> : null}
      <footer className="finding-foot">
        <span>Checked commit <code title={f.commit_sha ?? undefined}>{shortSha(f.commit_sha)}</code> on {formatTime(f.created_at)}</span>
        <span className="first-bad" data-testid="first-bad-commit">
          {firstBad ? (
            <>First bad commit <code title={firstBad.commit_sha ?? undefined}>{shortSha(firstBad.commit_sha)}</code>
              <span className="muted"> ({formatTime(firstBad.created_at)}; bisect {shortSha(firstBad.previous_commit_sha)}..{shortSha(firstBad.commit_sha)}; level {formatValue(firstBad.before_mean)} → {formatValue(firstBad.after_mean)})</span></>
          ) : cpLoading ? <span className="muted">Looking for the first bad commit…</span>
            : <span className="muted">No level shift in this metric's history, so no single commit to blame{f.verdict === "sla" ? "" : " yet"}.</span>}
        </span>
      </footer>
    </article>
  );
}
