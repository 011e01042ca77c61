-- benchledger 0003: the alert outbox.
--
-- `check` writes the alerts of its findings here in the same database transaction that
-- records the findings, so no alert is lost; deliveries are retried from here until they
-- succeed, and one alert is kept per (config, metric, commit, verdict) and channel, so the
-- same finding never alerts twice however often `check` runs. Channel secrets (webhook
-- URLs, tokens) stay in the environment: the outbox names the channel, not its secret.
create table benchmark_alerts (
  id              uuid primary key default gen_random_uuid(),
  created_at      timestamptz not null default now(),
  dedup_key       text not null,
  channel         text not null,
  check_id        uuid not null,
  model_version   text not null,
  dataset_version text not null,
  prompt_version  text not null,
  environment     text not null,
  metric          text not null,
  commit_sha      text,
  verdict         text not null,
  payload         jsonb not null,
  status          text not null default 'pending',
  attempts        integer not null default 0,
  last_error      text,
  last_attempt_at timestamptz,
  next_attempt_at timestamptz not null default now(),
  delivered_at    timestamptz,
  constraint benchmark_alerts_channel_check check (channel in ('slack', 'webhook', 'github')),
  constraint benchmark_alerts_status_check check (status in ('pending', 'delivered', 'failed')),
  constraint benchmark_alerts_dedup_key unique (dedup_key, channel)
);

create index benchmark_alerts_due_idx on benchmark_alerts (next_attempt_at) where status <> 'delivered';
