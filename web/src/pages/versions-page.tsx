import { useEffect, useState } from "react";
import { ConfigName, ConfigSelect } from "../components/config-picker";
import { ConfirmDialog } from "../components/confirm-dialog";
import { PageHeader, Select, Toolbar } from "../components/controls";
import { Command, EmptyState, ErrorNotice, SkeletonRows, Spinner } from "../components/states";
import { ApiError, invalidateApi, postJson, useApi } from "../lib/api";
import { configBody, configId, configParams, defaultMetric, metricAt, parseConfigId } from "../lib/config-key";
import { formatTime, formatValue, shortSha } from "../lib/format";
import { useQuery } from "../lib/router";
import type { Comparison, SnapshotVersion, Versions } from "../lib/types";
import { useConfigs } from "../lib/use-configs";
import { ComparePanel } from "./compare-panel";

type Action = { kind: "checkout" | "baseline" | "unbaseline"; version: SnapshotVersion };

export function VersionsPage() {
  const [query, setQuery] = useQuery();
  const ledger = useConfigs();
  const config = parseConfigId(query.get("c") ?? "");
  useEffect(() => {
    const first = ledger.configs[0];
    if (!config && first) setQuery({ c: configId(first) }, { replace: true });
  }, [ledger.configs, config === null]); // eslint-disable-line react-hooks/exhaustive-deps

  const limit = Number(query.get("limit")) || 200;
  const versions = useApi<Versions>(config ? `/api/versions?${configParams(config)}${limit !== 200 ? `&limit=${limit}` : ""}` : null);
  const list = versions.data && config && configId(versions.data.config) === configId(config) ? versions.data.versions : undefined;
  const current = list?.find((v) => v.is_current);
  const baseline = list?.find((v) => v.is_baseline);
  const byNumber = (n: number) => list?.find((v) => v.snapshot_version === n);
  const a = Number(query.get("a")) || (baseline && baseline !== current ? baseline.snapshot_version : current && byNumber(current.snapshot_version - 1) ? current.snapshot_version - 1 : undefined);
  const b = Number(query.get("b")) || current?.snapshot_version;
  const compare = useApi<Comparison>(config && list && a && b ? `/api/compare?${configParams(config)}&a=${a}&b=${b}` : null);
  const metric = query.get("metric") ?? defaultMetric(ledger.metrics) ?? "f1";

  const [action, setAction] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | null>(null);

  const run = async () => {
    if (!action || !config) return;
    setBusy(true);
    setActionError(undefined);
    try {
      const v = action.version.snapshot_version;
      if (action.kind === "checkout") {
        const done = await postJson<{ snapshot_version: number }>("/api/checkout", { ...configBody(config), version: v });
        setNotice(`Checked out version ${v}: it is now current as version ${done.snapshot_version}.`);
        setQuery({ a: null, b: null });
      } else if (action.kind === "baseline") {
        await postJson("/api/baseline", { ...configBody(config), version: v });
        setNotice(`Version ${v} is now the baseline: checks and deltas compare against it.`);
      } else {
        await postJson("/api/baseline", { ...configBody(config), version: null });
        setNotice("The baseline mark is cleared: this config has no baseline now.");
      }
      setAction(null);
      invalidateApi();
    } catch (error) {
      setActionError(error instanceof ApiError ? `${error.message}${error.hint ? ` ${error.hint}` : ""}` : String(error));
    } finally {
      setBusy(false);
    }
  };

  const ready = (ledger.loaded && ledger.configs.length === 0) || list !== undefined && !versions.loading && (!a || !b || (compare.data !== undefined && !compare.loading));
  return (
    <div className="page" data-page="versions" data-state={ready ? "ready" : "loading"}>
      <PageHeader title="Versions" subtitle="Every snapshot version of a config, newest first. Pick two (A and B) to compare; check out an older version to make it current again (a new version is appended, nothing is rewritten).">
        <Spinner show={versions.loading || compare.loading} />
      </PageHeader>
      <Toolbar>
        <ConfigSelect configs={ledger.configs} value={config} disabled={!ledger.loaded} onChange={(c) => setQuery({ c: configId(c), a: null, b: null, limit: null })} />
        <Select label="Metric in the list" name="metric" value={metric} options={ledger.metrics.length ? ledger.metrics : [metric]} onChange={(v) => setQuery({ metric: v })} />
      </Toolbar>
      {notice ? <div className="notice notice-ok" role="status" data-testid="notice">{notice} <button type="button" className="link-button" onClick={() => setNotice(null)}>Dismiss</button></div> : null}
      {ledger.error ?? versions.error ? <ErrorNotice error={(ledger.error ?? versions.error)!} /> : null}
      {ledger.loaded && ledger.configs.length === 0 ? (
        <EmptyState title="No configs yet">
          <p>Each push of a config's results appends a version here.</p>
          <Command>benchledger push results.json</Command>
        </EmptyState>
      ) : (
        <div className="split">
          <div className="panel table-wrap versions-wrap">
            <table className="table versions" data-testid="versions">
              <thead>
                <tr>
                  <th className="center" title="Compare from">A</th><th className="center" title="Compare to">B</th>
                  <th>Version</th><th>Run</th><th>Commit</th><th className="num">{metric}</th><th className="actions-col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {!list ? <SkeletonRows rows={14} columns={7} /> : null}
                {list?.toReversed().map((v) => (
                  <tr key={v.snapshot_version} className={v.is_current ? "is-current" : undefined} data-version={v.snapshot_version}>
                    <td className="center"><input type="radio" name="a" aria-label={`Compare from version ${v.snapshot_version}`} checked={a === v.snapshot_version} onChange={() => setQuery({ a: v.snapshot_version, b: b ?? null })} /></td>
                    <td className="center"><input type="radio" name="b" aria-label={`Compare to version ${v.snapshot_version}`} checked={b === v.snapshot_version} onChange={() => setQuery({ b: v.snapshot_version, a: a ?? null })} /></td>
                    <td className="nowrap">
                      <strong>v{v.snapshot_version}</strong>
                      {v.is_current ? <span className="badge badge-current">current</span> : null}
                      {v.is_baseline ? <span className="badge badge-baseline">baseline</span> : null}
                      {v.source === "checkout" && v.restored_from_version ? <span className="badge" title={`A checkout of version ${v.restored_from_version}: the same run made current again`}>↺ v{v.restored_from_version}</span> : null}
                    </td>
                    <td className="nowrap">{formatTime(v.run_created_at)}</td>
                    <td className="nowrap"><code title={v.commit_sha ?? undefined}>{shortSha(v.commit_sha)}</code> <span className="muted small">{v.branch_name}</span></td>
                    <td className="num">{formatValue(metricAt(v.metrics, metric))}</td>
                    <td className="actions-col nowrap">
                      <button type="button" className="btn btn-small" disabled={v.is_current} onClick={() => setAction({ kind: "checkout", version: v })}
                        title={v.is_current ? "Already current" : `Make version ${v.snapshot_version} current again`}>Check out</button>
                      {v.is_baseline
                        ? <button type="button" className="btn btn-small" onClick={() => setAction({ kind: "unbaseline", version: v })} title="Clear the baseline mark">Unset baseline</button>
                        : <button type="button" className="btn btn-small" onClick={() => setAction({ kind: "baseline", version: v })} title={`Mark version ${v.snapshot_version} as the baseline`}>Set baseline</button>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {versions.data && list && versions.data.total > list.length ? (
              <p className="table-foot" data-testid="more-versions">
                The newest {list.length.toLocaleString("en-US")} of {versions.data.total.toLocaleString("en-US")} versions.{" "}
                <button type="button" className="link-button" onClick={() => setQuery({ limit: limit + 200 })}>Show 200 older</button>
              </p>
            ) : null}
          </div>
          <ComparePanel comparison={compare.data && a && b && compare.data.a.snapshot_version === a && compare.data.b.snapshot_version === b ? compare.data : undefined}
            error={compare.error} loading={compare.loading} missing={list !== undefined && (!a || !b)} />
        </div>
      )}
      {config && action ? (
        <ConfirmDialog open title={TITLES[action.kind](action.version.snapshot_version)} confirmLabel={LABELS[action.kind]} busy={busy} error={actionError}
          onConfirm={() => void run()} onCancel={() => { setAction(null); setActionError(undefined); }}>
          <p><ConfigName config={config} /></p>
          {action.kind === "checkout" ? (
            <p>Version {action.version.snapshot_version} (commit <code>{shortSha(action.version.commit_sha)}</code>, {formatTime(action.version.run_created_at)}) becomes current again
              as a new version {(current?.snapshot_version ?? 0) + 1}. Version {current?.snapshot_version} and the rest of the history stay in the ledger.</p>
          ) : action.kind === "baseline" ? (
            <p>Checks and the leaderboard's deltas will compare this config against version {action.version.snapshot_version}{baseline ? ` instead of version ${baseline.snapshot_version}` : ""}.</p>
          ) : (
            <p>The config will have no baseline: checks fall back to its history, and the leaderboard shows no deltas for it.</p>
          )}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

const TITLES = {
  checkout: (v: number) => `Check out version ${v}?`,
  baseline: (v: number) => `Make version ${v} the baseline?`,
  unbaseline: (v: number) => `Clear the baseline (version ${v})?`,
};
const LABELS = { checkout: "Check out", baseline: "Set baseline", unbaseline: "Unset baseline" };
