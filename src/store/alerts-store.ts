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

/** Alerts not delivered yet whose next attempt is due (all of them with `includeNotDue`). */
export async function selectUndelivered(db: Queryable, includeNotDue: boolean): Promise<AlertRow[]> {
  return db.query<AlertRow>(`
    select ${ALERT_COLUMNS} from benchmark_alerts
     where status <> 'delivered' and ($1::boolean or next_attempt_at <= now())
     order by created_at, id`, [includeNotDue]);
}

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
