import { flattenMetrics, metricAt } from "../metrics.js";
import { configMatches, resolvePolicy, type MetricPolicy } from "../metric-policy.js";
import type { ProjectConfig } from "../project-config.js";
import { mean } from "../stats/descriptive.js";
import { benjaminiHochberg } from "../stats/tests.js";
import type { ConfigKey, ExampleResult, MetricDirection, Metrics, TransactionId } from "../types.js";
import type { BaselineSource, Finding, Verdict } from "./finding.js";
import { exceedsThreshold, testMetric, type TestOutcome } from "./judge-metric.js";
import { comparePairedExamples } from "./paired-examples.js";

/** Everything `check` knows about one run it judges. */
export interface RunEvidence {
  transaction_id: TransactionId;
  config: ConfigKey;
  commit_sha: string | null;
  /** Every run of the config at this commit, this one included. */
  samples: Metrics[];
  baseline: { source: Exclude<BaselineSource, "none">; transaction_id: TransactionId; samples: Metrics[] } | null;
  /** The config's recent runs before this commit, oldest first. */
  history: Metrics[];
  examples: { current: ExampleResult[] | null; baseline: ExampleResult[] | null };
  /** Metrics acknowledged for this config at this commit. */
  acknowledged: ReadonlySet<string>;
  /** What the run's tool said of its metrics (an importer sets these): which way is better, units. */
  declared?: { directions: Readonly<Record<string, MetricDirection>>; units: Readonly<Record<string, string>> };
}

interface Draft {
  run: RunEvidence;
  policy: MetricPolicy;
  current: number[];
  baseline: number[];
  history: number[];
  outcome: TestOutcome;
}

/**
 * Judges every metric of every run: picks a test per metric, corrects the p-values of the
 * whole check for multiple testing (Benjamini-Hochberg), decides the verdicts, turns a
 * costlier run with no quality gain into a tradeoff, and adds the SLA findings.
 */
export function judgeRuns(runs: readonly RunEvidence[], project: ProjectConfig): Finding[] {
  const settings = project.check;
  const drafts: Draft[] = runs.flatMap((run) => {
    const metrics = [...flattenMetrics(run.samples[0] ?? {}).keys()];
    // A metric's standard error (acc_stderr beside acc) is evidence for it, not a finding.
    const judged = metrics.filter((metric) => !isStderrOfAnother(metric, metrics));
    return judged.map((metric) => draftFor(run, metric, project));
  });
  // The family for the correction: tests that can decide a verdict (gating metrics with a
  // direction). A metric that can never be a regression must not dilute those that can.
  const tested = drafts
    .map((d, i) => [i, d.policy.gating && d.policy.direction !== "either" ? d.outcome.p_value : null] as const)
    .filter((e): e is readonly [number, number] => e[1] !== null);
  const { q_values } = benjaminiHochberg(tested.map(([, p]) => p), settings.alpha);
  const qByDraft = new Map(tested.map(([i], k) => [i, q_values[k]!]));
  const findings = drafts.map((d, i) => decide(d, qByDraft.get(i) ?? null, settings.alpha));
  return [...markTradeoffs(findings), ...runs.flatMap((run) => slaFindings(run, project))].map((f) => ({
    ...f,
    acknowledged: runs.find((r) => r.transaction_id === f.transaction_id)?.acknowledged.has(f.metric) ?? false,
  }));
}

function draftFor(run: RunEvidence, metric: string, project: ProjectConfig): Draft {
  const valuesOf = (list: Metrics[]) => list.map((m) => metricAt(m, metric)).filter((v): v is number => v !== null);
  const policy = resolvePolicy(metric, run.config, project, declaredOf(run, metric));
  const current = valuesOf(run.samples);
  const baseline = valuesOf(run.baseline?.samples ?? []);
  const stderr = { current: stderrOf(run.samples, metric), baseline: stderrOf(run.baseline?.samples ?? [], metric) };
  const history = valuesOf(run.history);
  const paired = run.examples.current && run.examples.baseline
    ? comparePairedExamples(metric, run.examples.baseline, run.examples.current, {
      iterations: project.check.bootstrap_iterations, seed: project.check.seed })
    : null;
  // Marked, golden and merge-base baselines are runs chosen on purpose: each is the
  // reference itself. A merge-base run is the base branch where a pull request left it,
  // so the pull request is measured from that value, with the history only as the noise.
  const baselineIsMarked = run.baseline !== null && run.baseline.source !== "previous";
  const outcome = testMetric({ policy, current, baseline, history, paired, baselineIsMarked, stderr }, project.check);
  return { run, policy, current, baseline, history, outcome };
}

