-- benchledger 0005: units and directions of metrics, and the bulk import path.
--
-- Importers (benchledger import) bring whole histories: a million runs must arrive at the
-- database's speed, with every promise of upsert_benchmark_result() kept. The batch
-- function below records many runs set-based, in one statement of the caller's
-- transaction, and leaves the log and the snapshot layer exactly as the same runs pushed
-- one by one in the batch's order would have: run keys unique and idempotent, versions
-- gapless per config and numbered in ledger order, the last one current.
--
-- Runs unchanged on PostgreSQL 14+ and on PGlite (PostgreSQL 18): keep to PG 14 syntax.

-- What a tool says of its metrics: the unit each is measured in ("ns/iter", "ms") and which
-- way is better. A metric path (latency.p95) maps to a short label.
create function benchmark_metric_labels_are_valid(p_labels jsonb, p_allowed text[]) returns boolean
language sql immutable
as $$
  select jsonb_typeof(p_labels) = 'object'
     and not exists (
       select 1
         from jsonb_each(p_labels) as l(key, value)
        where l.key = ''
           or jsonb_typeof(l.value) <> 'string'
           or length(l.value #>> '{}') not between 1 and 64
           or (p_allowed is not null and (l.value #>> '{}') <> all (p_allowed)))
$$;

alter table benchmark_transactions
  add column units jsonb,
  add column directions jsonb,
  add constraint benchmark_transactions_units_check
    check (units is null or benchmark_metric_labels_are_valid(units, null)),
  add constraint benchmark_transactions_directions_check
    check (directions is null or benchmark_metric_labels_are_valid(directions, array['higher', 'lower']));

-- A snapshot version can carry the time of the run or event it restores (an import of an
-- export keeps the original times); by default it is now(), as before. The next version
-- number is read from the end of the config's index.
drop function benchmark_append_snapshot(text, text, text, text, uuid, text, integer);
create function benchmark_append_snapshot(
  p_model_version text, p_dataset_version text, p_prompt_version text, p_environment text,
  p_transaction_id uuid, p_source text, p_restored_from_version integer,
  p_created_at timestamptz default now())
returns integer
language plpgsql
as $$
declare
  v_version integer;
begin
  -- The newest version, read from the end of the config's index: max() over stale
  -- statistics can plan a scan of every version the config has.
  select coalesce((select s.snapshot_version
                     from benchmark_snapshots s
                    where s.model_version = p_model_version and s.dataset_version = p_dataset_version
                      and s.prompt_version = p_prompt_version and s.environment = p_environment
                    order by s.snapshot_version desc
                    limit 1), 0) + 1
    into v_version;

  update benchmark_snapshots s set is_current = false
   where s.model_version = p_model_version and s.dataset_version = p_dataset_version
     and s.prompt_version = p_prompt_version and s.environment = p_environment
     and s.is_current;

  insert into benchmark_snapshots (
    snapshot_version, created_at, model_version, dataset_version, prompt_version, environment,
    model_provider, transaction_id, source, restored_from_version, metrics,
    f1_score, precision, recall, latency_ms, is_current)
  select v_version, coalesce(p_created_at, now()), p_model_version, p_dataset_version,
         p_prompt_version, p_environment,
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

-- upsert_benchmark_result() as in 0001, taking the units and directions too.
drop function upsert_benchmark_result(text, text, text, text, jsonb, text, text, text, numeric,
  text[], text, timestamptz, jsonb, boolean, integer, text, text);
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
  p_repository       text default null,
  p_units            jsonb default null,
  p_directions       jsonb default null)
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
    tracked, pull_request, run_url, repository, units, directions)
  values (
    v_run_key, coalesce(p_created_at, now()), p_commit_sha, p_branch_name, p_model_version,
    p_model_provider, p_dataset_version, p_prompt_version, p_environment, p_metrics,
    p_duration_seconds, coalesce(p_tags, '{}'), coalesce(p_tracked, true), p_pull_request,
    p_run_url, p_repository, p_units, p_directions)
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

-- Records a batch of runs, given as a JSON array of objects with the fields of
-- benchmark_transactions (and "examples"), in array order: what pushing them one by one
-- would do, set-based. "id" and "recorded_at" may be given (an import of an export keeps
-- them); "run_key" is derived as upsert_benchmark_result() derives it when left out. A run
-- key already recorded with the same content is a duplicate and is skipped, so a re-run
-- import adds nothing; with different content it is an error and the batch records nothing.
create function import_benchmark_results(p_runs jsonb)
returns table (out_recorded integer, out_duplicates integer)
language plpgsql
as $$
declare
  v_total integer;
  v_recorded integer;
  v_seqs bigint[];
  v_clash record;
begin
  if jsonb_typeof(p_runs) is distinct from 'array' then
    raise exception 'import_benchmark_results() takes a JSON array of runs, got %', coalesce(jsonb_typeof(p_runs), 'null')
      using errcode = '22023';
  end if;

  drop table if exists pg_temp.benchmark_import_batch;
  create temp table benchmark_import_batch on commit drop as
  select k.*,
         -- The run recorded before under the same key, if any: one index probe per run
         -- (LIMIT keeps the planner from scanning the whole log to hash it).
         x.id as existing_id, coalesce(x.same, true) as same_as_existing,
         x.id is not null as duplicate,
         null::bigint as ledger_seq
    from (
      select r.ord,
             coalesce((r.doc ->> 'id')::uuid, gen_random_uuid()) as id,
             coalesce(r.doc ->> 'run_key', benchmark_derive_run_key(
               r.doc ->> 'model_version', r.doc ->> 'dataset_version', r.doc ->> 'prompt_version',
               r.doc ->> 'environment', r.doc -> 'metrics', r.doc ->> 'commit_sha',
               (r.doc ->> 'created_at')::timestamptz, (r.doc ->> 'duration_seconds')::float8::numeric,
               nullif(r.doc -> 'examples', 'null'::jsonb))) as run_key,
             coalesce((r.doc ->> 'created_at')::timestamptz, now()) as created_at,
             coalesce((r.doc ->> 'recorded_at')::timestamptz, now()) as recorded_at,
             r.doc ->> 'commit_sha' as commit_sha,
             r.doc ->> 'branch_name' as branch_name,
             r.doc ->> 'model_version' as model_version,
             r.doc ->> 'model_provider' as model_provider,
             r.doc ->> 'dataset_version' as dataset_version,
             r.doc ->> 'prompt_version' as prompt_version,
             r.doc ->> 'environment' as environment,
             r.doc -> 'metrics' as metrics,
             nullif(r.doc -> 'units', 'null'::jsonb) as units,
             nullif(r.doc -> 'directions', 'null'::jsonb) as directions,
             (r.doc ->> 'duration_seconds')::float8::numeric as duration_seconds,
             coalesce(array(select jsonb_array_elements_text(r.doc -> 'tags')), '{}'::text[]) as tags,
             coalesce((r.doc ->> 'tracked')::boolean, true) as tracked,
             (r.doc ->> 'pull_request')::integer as pull_request,
             r.doc ->> 'run_url' as run_url,
             r.doc ->> 'repository' as repository,
             nullif(r.doc -> 'examples', 'null'::jsonb) as examples
        from jsonb_array_elements(p_runs) with ordinality as r(doc, ord)) as k
    left join lateral (
      select t.id,
             (t.model_version, t.dataset_version, t.prompt_version, t.environment, t.metrics, t.commit_sha)
             is not distinct from
             (k.model_version, k.dataset_version, k.prompt_version, k.environment, k.metrics, k.commit_sha) as same
        from benchmark_transactions t
       where t.run_key = k.run_key
       limit 1) as x on true;
  get diagnostics v_total = row_count;

  -- The same config locks upsert_benchmark_result() takes, all of them, in one order.
  perform benchmark_lock_config(c.model_version, c.dataset_version, c.prompt_version, c.environment)
     from (select distinct b.model_version, b.dataset_version, b.prompt_version, b.environment,
                  concat_ws(chr(31), b.model_version, b.dataset_version, b.prompt_version, b.environment) collate "C" as sort_key
             from benchmark_import_batch b
            order by 5) as c;

  -- A run key names one run: in the ledger and within the batch.
  select b.ord, b.run_key, b.existing_id as transaction_id into v_clash
    from benchmark_import_batch b
   where not b.same_as_existing
   order by b.ord
   limit 1;
  if found then
    raise exception 'run_key "%" (run % of the batch) is already recorded for a different run (transaction %)',
      v_clash.run_key, v_clash.ord, v_clash.transaction_id
      using errcode = '23505', constraint = 'benchmark_transactions_run_key_key',
            hint = 'A run key names one run. Give this run its own run_key, or leave it out to derive one.';
  end if;
  select w.ord, w.run_key into v_clash
    from (select b.ord, b.run_key,
                 min(md5(jsonb_build_array(b.model_version, b.dataset_version, b.prompt_version, b.environment, b.metrics, b.commit_sha)::text))
                   over (partition by b.run_key) as lo,
                 max(md5(jsonb_build_array(b.model_version, b.dataset_version, b.prompt_version, b.environment, b.metrics, b.commit_sha)::text))
                   over (partition by b.run_key) as hi
            from benchmark_import_batch b
           where b.run_key in (select r.run_key from benchmark_import_batch r group by r.run_key having count(*) > 1)) as w
   where w.lo <> w.hi
   order by w.ord
   limit 1;
  if found then
    raise exception 'run_key "%" (run % of the batch) names two different runs of the batch', v_clash.run_key, v_clash.ord
      using errcode = '23505', constraint = 'benchmark_transactions_run_key_key',
            hint = 'A run key names one run. Give each run its own run_key, or leave them out to derive them.';
  end if;

  -- Duplicates: recorded before (marked above), or seen earlier in the batch.
  update benchmark_import_batch b set duplicate = true
    from (select f.ord, row_number() over (partition by f.run_key order by f.ord) as nth
            from benchmark_import_batch f where not f.duplicate) as d
   where d.ord = b.ord and d.nth > 1;

  -- Ledger order follows batch order: numbers drawn from the shared sequence (one session
  -- draws them increasing), handed out in batch order.
  select count(*) into v_recorded from benchmark_import_batch where not duplicate;
  v_seqs := array(select s.seq
                    from (select nextval('benchmark_ledger_seq') as seq from generate_series(1, v_recorded)) as s
                   order by s.seq);
  update benchmark_import_batch b set ledger_seq = v_seqs[n.k::integer]
    from (select f.ord, row_number() over (order by f.ord) as k
            from benchmark_import_batch f where not f.duplicate) as n
   where n.ord = b.ord;

  insert into benchmark_transactions (
    id, ledger_seq, run_key, created_at, recorded_at, commit_sha, branch_name, model_version,
    model_provider, dataset_version, prompt_version, environment, metrics, duration_seconds, tags,
    tracked, pull_request, run_url, repository, units, directions)
  select b.id, b.ledger_seq, b.run_key, b.created_at, b.recorded_at, b.commit_sha, b.branch_name,
         b.model_version, b.model_provider, b.dataset_version, b.prompt_version, b.environment,
         b.metrics, b.duration_seconds, b.tags, b.tracked, b.pull_request, b.run_url, b.repository,
         b.units, b.directions
    from benchmark_import_batch b
   where not b.duplicate
   order by b.ledger_seq;

  insert into benchmark_examples (
    transaction_id, example_id, correct, label, prediction, score, latency_ms, cost)
  select b.id, e.id, e.correct, e.label, e.prediction, e.score, e.latency_ms, e.cost
    from benchmark_import_batch b
   cross join lateral jsonb_to_recordset(b.examples) as e(
        id text, correct boolean, label text, prediction text,
        score double precision, latency_ms double precision, cost double precision)
   where not b.duplicate and b.examples is not null;

  -- The snapshot layer: each tracked run appends its config's next version; the last
  -- appended is current.
  update benchmark_snapshots s set is_current = false
    from (select distinct b.model_version, b.dataset_version, b.prompt_version, b.environment
            from benchmark_import_batch b where not b.duplicate and b.tracked) as c
   where s.is_current
     and s.model_version = c.model_version and s.dataset_version = c.dataset_version
     and s.prompt_version = c.prompt_version and s.environment = c.environment;
  insert into benchmark_snapshots (
    snapshot_version, created_at, model_version, dataset_version, prompt_version, environment,
    model_provider, transaction_id, source, restored_from_version, metrics,
    f1_score, precision, recall, latency_ms, is_current)
  with fresh as (
    select b.*,
           row_number() over w as k,
           count(*) over (partition by b.model_version, b.dataset_version, b.prompt_version, b.environment) as count_in_batch
      from benchmark_import_batch b
     where not b.duplicate and b.tracked
    window w as (partition by b.model_version, b.dataset_version, b.prompt_version, b.environment order by b.ledger_seq)
  ), configs as (
    -- Each config's last version before the batch: one probe per config, not per run.
    select c.model_version, c.dataset_version, c.prompt_version, c.environment,
           (select s.snapshot_version from benchmark_snapshots s
             where s.model_version = c.model_version and s.dataset_version = c.dataset_version
               and s.prompt_version = c.prompt_version and s.environment = c.environment
             order by s.snapshot_version desc
             limit 1) as last_version
      from (select distinct f.model_version, f.dataset_version, f.prompt_version, f.environment from fresh f) as c
  )
  select coalesce(c.last_version, 0) + n.k, n.recorded_at, n.model_version, n.dataset_version,
         n.prompt_version, n.environment, n.model_provider, n.id, 'push', null, n.metrics,
         -- benchmark_metric_number(), inlined: a call per run and column is most of the cost.
         case when jsonb_typeof(n.metrics -> 'f1') = 'number' then (n.metrics ->> 'f1')::numeric
              when jsonb_typeof(n.metrics -> 'f1_score') = 'number' then (n.metrics ->> 'f1_score')::numeric end,
         case when jsonb_typeof(n.metrics -> 'precision') = 'number' then (n.metrics ->> 'precision')::numeric end,
         case when jsonb_typeof(n.metrics -> 'recall') = 'number' then (n.metrics ->> 'recall')::numeric end,
         case when jsonb_typeof(n.metrics -> 'latency_ms') = 'number' then (n.metrics ->> 'latency_ms')::numeric end,
         n.k = n.count_in_batch
    from fresh n
    join configs c
      on c.model_version = n.model_version and c.dataset_version = n.dataset_version
     and c.prompt_version = n.prompt_version and c.environment = n.environment
   order by n.ledger_seq;

  drop table pg_temp.benchmark_import_batch;
  return query select v_recorded, v_total - v_recorded;
end
$$;

-- Replays one checkout or baseline mark of an exported ledger, at its original time. The
-- same event (kind, config, version, run and time) recorded before is skipped, so a re-run
-- import adds nothing. Returns whether it was recorded.
create function import_benchmark_snapshot_event(
  p_kind text, p_model_version text, p_dataset_version text, p_prompt_version text,
  p_environment text, p_snapshot_version integer, p_transaction_id uuid, p_created_at timestamptz)
returns boolean
language plpgsql
as $$
declare
  v_target uuid;
begin
  perform benchmark_lock_config(p_model_version, p_dataset_version, p_prompt_version, p_environment);
  if exists (
      select 1 from benchmark_snapshot_events e
       where e.kind = p_kind and e.model_version = p_model_version
         and e.dataset_version = p_dataset_version and e.prompt_version = p_prompt_version
         and e.environment = p_environment and e.created_at = p_created_at
         and e.snapshot_version is not distinct from p_snapshot_version
         and e.transaction_id is not distinct from p_transaction_id) then
    return false;
  end if;
  if p_kind = 'checkout' then
    select s.transaction_id into v_target
      from benchmark_snapshots s
     where s.model_version = p_model_version and s.dataset_version = p_dataset_version
       and s.prompt_version = p_prompt_version and s.environment = p_environment
       and s.snapshot_version = p_snapshot_version;
    if v_target is distinct from p_transaction_id then
      raise exception 'cannot replay the checkout of version % of %/%/%/%: this ledger''s version % is not run %',
        p_snapshot_version, p_model_version, p_dataset_version, p_prompt_version, p_environment,
        p_snapshot_version, p_transaction_id
        using errcode = '22023',
              hint = 'Import an export into an empty ledger, or into the ledger it was exported from.';
    end if;
    insert into benchmark_snapshot_events (
      created_at, kind, model_version, dataset_version, prompt_version, environment, snapshot_version, transaction_id)
    values (p_created_at, 'checkout', p_model_version, p_dataset_version, p_prompt_version, p_environment,
      p_snapshot_version, p_transaction_id);
    perform benchmark_append_snapshot(p_model_version, p_dataset_version, p_prompt_version,
      p_environment, p_transaction_id, 'checkout', p_snapshot_version, p_created_at);
    return true;
  end if;
  if p_kind not in ('baseline_set', 'baseline_unset') then
    raise exception 'unknown snapshot event kind %', p_kind
      using errcode = '22023', hint = 'Expected checkout, baseline_set or baseline_unset.';
  end if;
  if p_kind = 'baseline_set' and not exists (
      select 1 from benchmark_snapshots s
       where s.model_version = p_model_version and s.dataset_version = p_dataset_version
         and s.prompt_version = p_prompt_version and s.environment = p_environment
         and s.snapshot_version = p_snapshot_version) then
    raise exception 'cannot replay the baseline mark of %/%/%/%: this ledger has no version %',
      p_model_version, p_dataset_version, p_prompt_version, p_environment, p_snapshot_version
      using errcode = '22023',
            hint = 'Import an export into an empty ledger, or into the ledger it was exported from.';
  end if;
  update benchmark_snapshots s set is_baseline = false
   where s.model_version = p_model_version and s.dataset_version = p_dataset_version
     and s.prompt_version = p_prompt_version and s.environment = p_environment
     and s.is_baseline and s.snapshot_version is distinct from p_snapshot_version;
  update benchmark_snapshots s set is_baseline = true
   where s.model_version = p_model_version and s.dataset_version = p_dataset_version
     and s.prompt_version = p_prompt_version and s.environment = p_environment
     and s.snapshot_version = p_snapshot_version and not s.is_baseline;
  insert into benchmark_snapshot_events (
    created_at, kind, model_version, dataset_version, prompt_version, environment, snapshot_version)
  values (p_created_at, p_kind, p_model_version, p_dataset_version, p_prompt_version, p_environment,
    case when p_kind = 'baseline_set' then p_snapshot_version end);
  return true;
end
$$;

-- Rows that point at a run must point at a recorded one (0001), checked once per statement
-- over all the rows it inserted rather than once per row: a batch of a thousand runs with
-- twenty examples each is one anti-join, not twenty thousand function calls.
create function benchmark_require_transactions() returns trigger
language plpgsql
as $$
declare
  v_missing uuid;
begin
  select n.transaction_id into v_missing
    from inserted_rows n
   where n.transaction_id is not null
     and not exists (select 1 from benchmark_transactions t where t.id = n.transaction_id)
   limit 1;
  if found then
    raise exception '%.transaction_id % does not name a recorded run', tg_table_name, v_missing
      using errcode = '23503';
  end if;
  return null;
end
$$;

drop trigger benchmark_examples_transaction_exists on benchmark_examples;
drop trigger benchmark_snapshot_events_transaction_exists on benchmark_snapshot_events;
drop trigger benchmark_snapshots_transaction_exists on benchmark_snapshots;
drop trigger benchmark_findings_transaction_exists on benchmark_findings;
drop function benchmark_require_transaction();

create trigger benchmark_examples_transaction_exists
  after insert on benchmark_examples
  referencing new table as inserted_rows
  for each statement execute function benchmark_require_transactions();
create trigger benchmark_snapshot_events_transaction_exists
  after insert on benchmark_snapshot_events
  referencing new table as inserted_rows
  for each statement execute function benchmark_require_transactions();
create trigger benchmark_snapshots_transaction_exists
  after insert on benchmark_snapshots
  referencing new table as inserted_rows
  for each statement execute function benchmark_require_transactions();
create trigger benchmark_findings_transaction_exists
  after insert on benchmark_findings
  referencing new table as inserted_rows
  for each statement execute function benchmark_require_transactions();
