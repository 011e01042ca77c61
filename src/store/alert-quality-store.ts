import type { AcknowledgementKind } from "./check-store.js";
import type { Queryable } from "./db.js";

/**
 * Alerted findings counted by what became of them: how they were acknowledged (if at all)
 * and the verdict of the config's next checked run. One row per combination.
 */
export interface AlertOutcomeCount {
  metric: string;
  /** The test that decided the alerted finding (the alert payload's `method`). */
  method: string;
  /** The newest acknowledgement of the finding's config, metric and commit; null when none. */
  ack_kind: AcknowledgementKind | null;
  /** The verdict on the same metric of the config's next run on the same line; null when none was checked yet. */
  next_verdict: string | null;
  alerts: number;
}

/** One alerted finding with what became of it, and what it takes to tell whether its change persisted. */
export interface AlertedFindingRow extends AlertOutcomeCount {
  /** The verdict the alert named (regression, sla, inconclusive). */
  alert_verdict: string;
  /** The baseline the alert named. */
  baseline: number | null;
  /** The next run's value of the metric, as its comparison (not its SLA) found it. */
  next_current: number | null;
  /** The alerted finding's direction and threshold. */
  direction: string | null;
  threshold: { absolute?: number; relative?: number } | null;
}

/**
 * The alerted findings (one per dedup key, however many channels it went to; `finding`
 * events only, not recoveries) first queued at or after `since`,
 * each with its acknowledgement kind, the next run's verdict and value, and the policy
 * (direction, threshold) it was judged by.
 *
 * The next run is the config's earliest later run (by ledger order) that has a finding for
 * the metric, on the same line as the alerted one: the tracked line, or the same branch for
 * a run off it (a pull request's run is judged against its merge base, not the line's next
 * state). A run checked more than once counts by its newest finding.
 */
export async function selectAlertedFindings(db: Queryable, since: Date | null): Promise<AlertedFindingRow[]> {
  return db.query<AlertedFindingRow>(`
    with alerted as (
      select distinct on (a.dedup_key) a.created_at,
             a.model_version, a.dataset_version, a.prompt_version, a.environment, a.metric, a.commit_sha,
             coalesce(a.payload ->> 'method', 'unknown') as method, a.verdict as alert_verdict,
             (a.payload ->> 'baseline')::float8 as baseline,
             -- Written by check, so a uuid; a malformed one leaves the alert pending, not the query failing.
             case when a.payload ->> 'transaction_id' ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
                  then (a.payload ->> 'transaction_id')::uuid end as transaction_id
        from benchmark_alerts a
       where coalesce(a.payload ->> 'event', 'finding') = 'finding'
       order by a.dedup_key, a.created_at, a.id
    ), judged as (
      select al.metric, al.method, al.alert_verdict, al.baseline, policy.policy, ack.kind as ack_kind,
             next_finding.verdict as next_verdict, next_value.current_value as next_current
        from alerted al
        left join lateral (
          select jsonb_build_object('direction', f.details ->> 'direction', 'threshold', f.details -> 'threshold') as policy
            from benchmark_findings f
           where f.transaction_id = al.transaction_id and f.metric = al.metric and f.method <> 'static'
           order by f.created_at desc, f.id desc limit 1) policy on true
        left join lateral (
          select k.kind from benchmark_acknowledgements k
           where k.commit_sha = al.commit_sha and k.model_version = al.model_version
             and k.dataset_version = al.dataset_version and k.prompt_version = al.prompt_version
             and k.environment = al.environment and k.metric = al.metric
           order by k.created_at desc, k.id desc limit 1) ack on true
        -- The next run on the same line with a finding on the metric.
        left join lateral (
          select t.id
            from benchmark_transactions t0
            join benchmark_findings f
              on f.model_version = al.model_version and f.dataset_version = al.dataset_version
             and f.prompt_version = al.prompt_version and f.environment = al.environment and f.metric = al.metric
            join benchmark_transactions t on t.id = f.transaction_id
           where t0.id = al.transaction_id
             and t.ledger_seq > t0.ledger_seq
             and t.tracked = t0.tracked and (t0.tracked or t.branch_name is not distinct from t0.branch_name)
           order by t.ledger_seq limit 1) next_run on true
        left join lateral (
          select f.verdict from benchmark_findings f
           where f.transaction_id = next_run.id and f.metric = al.metric
           order by f.created_at desc, f.id desc limit 1) next_finding on true
        left join lateral (
          select f.current_value from benchmark_findings f
           where f.transaction_id = next_run.id and f.metric = al.metric and f.method <> 'static'
           order by f.created_at desc, f.id desc limit 1) next_value on true
       where $1::timestamptz is null or al.created_at >= $1::timestamptz
    )
    select metric, method, ack_kind, next_verdict, 1 as alerts, alert_verdict, baseline, next_current,
           policy ->> 'direction' as direction, policy -> 'threshold' as threshold
      from judged
     order by metric, method`, [since?.toISOString() ?? null]);
}