function declaredOf(run: RunEvidence, metric: string): { direction?: MetricDirection; unit?: string } {
  const direction = run.declared?.directions[metric];
  const unit = run.declared?.units[metric];
  return { ...(direction !== undefined ? { direction } : {}), ...(unit !== undefined ? { unit } : {}) };
}

/**
 * The standard error a harness reported beside a metric (lm-eval: `acc_stderr` beside
 * `acc`, `exact_match_stderr,strict-match` beside `exact_match,strict-match`), averaged
 * over the samples that carry it; null when none does.
 */
function stderrOf(samples: Metrics[], metric: string): number | null {
  const values = samples.map((m) => metricAt(m, stderrName(metric))).filter((v): v is number => v !== null && v >= 0);
  return values.length > 0 ? mean(values) : null;
}

/** Where a metric's standard error is kept: `M_stderr`, or `a_stderr,f` for `a,f`. */
export function stderrName(metric: string): string {
  const comma = metric.indexOf(",");
  return comma < 0 ? `${metric}_stderr` : `${metric.slice(0, comma)}_stderr${metric.slice(comma)}`;
}

function isStderrOfAnother(metric: string, metrics: string[]): boolean {
  return metric.includes("_stderr") && metrics.some((other) => other !== metric && stderrName(other) === metric);
}

function decide(draft: Draft, q: number | null, alpha: number): Finding {
  const { run, policy, outcome } = draft;
  const current = draft.current.length > 0 ? mean(draft.current) : null;
  const baseline = draft.baseline.length === 0 ? null : outcome.reference ?? mean(draft.baseline);
  const delta = current !== null && baseline !== null ? current - baseline : null;
  const base: Finding = {
    ...run.config,
    transaction_id: run.transaction_id,
    commit_sha: run.commit_sha,
    metric: policy.metric,
    direction: policy.direction,
    kind: policy.kind,
    gating: policy.gating,
    current,
    baseline,
    delta,
    delta_pct: delta !== null && baseline ? (delta / Math.abs(baseline)) * 100 : null,
    threshold: policy.threshold,
    method: baseline === null ? "none" : outcome.method,
    p_value: outcome.p_value,
    q_value: q,
    ci_low: outcome.ci_low,
    ci_high: outcome.ci_high,
    n: sampleSizeOf(outcome, draft),
    samples: { current: draft.current.length, baseline: draft.baseline.length, history: draft.history.length, examples: outcome.examples },
    baseline_source: outcome.reference !== undefined && run.baseline?.source === "previous" ? "history" : run.baseline?.source ?? "none",
    baseline_transaction_id: run.baseline?.transaction_id ?? null,
    verdict: "ok",
    acknowledged: false,
    reason: "",
  };
  const [verdict, reason] = verdictOf(base, outcome, q, alpha);
  return { ...base, verdict, reason };
}

function sampleSizeOf(outcome: TestOutcome, draft: Draft): number {
  if (outcome.examples !== null) return outcome.examples;
  if (outcome.method.startsWith("history-")) return draft.history.length;
  return draft.current.length + draft.baseline.length;
}

