-- benchledger 0001: the ledger.
--
-- Two layers, as in the seed architecture:
--   benchmark_transactions  the append-only log of every run (one row per recorded run),
--   benchmark_snapshots     the versioned current state per configuration.
-- A configuration is (model_version, dataset_version, prompt_version, environment).
--
-- Every promise of the ledger lives here, so it holds for every client (our CLI, psql,
-- Supabase RPC, Grafana): pushes are atomic and idempotent and serialised per config,
-- the log refuses UPDATE/DELETE/TRUNCATE with an error (never silently), and the snapshot
-- layer can be rebuilt from, and verified against, the log.
--
-- Runs unchanged on PostgreSQL 14+ and on PGlite (PostgreSQL 18): keep to PG 14 syntax.

-- One sequence orders everything that moves a config's snapshots (runs and checkouts),
-- so a replay can put both back in the order they happened.
create sequence benchmark_ledger_seq;

-- A metrics object: at least one entry, every leaf a number, nesting by objects only
-- (distribution or confidence statistics), names non-empty and without dots (a dot
-- separates the levels of a metric's path, as in latency.p95). NaN and Infinity cannot
-- be stored in jsonb.
create function benchmark_metrics_are_valid(p_metrics jsonb) returns boolean
language sql immutable
as $$
  select jsonb_typeof(p_metrics) = 'object'
     and p_metrics <> '{}'::jsonb
     and not jsonb_path_exists(
           p_metrics, 'strict $.** ? (@.type() != "object" && @.type() != "number")')
     and not jsonb_path_exists(
           p_metrics, 'strict $.** ? (@.type() == "object").keyvalue() ? (@.key == "" || @.key like_regex "[.]")')
$$;

-- The first of p_keys that holds a number in p_metrics, for the denormalised columns.
create function benchmark_metric_number(p_metrics jsonb, variadic p_keys text[]) returns numeric
language sql immutable
as $$
  select (p_metrics ->> k.key)::numeric
    from unnest(p_keys) with ordinality as k(key, position)
   where jsonb_typeof(p_metrics -> k.key) = 'number'
   order by k.position
   limit 1
$$;

create table benchmark_transactions (
  id               uuid primary key default gen_random_uuid(),
  ledger_seq       bigint not null default nextval('benchmark_ledger_seq'),
  run_key          text not null,
  created_at       timestamptz not null default now(),  -- when the run happened
  recorded_at      timestamptz not null default now(),  -- when the ledger received it
  commit_sha       text,
  branch_name      text,
  model_version    text not null,
  model_provider   text,
  dataset_version  text not null,
  prompt_version   text not null,
  environment      text not null,
  metrics          jsonb not null,
  duration_seconds numeric,
  tags             text[] not null default '{}',
  pull_request     integer,                             -- the pull/merge request the run belongs to
  run_url          text,                                -- the CI run that recorded it
  repository       text,
  -- A run of the tracked line (the default branch): only these move a config's snapshots.
  -- Pull-request and other-branch runs are kept in the log and checked, nothing more.
  tracked          boolean not null default true,
  constraint benchmark_transactions_run_key_key unique (run_key),
  constraint benchmark_transactions_ledger_seq_key unique (ledger_seq),
  constraint benchmark_transactions_run_key_check check (length(run_key) between 1 and 200),
  constraint benchmark_transactions_config_check check (
    btrim(model_version) <> '' and btrim(dataset_version) <> ''
    and btrim(prompt_version) <> '' and btrim(environment) <> ''),
  constraint benchmark_transactions_metrics_check check (benchmark_metrics_are_valid(metrics)),
  constraint benchmark_transactions_duration_check check (duration_seconds is null or duration_seconds >= 0),
  constraint benchmark_transactions_tags_check check (array_position(tags, null) is null)
);

-- The seed's indexes: time, model history, JSONB and tag filters; plus config history.
create index benchmark_transactions_created_at_idx on benchmark_transactions (created_at desc);
create index benchmark_transactions_model_idx on benchmark_transactions (model_version, created_at desc);
create index benchmark_transactions_config_idx on benchmark_transactions
  (model_version, dataset_version, prompt_version, environment, created_at desc);
create index benchmark_transactions_metrics_idx on benchmark_transactions using gin (metrics jsonb_path_ops);
create index benchmark_transactions_tags_idx on benchmark_transactions using gin (tags);

-- Per-example results of a run, for paired significance tests and drill-down.
create table benchmark_examples (
  transaction_id uuid not null,
  example_id     text not null,
  correct        boolean,
  label          text,
  prediction     text,
  score          double precision,
  latency_ms     double precision,
  cost           double precision,
  constraint benchmark_examples_pkey primary key (transaction_id, example_id)
);

-- Checkouts and baseline marks: the moves of a config's snapshots that are not runs.
-- Append-only like the log, so the snapshot layer can be replayed from the two.
create table benchmark_snapshot_events (
  id               bigint primary key default nextval('benchmark_ledger_seq'),
  created_at       timestamptz not null default now(),
  kind             text not null,
  model_version    text not null,
  dataset_version  text not null,
  prompt_version   text not null,
  environment      text not null,
  snapshot_version integer,
  transaction_id   uuid,
  constraint benchmark_snapshot_events_kind_check
    check (kind in ('checkout', 'baseline_set', 'baseline_unset')),
  constraint benchmark_snapshot_events_target_check check (
    (kind = 'checkout' and snapshot_version is not null and transaction_id is not null)
    or (kind = 'baseline_set' and snapshot_version is not null)
    or kind = 'baseline_unset')
);

create table benchmark_snapshots (
  id                    uuid primary key default gen_random_uuid(),
  snapshot_version      integer not null,
  created_at            timestamptz not null default now(),
  last_updated_at       timestamptz not null default now(),
  model_version         text not null,
  dataset_version       text not null,
  prompt_version        text not null,
  environment           text not null,
  model_provider        text,
  transaction_id        uuid not null,
  source                text not null default 'push',
  restored_from_version integer,
  metrics               jsonb not null,
  f1_score              numeric,
  precision             numeric,
  recall                numeric,
  latency_ms            numeric,
  is_current            boolean not null default false,
  is_baseline           boolean not null default false,
  is_active             boolean not null default true,
  constraint benchmark_snapshots_config_version_key
    unique (model_version, dataset_version, prompt_version, environment, snapshot_version),
  constraint benchmark_snapshots_version_check check (snapshot_version > 0),
  constraint benchmark_snapshots_source_check check (
    (source = 'push' and restored_from_version is null)
    or (source = 'checkout' and restored_from_version is not null))
);

-- Exactly one current version and at most one baseline per config.
create unique index benchmark_snapshots_one_current_idx on benchmark_snapshots
  (model_version, dataset_version, prompt_version, environment) where is_current;
create unique index benchmark_snapshots_one_baseline_idx on benchmark_snapshots
  (model_version, dataset_version, prompt_version, environment) where is_baseline;
create index benchmark_snapshots_leaderboard_idx on benchmark_snapshots (f1_score desc nulls last)
  where is_current and is_active;
create index benchmark_snapshots_transaction_idx on benchmark_snapshots (transaction_id);

-- Append-only: any UPDATE, DELETE or TRUNCATE statement fails loudly. (The seed's
-- DO INSTEAD NOTHING rules drop the write silently and the caller believes it worked.)
create function benchmark_reject_change() returns trigger
language plpgsql
as $$
begin
  raise exception '% is append-only: % is not allowed', tg_table_name, tg_op
    using errcode = '23001',
          hint = 'The ledger keeps every run as it was recorded. Record a correction as a new run '
                 '(benchledger push); move a config''s current version with benchledger checkout.';
end
$$;

-- Rows that point at a run must point at a recorded one. A trigger, not a foreign key:
-- with a foreign key PostgreSQL answers TRUNCATE with "referenced in a foreign key
-- constraint" before the append-only trigger can say why, and since no run is ever
-- deleted or changed, checking at insert is all the integrity a reference needs.
create function benchmark_require_transaction() returns trigger
language plpgsql
as $$
begin
  if new.transaction_id is not null and not exists (
      select 1 from benchmark_transactions t where t.id = new.transaction_id) then
    raise exception '%.transaction_id % does not name a recorded run', tg_table_name, new.transaction_id
      using errcode = '23503';
  end if;
  return new;
end
$$;

create trigger benchmark_examples_transaction_exists
  before insert on benchmark_examples
  for each row execute function benchmark_require_transaction();
create trigger benchmark_snapshot_events_transaction_exists
  before insert on benchmark_snapshot_events
  for each row execute function benchmark_require_transaction();
create trigger benchmark_snapshots_transaction_exists
  before insert on benchmark_snapshots
  for each row execute function benchmark_require_transaction();

create trigger benchmark_transactions_append_only
  before update or delete or truncate on benchmark_transactions
  for each statement execute function benchmark_reject_change();
create trigger benchmark_examples_append_only
  before update or delete or truncate on benchmark_examples
  for each statement execute function benchmark_reject_change();
create trigger benchmark_snapshot_events_append_only
  before update or delete or truncate on benchmark_snapshot_events
  for each statement execute function benchmark_reject_change();

-- Snapshots are versions: only the flags may move. Rebuilding the layer from the log
-- (rebuild_benchmark_snapshots) sets benchledger.rebuilding_snapshots for its transaction.
create function benchmark_snapshots_guard() returns trigger
language plpgsql
as $$
declare
  v_flags constant text[] := array['is_current', 'is_baseline', 'is_active', 'last_updated_at'];
begin
  if current_setting('benchledger.rebuilding_snapshots', true) = 'on' then
    return coalesce(new, old);
  end if;
  if tg_op = 'UPDATE' then
    if (to_jsonb(new) - v_flags) is distinct from (to_jsonb(old) - v_flags) then
      raise exception 'benchmark_snapshots versions are immutable: only is_current, is_baseline and is_active may change'
        using errcode = '23001',
              hint = 'Record a new run (benchledger push) or restore a version (benchledger checkout).';
    end if;
    new.last_updated_at := now();
    return new;
  end if;
  raise exception 'benchmark_snapshots keeps every version: % is not allowed', tg_op
    using errcode = '23001',
          hint = 'Rebuild the whole layer from the log with benchledger replay.';
end
$$;

create trigger benchmark_snapshots_guard_rows
  before update or delete on benchmark_snapshots
  for each row execute function benchmark_snapshots_guard();
create trigger benchmark_snapshots_guard_truncate
  before truncate on benchmark_snapshots
  for each statement execute function benchmark_snapshots_guard();

-- Serialises every change to one config's snapshots across all connections, until the
-- end of the calling transaction, so versions stay gapless under concurrent CI jobs.
create function benchmark_lock_config(
  p_model_version text, p_dataset_version text, p_prompt_version text, p_environment text)
returns void
language plpgsql
as $$
begin
  perform pg_advisory_xact_lock(hashtextextended(
    concat_ws(chr(31), p_model_version, p_dataset_version, p_prompt_version, p_environment), 0));
end
$$;

-- Appends the next version of a config, pointing at p_transaction_id, and makes it current.
-- The caller holds the config lock.
create function benchmark_append_snapshot(
  p_model_version text, p_dataset_version text, p_prompt_version text, p_environment text,
  p_transaction_id uuid, p_source text, p_restored_from_version integer)
returns integer
language plpgsql
as $$
declare
  v_version integer;
begin
  select coalesce(max(s.snapshot_version), 0) + 1 into v_version
    from benchmark_snapshots s
   where s.model_version = p_model_version and s.dataset_version = p_dataset_version
     and s.prompt_version = p_prompt_version and s.environment = p_environment;

  update benchmark_snapshots s set is_current = false
   where s.model_version = p_model_version and s.dataset_version = p_dataset_version
     and s.prompt_version = p_prompt_version and s.environment = p_environment
     and s.is_current;

  insert into benchmark_snapshots (
    snapshot_version, model_version, dataset_version, prompt_version, environment,
    model_provider, transaction_id, source, restored_from_version, metrics,
    f1_score, precision, recall, latency_ms, is_current)
  select v_version, p_model_version, p_dataset_version, p_prompt_version, p_environment,
         t.model_provider, t.id, p_source, p_restored_from_version, t.metrics,
         benchmark_metric_number(t.metrics, 'f1', 'f1_score'),
         benchmark_metric_number(t.metrics, 'precision'),
         benchmark_metric_number(t.metrics, 'recall'),
         benchmark_metric_number(t.metrics, 'latency_ms'),
         true
    from benchmark_transactions t
   where t.id = p_transaction_id;
  return v_version;
end
$$;

-- The run key a push gets when none is given: the same result of the same commit and
-- config always derives the same key, so a retried CI job is recognised. Tags are left
-- out: they annotate a run, and a retry that adds one is still the same run. The time is
-- written in UTC, so the key does not depend on the session's TimeZone.
create function benchmark_derive_run_key(
  p_model_version text, p_dataset_version text, p_prompt_version text, p_environment text,
  p_metrics jsonb, p_commit_sha text, p_created_at timestamptz, p_duration_seconds numeric,
  p_examples jsonb)
returns text
language sql immutable
as $$
  select 'sha256:' || encode(sha256(convert_to(jsonb_build_array(
    p_model_version, p_dataset_version, p_prompt_version, p_environment, p_metrics,
    p_commit_sha, to_char(p_created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    p_duration_seconds, p_examples)::text, 'UTF8')), 'hex')
$$;

-- Records one run: the transaction, its examples and the config's next snapshot version,
-- all in the caller's database transaction (one statement is one transaction). A run key
-- seen before returns the recorded transaction with out_duplicate = true and writes nothing.
create function upsert_benchmark_result(
  p_model_version    text,
  p_dataset_version  text,
  p_prompt_version   text,
  p_environment      text,
  p_metrics          jsonb,
  p_commit_sha       text default null,
  p_branch_name      text default null,
  p_model_provider   text default null,
  p_duration_seconds numeric default null,
  p_tags             text[] default '{}',
  p_run_key          text default null,
  p_created_at       timestamptz default null,
  p_examples         jsonb default null,
  p_tracked          boolean default true,
  p_pull_request     integer default null,
  p_run_url          text default null,
  p_repository       text default null)
returns table (
  out_transaction_id uuid, out_snapshot_version integer, out_duplicate boolean, out_run_key text)
language plpgsql
as $$
declare
  v_run_key text;
  v_existing record;
  v_transaction_id uuid;
  v_version integer;
begin
  v_run_key := coalesce(p_run_key, benchmark_derive_run_key(
    p_model_version, p_dataset_version, p_prompt_version, p_environment, p_metrics,
    p_commit_sha, p_created_at, p_duration_seconds, p_examples));

  perform benchmark_lock_config(p_model_version, p_dataset_version, p_prompt_version, p_environment);

  select t.id, t.model_version, t.dataset_version, t.prompt_version, t.environment,
         t.metrics, t.commit_sha
    into v_existing
    from benchmark_transactions t
   where t.run_key = v_run_key;
  if found then
    if (v_existing.model_version, v_existing.dataset_version, v_existing.prompt_version,
        v_existing.environment, v_existing.metrics, v_existing.commit_sha)
       is distinct from
       (p_model_version, p_dataset_version, p_prompt_version, p_environment, p_metrics, p_commit_sha) then
      raise exception 'run_key "%" is already recorded for a different run (transaction %)',
        v_run_key, v_existing.id
        using errcode = '23505', constraint = 'benchmark_transactions_run_key_key',
              hint = 'A run key names one run. Give this run its own run_key, or leave it out to derive one.';
    end if;
    select s.snapshot_version into v_version
      from benchmark_snapshots s
     where s.transaction_id = v_existing.id and s.source = 'push';
    return query select v_existing.id, v_version, true, v_run_key;
    return;
  end if;

  insert into benchmark_transactions (
    run_key, created_at, commit_sha, branch_name, model_version, model_provider,
    dataset_version, prompt_version, environment, metrics, duration_seconds, tags,
    tracked, pull_request, run_url, repository)
  values (
    v_run_key, coalesce(p_created_at, now()), p_commit_sha, p_branch_name, p_model_version,
    p_model_provider, p_dataset_version, p_prompt_version, p_environment, p_metrics,
    p_duration_seconds, coalesce(p_tags, '{}'), coalesce(p_tracked, true), p_pull_request,
    p_run_url, p_repository)
  returning id into v_transaction_id;

  if p_examples is not null then
    insert into benchmark_examples (
      transaction_id, example_id, correct, label, prediction, score, latency_ms, cost)
    select v_transaction_id, e.id, e.correct, e.label, e.prediction, e.score, e.latency_ms, e.cost
      from jsonb_to_recordset(p_examples) as e(
        id text, correct boolean, label text, prediction text,
        score double precision, latency_ms double precision, cost double precision);
  end if;

  if coalesce(p_tracked, true) then
    v_version := benchmark_append_snapshot(p_model_version, p_dataset_version, p_prompt_version,
      p_environment, v_transaction_id, 'push', null);
  end if;
  return query select v_transaction_id, v_version, false, v_run_key;
end
$$;

-- Makes version p_snapshot_version current again by appending a new version that points
-- at its transaction. History stays linear: nothing is rewritten.
create function checkout_benchmark_snapshot(
  p_model_version text, p_dataset_version text, p_prompt_version text, p_environment text,
  p_snapshot_version integer)
returns table (out_snapshot_version integer, out_transaction_id uuid)
language plpgsql
as $$
declare
  v_target record;
  v_version integer;
begin
  perform benchmark_lock_config(p_model_version, p_dataset_version, p_prompt_version, p_environment);
  select s.transaction_id, s.is_current into v_target
    from benchmark_snapshots s
   where s.model_version = p_model_version and s.dataset_version = p_dataset_version
     and s.prompt_version = p_prompt_version and s.environment = p_environment
     and s.snapshot_version = p_snapshot_version;
  if not found then
    raise exception 'config %/%/%/% has no version %', p_model_version, p_dataset_version,
      p_prompt_version, p_environment, p_snapshot_version
      using errcode = 'P0002', hint = 'List its versions with benchledger versions.';
  end if;
  if v_target.is_current then
    raise exception 'version % is already the current version of %/%/%/%', p_snapshot_version,
      p_model_version, p_dataset_version, p_prompt_version, p_environment
      using errcode = '22023', hint = 'Check out an earlier version; benchledger versions lists them.';
  end if;
  insert into benchmark_snapshot_events (
    kind, model_version, dataset_version, prompt_version, environment, snapshot_version, transaction_id)
  values ('checkout', p_model_version, p_dataset_version, p_prompt_version, p_environment,
    p_snapshot_version, v_target.transaction_id);
  v_version := benchmark_append_snapshot(p_model_version, p_dataset_version, p_prompt_version,
    p_environment, v_target.transaction_id, 'checkout', p_snapshot_version);
  return query select v_version, v_target.transaction_id;
end
$$;

-- Marks version p_snapshot_version as the config's baseline, or clears it when null.
-- Returns the config's baseline version afterwards (null when none).
create function set_benchmark_baseline(
  p_model_version text, p_dataset_version text, p_prompt_version text, p_environment text,
  p_snapshot_version integer)
returns integer
language plpgsql
as $$
begin
  perform benchmark_lock_config(p_model_version, p_dataset_version, p_prompt_version, p_environment);
  if p_snapshot_version is not null and not exists (
      select 1 from benchmark_snapshots s
       where s.model_version = p_model_version and s.dataset_version = p_dataset_version
         and s.prompt_version = p_prompt_version and s.environment = p_environment
         and s.snapshot_version = p_snapshot_version) then
    raise exception 'config %/%/%/% has no version %', p_model_version, p_dataset_version,
      p_prompt_version, p_environment, p_snapshot_version
      using errcode = 'P0002', hint = 'List its versions with benchledger versions.';
  end if;
  -- Clear, then set: one UPDATE doing both can trip the one-baseline index midway,
  -- depending on the order it visits the rows.
  update benchmark_snapshots s set is_baseline = false
   where s.model_version = p_model_version and s.dataset_version = p_dataset_version
     and s.prompt_version = p_prompt_version and s.environment = p_environment
     and s.is_baseline and s.snapshot_version is distinct from p_snapshot_version;
  update benchmark_snapshots s set is_baseline = true
   where s.model_version = p_model_version and s.dataset_version = p_dataset_version
     and s.prompt_version = p_prompt_version and s.environment = p_environment
     and s.snapshot_version = p_snapshot_version and not s.is_baseline;
  insert into benchmark_snapshot_events (
    kind, model_version, dataset_version, prompt_version, environment, snapshot_version)
  values (case when p_snapshot_version is null then 'baseline_unset' else 'baseline_set' end,
    p_model_version, p_dataset_version, p_prompt_version, p_environment, p_snapshot_version);
  return p_snapshot_version;
end
$$;

-- The snapshot layer as the log says it must be: every run and every checkout, numbered
-- per config in ledger order; the last is current; the last baseline mark holds.
create view benchmark_snapshots_from_log as
with steps as (
  select t.ledger_seq as seq, t.model_version, t.dataset_version, t.prompt_version, t.environment,
         t.id as transaction_id, 'push'::text as source, null::integer as restored_from_version,
         t.recorded_at as created_at
    from benchmark_transactions t
   where t.tracked
  union all
  select e.id, e.model_version, e.dataset_version, e.prompt_version, e.environment,
         e.transaction_id, 'checkout', e.snapshot_version, e.created_at
    from benchmark_snapshot_events e
   where e.kind = 'checkout'
), numbered as (
  select st.*,
         (row_number() over w)::integer as snapshot_version,
         (count(*) over (partition by st.model_version, st.dataset_version, st.prompt_version, st.environment))::integer as version_count
    from steps st
  window w as (partition by st.model_version, st.dataset_version, st.prompt_version, st.environment order by st.seq)
), baselines as (
  select distinct on (e.model_version, e.dataset_version, e.prompt_version, e.environment)
         e.model_version, e.dataset_version, e.prompt_version, e.environment,
         e.snapshot_version as baseline_version
    from benchmark_snapshot_events e
   where e.kind in ('baseline_set', 'baseline_unset')
   order by e.model_version, e.dataset_version, e.prompt_version, e.environment, e.id desc
)
select n.snapshot_version, n.model_version, n.dataset_version, n.prompt_version, n.environment,
       t.model_provider, n.transaction_id, n.source, n.restored_from_version, n.created_at,
       t.metrics,
       benchmark_metric_number(t.metrics, 'f1', 'f1_score') as f1_score,
       benchmark_metric_number(t.metrics, 'precision') as precision,
       benchmark_metric_number(t.metrics, 'recall') as recall,
       benchmark_metric_number(t.metrics, 'latency_ms') as latency_ms,
       n.snapshot_version = n.version_count as is_current,
       coalesce(b.baseline_version = n.snapshot_version, false) as is_baseline,
       true as is_active
  from numbered n
  join benchmark_transactions t on t.id = n.transaction_id
  left join baselines b
    on b.model_version = n.model_version and b.dataset_version = n.dataset_version
   and b.prompt_version = n.prompt_version and b.environment = n.environment;

-- Every difference between the stored snapshot layer and the one the log implies.
-- No rows means the layer is exactly what a replay of the log gives.
create function verify_benchmark_snapshots()
returns table (
  model_version text, dataset_version text, prompt_version text, environment text,
  snapshot_version integer, problem text)
language sql stable
as $$
  select coalesce(s.model_version, l.model_version), coalesce(s.dataset_version, l.dataset_version),
         coalesce(s.prompt_version, l.prompt_version), coalesce(s.environment, l.environment),
         coalesce(s.snapshot_version, l.snapshot_version),
         case
           when s.id is null then 'missing: the log has this version, the snapshot table does not'
           when l.transaction_id is null then 'unexpected: no run or checkout in the log makes this version'
           else concat_ws('; ',
             case when s.transaction_id is distinct from l.transaction_id
                  then format('transaction_id is %s, the log says %s', s.transaction_id, l.transaction_id) end,
             case when s.metrics is distinct from l.metrics
                  then format('metrics are %s, the log says %s', s.metrics, l.metrics) end,
             case when (s.f1_score, s.precision, s.recall, s.latency_ms)
                       is distinct from (l.f1_score, l.precision, l.recall, l.latency_ms)
                  then format('denormalised f1/precision/recall/latency_ms are %s/%s/%s/%s, the log says %s/%s/%s/%s',
                              s.f1_score, s.precision, s.recall, s.latency_ms,
                              l.f1_score, l.precision, l.recall, l.latency_ms) end,
             case when s.model_provider is distinct from l.model_provider
                  then format('model_provider is %s, the log says %s', s.model_provider, l.model_provider) end,
             case when (s.source, s.restored_from_version) is distinct from (l.source, l.restored_from_version)
                  then format('source is %s %s, the log says %s %s', s.source,
                              coalesce(s.restored_from_version::text, ''), l.source,
                              coalesce(l.restored_from_version::text, '')) end,
             case when s.is_current is distinct from l.is_current
                  then format('is_current is %s, the log says %s', s.is_current::text, l.is_current::text) end,
             case when s.is_baseline is distinct from l.is_baseline
                  then format('is_baseline is %s, the log says %s', s.is_baseline::text, l.is_baseline::text) end,
             case when s.is_active is distinct from l.is_active
                  then format('is_active is %s, the log says %s', s.is_active::text, l.is_active::text) end)
         end
    from benchmark_snapshots s
    full join benchmark_snapshots_from_log l
      on l.model_version = s.model_version and l.dataset_version = s.dataset_version
     and l.prompt_version = s.prompt_version and l.environment = s.environment
     and l.snapshot_version = s.snapshot_version
   where s.id is null or l.transaction_id is null
      or (s.transaction_id, s.metrics, s.f1_score, s.precision, s.recall, s.latency_ms,
          s.model_provider, s.source, s.restored_from_version, s.is_current, s.is_baseline, s.is_active)
         is distinct from
         (l.transaction_id, l.metrics, l.f1_score, l.precision, l.recall, l.latency_ms,
          l.model_provider, l.source, l.restored_from_version, l.is_current, l.is_baseline, l.is_active)
   order by 1, 2, 3, 4, 5
$$;

-- Replaces the snapshot layer with the one the log implies (the seed's "replay history to
-- recreate state"). Returns the number of snapshot versions written.
create function rebuild_benchmark_snapshots() returns integer
language plpgsql
as $$
declare
  v_count integer;
begin
  perform set_config('benchledger.rebuilding_snapshots', 'on', true);
  delete from benchmark_snapshots;
  insert into benchmark_snapshots (
    snapshot_version, created_at, model_version, dataset_version, prompt_version, environment,
    model_provider, transaction_id, source, restored_from_version, metrics,
    f1_score, precision, recall, latency_ms, is_current, is_baseline, is_active)
  select l.snapshot_version, l.created_at, l.model_version, l.dataset_version, l.prompt_version,
         l.environment, l.model_provider, l.transaction_id, l.source, l.restored_from_version,
         l.metrics, l.f1_score, l.precision, l.recall, l.latency_ms, l.is_current, l.is_baseline,
         l.is_active
    from benchmark_snapshots_from_log l;
  get diagnostics v_count = row_count;
  perform set_config('benchledger.rebuilding_snapshots', 'off', true);
  return v_count;
end
$$;

-- The seed's views.
-- The current version of every active config, with the run it came from.
create view v_latest_benchmarks as
select s.id as snapshot_id, s.model_version, s.dataset_version, s.prompt_version, s.environment,
       s.model_provider, s.snapshot_version, s.transaction_id, s.source, s.restored_from_version,
       s.metrics, s.f1_score, s.precision, s.recall, s.latency_ms, s.is_baseline,
       s.created_at as snapshot_created_at, t.created_at as run_created_at,
       t.commit_sha, t.branch_name, t.tags, t.duration_seconds
  from benchmark_snapshots s
  join benchmark_transactions t on t.id = s.transaction_id
 where s.is_current and s.is_active;

-- Daily statistics (UTC days) of every top-level numeric metric of every config.
create view v_performance_trends as
select date_trunc('day', t.created_at, 'UTC') as bucket,
       t.model_version, t.dataset_version, t.prompt_version, t.environment,
       m.key as metric,
       avg((m.value)::numeric)::double precision as avg_value,
       min((m.value)::numeric)::double precision as min_value,
       max((m.value)::numeric)::double precision as max_value,
       stddev_samp((m.value)::numeric)::double precision as stddev_value,
       count(*)::integer as run_count
  from benchmark_transactions t
  cross join lateral jsonb_each(t.metrics) as m(key, value)
 where jsonb_typeof(m.value) = 'number'
 group by 1, 2, 3, 4, 5, 6;
