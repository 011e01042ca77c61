import type { AlertChannel, AlertPayload } from "../core/alerts/alert-payload.js";
import type { Queryable } from "./db.js";

export interface AlertRow {
  id: string;
  created_at: Date;
  channel: AlertChannel;
  model_version: string;
  dataset_version: string;
  prompt_version: string;
  environment: string;
  metric: string;
  commit_sha: string | null;
  verdict: string;
  payload: AlertPayload;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  delivered_at: Date | null;
}

export interface NewAlert {
  dedup_key: string;
  channel: AlertChannel;
  check_id: string;
  payload: AlertPayload;
}

/** Queues alerts; one already queued for the same finding and channel is left as it is. */
export async function insertAlerts(db: Queryable, alerts: readonly NewAlert[]): Promise<number> {
  if (alerts.length === 0) return 0;
  const rows = await db.query<{ id: string }>(`
    insert into benchmark_alerts (dedup_key, channel, check_id, model_version, dataset_version, prompt_version,
      environment, metric, commit_sha, verdict, payload)
    select a.dedup_key, a.channel, a.check_id, a.payload #>> '{config,model_version}', a.payload #>> '{config,dataset_version}',
           a.payload #>> '{config,prompt_version}', a.payload #>> '{config,environment}', a.payload ->> 'metric',
           a.payload ->> 'commit_sha', a.payload ->> 'verdict', a.payload
      from jsonb_to_recordset($1::text::jsonb) as a(dedup_key text, channel text, check_id uuid, payload jsonb)
    on conflict (dedup_key, channel) do nothing
    returning id::text as id`, [JSON.stringify(alerts)]);
  return rows.length;
}

const ALERT_COLUMNS = `id::text as id, created_at, channel, model_version, dataset_version, prompt_version, environment,
  metric, commit_sha, verdict, payload, status, attempts, last_error, next_attempt_at, delivered_at`;

export async function selectAlerts(db: Queryable, limit: number): Promise<AlertRow[]> {
  return db.query<AlertRow>(`select ${ALERT_COLUMNS} from benchmark_alerts order by created_at desc, id limit $1`, [limit]);
}

/** Records a delivery: only a row still undelivered moves, so two deliverers cannot both count it. */
export async function markDelivered(db: Queryable, id: string, attempts: number): Promise<boolean> {
  const rows = await db.query<{ id: string }>(`
    update benchmark_alerts set status = 'delivered', delivered_at = now(), last_attempt_at = now(),
           attempts = attempts + $2, last_error = null
     where id = $1 and status <> 'delivered' returning id::text as id`, [id, attempts]);
  return rows.length === 1;
}

export async function markFailedAttempts(db: Queryable, id: string, attempts: number, error: string, retryInSeconds: number, giveUp: boolean): Promise<void> {
  await db.query(`
    update benchmark_alerts set attempts = attempts + $2, last_error = $3, last_attempt_at = now(),
           next_attempt_at = now() + make_interval(secs => $4::float8), status = case when $5::boolean then 'failed' else 'pending' end
     where id = $1 and status <> 'delivered'`, [id, attempts, error, retryInSeconds, giveUp]);
}

/** Claims an alert for delivery (row lock, skipped when another deliverer holds it). */
export async function claimAlert(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    "select id::text as id from benchmark_alerts where id = $1 and status <> 'delivered' for update skip locked", [id]);
  return rows.length === 1;
}

export interface IncidentKey {
  model_version: string;
  dataset_version: string;
  prompt_version: string;
  environment: string;
  metric: string;
}

export interface OpenIncidentRow extends IncidentKey {
  verdict: string;
  baseline: number | null;
}

/**
 * The incidents among `keys` that are open: the newest alert of the config's metric is a
 * finding, not a recovery (alerts queued before recoveries existed count as findings), and
 * its run comes before the key's run in the ledger (re-checking an older commit recovers
 * nothing); with the verdict and baseline that alert named.
 */