function verdictOf(f: Finding, outcome: TestOutcome, q: number | null, alpha: number): [Verdict, string] {
  if (f.baseline === null || f.current === null || f.delta === null) return ["ok", "nothing to compare with: no baseline run has this metric"];
  const change = describeChange(f);
  if (!exceedsThreshold(f.delta, f.baseline, f.threshold)) return ["ok", `${change}, within the threshold (${describeThreshold(f)})`];
  if (f.direction === "either") return ["ok", `${change}; direction unknown, so neither better nor worse (set it in benchledger.config.json)`];
  const significant = q !== null ? q <= alpha : outcome.outside_limits;
  const evidence = significant === null ? "no test possible (too few runs or examples): the threshold decides"
    : q !== null ? `${outcome.method}, p=${formatP(outcome.p_value!)}, q=${formatP(q)} (alpha ${alpha})`
      : `${outcome.method}: ${significant ? "outside" : "inside"} the history's limits`;
  const worse = f.direction === "higher" ? f.delta < 0 : f.delta > 0;
  if (worse) {
    if (significant === false) return ["inconclusive", `${change}, beyond the threshold but within the noise: ${evidence}`];
    return ["regression", `${change}, beyond the threshold (${describeThreshold(f)}); ${evidence}`];
  }
  if (significant === false) return ["ok", `${change}, within the noise: ${evidence}`];
  return ["improvement", `${change}; ${evidence}`];
}

/** Latency or cost significantly worse, in a run with quality metrics none of which improved: a tradeoff. */
function markTradeoffs(findings: Finding[]): Finding[] {
  return findings.map((f) => {
    if (f.verdict !== "regression" || (f.kind !== "time" && f.kind !== "cost")) return f;
    const sameRun = findings.filter((o) => o.transaction_id === f.transaction_id && o.kind === "quality" && o.gating);
    if (sameRun.length === 0) return f; // a pure speed or cost benchmark: a plain regression
    const gain = sameRun.find((o) => o.verdict === "improvement");
    const tested = (o: Finding) => (o.q_value !== null ? "significant " : "");
    return gain
      ? { ...f, verdict: "ok", reason: `${f.reason}; paid for by a ${tested(gain)}gain in ${gain.metric}` }
      : { ...f, verdict: "tradeoff", reason: `${f.reason}; no gain in quality for it` };
  });
}

function slaFindings(run: RunEvidence, project: ProjectConfig): Finding[] {
  return project.sla.filter((rule) => configMatches(run.config, rule.match)).flatMap((rule) =>
    Object.entries(rule.limits).flatMap(([metric, limit]) => {
      const values = run.samples.map((m) => metricAt(m, metric)).filter((v): v is number => v !== null);
      if (values.length === 0) return [];
      const value = mean(values);
      const breached = (limit.max !== undefined && value > limit.max) || (limit.min !== undefined && value < limit.min);
      const bound = [limit.min !== undefined ? `>= ${limit.min}` : null, limit.max !== undefined ? `<= ${limit.max}` : null].filter(Boolean).join(" and ");
      const policy = resolvePolicy(metric, run.config, project, declaredOf(run, metric));
      return [{
        ...run.config, transaction_id: run.transaction_id, commit_sha: run.commit_sha, metric, direction: policy.direction,
        kind: policy.kind, gating: true, current: value, baseline: null, delta: null, delta_pct: null, threshold: {},
        method: "static", p_value: null, q_value: null, ci_low: limit.min ?? null, ci_high: limit.max ?? null,
        n: values.length, samples: { current: values.length, baseline: 0, history: 0, examples: null }, baseline_source: "none" as const,
        baseline_transaction_id: null, verdict: breached ? "sla" as const : "ok" as const, acknowledged: false,
        reason: `${metric} is ${formatValue(value)}; the SLA says ${bound}${breached ? ": breached" : ": met"}`,
      }];
    }));
}

function describeChange(f: Finding): string {
  const pct = f.delta_pct !== null ? ` (${f.delta_pct > 0 ? "+" : ""}${f.delta_pct.toFixed(1)}%)` : "";
  return `${f.metric} ${formatValue(f.baseline!)} -> ${formatValue(f.current!)}, ${f.delta! > 0 ? "+" : ""}${formatValue(f.delta!)}${pct}`;
}

function describeThreshold(f: Finding): string {
  const parts = [f.threshold.absolute !== undefined ? `${f.threshold.absolute} absolute` : null,
    f.threshold.relative !== undefined ? `${f.threshold.relative * 100}% relative` : null].filter(Boolean);
  return parts.length > 0 ? parts.join(" and ") : "none";
}

function formatValue(value: number): string {
  return Number(value.toPrecision(4)).toString();
}

function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toFixed(4);
}