export async function selectOpenIncidents(db: Queryable, keys: readonly (IncidentKey & { transaction_id: string })[]): Promise<OpenIncidentRow[]> {
  if (keys.length === 0) return [];
  return db.query<OpenIncidentRow>(`
    select k.model_version, k.dataset_version, k.prompt_version, k.environment, k.metric, newest.verdict, newest.baseline
      from jsonb_to_recordset($1::text::jsonb) as k(model_version text, dataset_version text, prompt_version text, environment text, metric text, transaction_id uuid)
      join benchmark_transactions run on run.id = k.transaction_id
      cross join lateral (
        select coalesce(a.payload ->> 'event', 'finding') as event, a.verdict, (a.payload ->> 'baseline')::float8 as baseline,
               a.payload ->> 'transaction_id' as alerted_run
          from benchmark_alerts a
         where a.model_version = k.model_version and a.dataset_version = k.dataset_version
           and a.prompt_version = k.prompt_version and a.environment = k.environment and a.metric = k.metric
         order by a.created_at desc, (coalesce(a.payload ->> 'event', 'finding') = 'recovery') desc
         limit 1) newest
     where newest.event = 'finding'
       and not exists (select 1 from benchmark_transactions alerted
                        where alerted.id::text = newest.alerted_run and alerted.ledger_seq >= run.ledger_seq)`, [JSON.stringify(keys)]);
}

/** Each run's own value of a metric (not the mean of the repeats at its commit). */
export async function selectRunMetrics(db: Queryable, transactionId: string): Promise<Record<string, unknown>> {
  const [row] = await db.query<{ metrics: Record<string, unknown> }>("select metrics from benchmark_transactions where id = $1", [transactionId]);
  return row?.metrics ?? {};
}

/**
 * Alerts not delivered yet, oldest first, each saying whether its next attempt is due. The
 * ones not due still hold back the later alerts of their incident.
 */
export async function selectUndelivered(db: Queryable): Promise<(AlertRow & { due: boolean })[]> {
  return db.query<AlertRow & { due: boolean }>(`
    select ${ALERT_COLUMNS}, next_attempt_at <= now() as due from benchmark_alerts
     where status <> 'delivered'
     order by created_at, id`);
}

export interface PriorRunRow {
  verdicts: string[];
  current: number | null;
  baseline: number | null;
  acknowledged: boolean;
}

/**
 * What the config's tracked runs before this one said about a metric, newest run first,
 * at most `limit` runs: the verdicts of each run's latest check, and the value and
 * baseline its comparison (not its SLA) found. A run never checked has no verdicts.
 */
export async function selectPriorRuns(db: Queryable, transactionId: string, metric: string, limit: number): Promise<PriorRunRow[]> {
  if (limit <= 0) return [];
  return db.query<PriorRunRow>(`
    with run as (select * from benchmark_transactions where id = $1)
    select coalesce(latest.verdicts, '{}') as verdicts, latest.current, latest.baseline,
           coalesce(latest.acknowledged, false) as acknowledged
      from run
      cross join lateral (
        select t.id, t.ledger_seq from benchmark_transactions t
         where t.model_version = run.model_version and t.dataset_version = run.dataset_version
           and t.prompt_version = run.prompt_version and t.environment = run.environment
           and t.tracked and t.ledger_seq < run.ledger_seq
         order by t.ledger_seq desc limit $3) prior
      left join lateral (
        select array_agg(f.verdict order by f.verdict) as verdicts,
               max(f.current_value) filter (where f.method <> 'static') as current,
               max(f.baseline_value) filter (where f.method <> 'static') as baseline,
               bool_or(coalesce((f.details ->> 'acknowledged')::boolean, false)) as acknowledged
          from benchmark_findings f
         where f.transaction_id = prior.id and f.metric = $2
           and f.check_id = (select f2.check_id from benchmark_findings f2 where f2.transaction_id = prior.id
                              order by f2.created_at desc limit 1)) latest on true
     order by prior.ledger_seq desc`, [transactionId, metric, limit]);
}

/** Which of these transactions are on the tracked line (the ones that alert). */
export async function selectTrackedIds(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ id: string }>(
    "select id::text as id from benchmark_transactions where id in (select jsonb_array_elements_text($1::text::jsonb)::uuid) and tracked",
    [JSON.stringify(ids)]);
  return new Set(rows.map((row) => row.id));
}
