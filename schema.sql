--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: benchmark_append_snapshot(text, text, text, text, uuid, text, integer, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.benchmark_append_snapshot(p_model_version text, p_dataset_version text, p_prompt_version text, p_environment text, p_transaction_id uuid, p_source text, p_restored_from_version integer, p_created_at timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: benchmark_derive_run_key(text, text, text, text, jsonb, text, timestamp with time zone, numeric, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.benchmark_derive_run_key(p_model_version text, p_dataset_version text, p_prompt_version text, p_environment text, p_metrics jsonb, p_commit_sha text, p_created_at timestamp with time zone, p_duration_seconds numeric, p_examples jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
  select 'sha256:' || encode(sha256(convert_to(jsonb_build_array(
    p_model_version, p_dataset_version, p_prompt_version, p_environment, p_metrics,
    p_commit_sha, to_char(p_created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    p_duration_seconds, p_examples)::text, 'UTF8')), 'hex')
$$;

--
-- Name: benchmark_lock_config(text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.benchmark_lock_config(p_model_version text, p_dataset_version text, p_prompt_version text, p_environment text) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  perform pg_advisory_xact_lock(hashtextextended(
    concat_ws(chr(31), p_model_version, p_dataset_version, p_prompt_version, p_environment), 0));
end
$$;

--
-- Name: benchmark_metric_labels_are_valid(jsonb, text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.benchmark_metric_labels_are_valid(p_labels jsonb, p_allowed text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$
  select jsonb_typeof(p_labels) = 'object'
     and not exists (
       select 1
         from jsonb_each(p_labels) as l(key, value)
        where l.key = ''
           or jsonb_typeof(l.value) <> 'string'
           or length(l.value #>> '{}') not between 1 and 64
           or (p_allowed is not null and (l.value #>> '{}') <> all (p_allowed)))
$$;

--
-- Name: benchmark_metric_number(jsonb, text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.benchmark_metric_number(p_metrics jsonb, VARIADIC p_keys text[]) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$
  select (p_metrics ->> k.key)::numeric
    from unnest(p_keys) with ordinality as k(key, position)
   where jsonb_typeof(p_metrics -> k.key) = 'number'
   order by k.position
   limit 1
$$;

--
-- Name: benchmark_metrics_are_valid(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.benchmark_metrics_are_valid(p_metrics jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $_$
  select jsonb_typeof(p_metrics) = 'object'
     and p_metrics <> '{}'::jsonb
     and not jsonb_path_exists(
           p_metrics, 'strict $.** ? (@.type() != "object" && @.type() != "number")')
     and not jsonb_path_exists(
           p_metrics, 'strict $.** ? (@.type() == "object").keyvalue() ? (@.key == "" || @.key like_regex "[.]")')
$_$;

--
-- Name: benchmark_reject_change(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.benchmark_reject_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  raise exception '% is append-only: % is not allowed', tg_table_name, tg_op
    using errcode = '23001',
          hint = 'The ledger keeps every run as it was recorded. Record a correction as a new run '
                 '(benchledger push); move a config''s current version with benchledger checkout.';
end
$$;

--
-- Name: benchmark_require_transactions(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.benchmark_require_transactions() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: benchmark_snapshots_guard(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.benchmark_snapshots_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: checkout_benchmark_snapshot(text, text, text, text, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.checkout_benchmark_snapshot(p_model_version text, p_dataset_version text, p_prompt_version text, p_environment text, p_snapshot_version integer) RETURNS TABLE(out_snapshot_version integer, out_transaction_id uuid)
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: detect_regression(text, text, text, text, text, numeric, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.detect_regression(p_model_version text, p_dataset_version text, p_prompt_version text, p_environment text, p_metric text DEFAULT 'f1'::text, p_threshold numeric DEFAULT 0.05, p_direction text DEFAULT 'higher'::text, p_relative boolean DEFAULT false) RETURNS TABLE(metric text, current_version integer, current_value numeric, baseline_version integer, baseline_value numeric, delta numeric, threshold numeric, is_regression boolean)
    LANGUAGE plpgsql STABLE
    AS $$
begin
  if p_direction not in ('higher', 'lower') then
    raise exception 'p_direction must be ''higher'' or ''lower'', got %', p_direction using errcode = '22023';
  end if;
  return query
  with config as (
    select s.snapshot_version, s.is_current, s.is_baseline,
           case when jsonb_typeof(s.metrics #> string_to_array(p_metric, '.')) = 'number'
                then (s.metrics #>> string_to_array(p_metric, '.'))::numeric end as value
      from benchmark_snapshots s
     where s.model_version = p_model_version and s.dataset_version = p_dataset_version
       and s.prompt_version = p_prompt_version and s.environment = p_environment
  ), cur as (
    select c.snapshot_version, c.value from config c where c.is_current
  ), base as (
    select c.snapshot_version, c.value
      from config c, cur
     where (c.is_baseline and c.snapshot_version <> cur.snapshot_version)
        or c.snapshot_version = cur.snapshot_version - 1
     order by (c.is_baseline and c.snapshot_version <> cur.snapshot_version) desc, c.snapshot_version desc
     limit 1
  )
  select p_metric, cur.snapshot_version, cur.value, base.snapshot_version, base.value,
         cur.value - base.value,
         p_threshold,
         -- As `benchledger check`: worse, by at least the threshold.
         case when p_direction = 'higher'
              then base.value - cur.value > 0
                   and base.value - cur.value >= p_threshold * (case when p_relative then abs(base.value) else 1 end)
              else cur.value - base.value > 0
                   and cur.value - base.value >= p_threshold * (case when p_relative then abs(base.value) else 1 end)
         end
    from cur left join base on true;
end
$$;

--
-- Name: import_benchmark_results(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.import_benchmark_results(p_runs jsonb) RETURNS TABLE(out_recorded integer, out_duplicates integer)
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: import_benchmark_snapshot_event(text, text, text, text, text, integer, uuid, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.import_benchmark_snapshot_event(p_kind text, p_model_version text, p_dataset_version text, p_prompt_version text, p_environment text, p_snapshot_version integer, p_transaction_id uuid, p_created_at timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: rebuild_benchmark_snapshots(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rebuild_benchmark_snapshots() RETURNS integer
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: set_benchmark_baseline(text, text, text, text, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_benchmark_baseline(p_model_version text, p_dataset_version text, p_prompt_version text, p_environment text, p_snapshot_version integer) RETURNS integer
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: upsert_benchmark_result(text, text, text, text, jsonb, text, text, text, numeric, text[], text, timestamp with time zone, jsonb, boolean, integer, text, text, jsonb, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.upsert_benchmark_result(p_model_version text, p_dataset_version text, p_prompt_version text, p_environment text, p_metrics jsonb, p_commit_sha text DEFAULT NULL::text, p_branch_name text DEFAULT NULL::text, p_model_provider text DEFAULT NULL::text, p_duration_seconds numeric DEFAULT NULL::numeric, p_tags text[] DEFAULT '{}'::text[], p_run_key text DEFAULT NULL::text, p_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_examples jsonb DEFAULT NULL::jsonb, p_tracked boolean DEFAULT true, p_pull_request integer DEFAULT NULL::integer, p_run_url text DEFAULT NULL::text, p_repository text DEFAULT NULL::text, p_units jsonb DEFAULT NULL::jsonb, p_directions jsonb DEFAULT NULL::jsonb) RETURNS TABLE(out_transaction_id uuid, out_snapshot_version integer, out_duplicate boolean, out_run_key text)
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: verify_benchmark_snapshots(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.verify_benchmark_snapshots() RETURNS TABLE(model_version text, dataset_version text, prompt_version text, environment text, snapshot_version integer, problem text)
    LANGUAGE sql STABLE
    AS $$
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

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: benchledger_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.benchledger_migrations (
    id integer NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: benchmark_acknowledgements; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.benchmark_acknowledgements (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    model_version text NOT NULL,
    dataset_version text NOT NULL,
    prompt_version text NOT NULL,
    environment text NOT NULL,
    metric text NOT NULL,
    commit_sha text NOT NULL,
    reason text NOT NULL,
    acknowledged_by text,
    kind text DEFAULT 'expected'::text NOT NULL,
    CONSTRAINT benchmark_acknowledgements_commit_check CHECK ((btrim(commit_sha) <> ''::text)),
    CONSTRAINT benchmark_acknowledgements_kind_check CHECK ((kind = ANY (ARRAY['expected'::text, 'false-positive'::text]))),
    CONSTRAINT benchmark_acknowledgements_metric_check CHECK ((btrim(metric) <> ''::text)),
    CONSTRAINT benchmark_acknowledgements_reason_check CHECK ((btrim(reason) <> ''::text))
);

--
-- Name: benchmark_alerts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.benchmark_alerts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    dedup_key text NOT NULL,
    channel text NOT NULL,
    check_id uuid NOT NULL,
    model_version text NOT NULL,
    dataset_version text NOT NULL,
    prompt_version text NOT NULL,
    environment text NOT NULL,
    metric text NOT NULL,
    commit_sha text,
    verdict text NOT NULL,
    payload jsonb NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    last_error text,
    last_attempt_at timestamp with time zone,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    delivered_at timestamp with time zone,
    CONSTRAINT benchmark_alerts_channel_check CHECK ((channel = ANY (ARRAY['slack'::text, 'webhook'::text, 'github'::text]))),
    CONSTRAINT benchmark_alerts_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'delivered'::text, 'failed'::text])))
);

--
-- Name: benchmark_examples; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.benchmark_examples (
    transaction_id uuid NOT NULL,
    example_id text NOT NULL,
    correct boolean,
    label text,
    prediction text,
    score double precision,
    latency_ms double precision,
    cost double precision
);

--
-- Name: benchmark_findings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.benchmark_findings (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    check_id uuid NOT NULL,
    transaction_id uuid NOT NULL,
    baseline_transaction_id uuid,
    model_version text NOT NULL,
    dataset_version text NOT NULL,
    prompt_version text NOT NULL,
    environment text NOT NULL,
    commit_sha text,
    metric text NOT NULL,
    verdict text NOT NULL,
    method text NOT NULL,
    current_value double precision,
    baseline_value double precision,
    delta double precision,
    p_value double precision,
    q_value double precision,
    ci_low double precision,
    ci_high double precision,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT benchmark_findings_verdict_check CHECK ((verdict = ANY (ARRAY['regression'::text, 'sla'::text, 'tradeoff'::text, 'inconclusive'::text, 'improvement'::text, 'ok'::text])))
);

--
-- Name: benchmark_ledger_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.benchmark_ledger_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: benchmark_snapshot_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.benchmark_snapshot_events (
    id bigint DEFAULT nextval('public.benchmark_ledger_seq'::regclass) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    kind text NOT NULL,
    model_version text NOT NULL,
    dataset_version text NOT NULL,
    prompt_version text NOT NULL,
    environment text NOT NULL,
    snapshot_version integer,
    transaction_id uuid,
    CONSTRAINT benchmark_snapshot_events_kind_check CHECK ((kind = ANY (ARRAY['checkout'::text, 'baseline_set'::text, 'baseline_unset'::text]))),
    CONSTRAINT benchmark_snapshot_events_target_check CHECK ((((kind = 'checkout'::text) AND (snapshot_version IS NOT NULL) AND (transaction_id IS NOT NULL)) OR ((kind = 'baseline_set'::text) AND (snapshot_version IS NOT NULL)) OR (kind = 'baseline_unset'::text)))
);

--
-- Name: benchmark_snapshots; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.benchmark_snapshots (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    snapshot_version integer NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_updated_at timestamp with time zone DEFAULT now() NOT NULL,
    model_version text NOT NULL,
    dataset_version text NOT NULL,
    prompt_version text NOT NULL,
    environment text NOT NULL,
    model_provider text,
    transaction_id uuid NOT NULL,
    source text DEFAULT 'push'::text NOT NULL,
    restored_from_version integer,
    metrics jsonb NOT NULL,
    f1_score numeric,
    "precision" numeric,
    recall numeric,
    latency_ms numeric,
    is_current boolean DEFAULT false NOT NULL,
    is_baseline boolean DEFAULT false NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    CONSTRAINT benchmark_snapshots_source_check CHECK ((((source = 'push'::text) AND (restored_from_version IS NULL)) OR ((source = 'checkout'::text) AND (restored_from_version IS NOT NULL)))),
    CONSTRAINT benchmark_snapshots_version_check CHECK ((snapshot_version > 0))
);

--
-- Name: benchmark_transactions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.benchmark_transactions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    ledger_seq bigint DEFAULT nextval('public.benchmark_ledger_seq'::regclass) NOT NULL,
    run_key text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    commit_sha text,
    branch_name text,
    model_version text NOT NULL,
    model_provider text,
    dataset_version text NOT NULL,
    prompt_version text NOT NULL,
    environment text NOT NULL,
    metrics jsonb NOT NULL,
    duration_seconds numeric,
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    pull_request integer,
    run_url text,
    repository text,
    tracked boolean DEFAULT true NOT NULL,
    units jsonb,
    directions jsonb,
    CONSTRAINT benchmark_transactions_config_check CHECK (((btrim(model_version) <> ''::text) AND (btrim(dataset_version) <> ''::text) AND (btrim(prompt_version) <> ''::text) AND (btrim(environment) <> ''::text))),
    CONSTRAINT benchmark_transactions_directions_check CHECK (((directions IS NULL) OR public.benchmark_metric_labels_are_valid(directions, ARRAY['higher'::text, 'lower'::text]))),
    CONSTRAINT benchmark_transactions_duration_check CHECK (((duration_seconds IS NULL) OR (duration_seconds >= (0)::numeric))),
    CONSTRAINT benchmark_transactions_metrics_check CHECK (public.benchmark_metrics_are_valid(metrics)),
    CONSTRAINT benchmark_transactions_run_key_check CHECK (((length(run_key) >= 1) AND (length(run_key) <= 200))),
    CONSTRAINT benchmark_transactions_tags_check CHECK ((array_position(tags, NULL::text) IS NULL)),
    CONSTRAINT benchmark_transactions_units_check CHECK (((units IS NULL) OR public.benchmark_metric_labels_are_valid(units, NULL::text[])))
);

--
-- Name: benchmark_snapshots_from_log; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.benchmark_snapshots_from_log AS
 WITH steps AS (
         SELECT t_1.ledger_seq AS seq,
            t_1.model_version,
            t_1.dataset_version,
            t_1.prompt_version,
            t_1.environment,
            t_1.id AS transaction_id,
            'push'::text AS source,
            NULL::integer AS restored_from_version,
            t_1.recorded_at AS created_at
           FROM public.benchmark_transactions t_1
          WHERE t_1.tracked
        UNION ALL
         SELECT e.id,
            e.model_version,
            e.dataset_version,
            e.prompt_version,
            e.environment,
            e.transaction_id,
            'checkout'::text,
            e.snapshot_version,
            e.created_at
           FROM public.benchmark_snapshot_events e
          WHERE (e.kind = 'checkout'::text)
        ), numbered AS (
         SELECT st.seq,
            st.model_version,
            st.dataset_version,
            st.prompt_version,
            st.environment,
            st.transaction_id,
            st.source,
            st.restored_from_version,
            st.created_at,
            (row_number() OVER w)::integer AS snapshot_version,
            (count(*) OVER (PARTITION BY st.model_version, st.dataset_version, st.prompt_version, st.environment))::integer AS version_count
           FROM steps st
          WINDOW w AS (PARTITION BY st.model_version, st.dataset_version, st.prompt_version, st.environment ORDER BY st.seq)
        ), baselines AS (
         SELECT DISTINCT ON (e.model_version, e.dataset_version, e.prompt_version, e.environment) e.model_version,
            e.dataset_version,
            e.prompt_version,
            e.environment,
            e.snapshot_version AS baseline_version
           FROM public.benchmark_snapshot_events e
          WHERE (e.kind = ANY (ARRAY['baseline_set'::text, 'baseline_unset'::text]))
          ORDER BY e.model_version, e.dataset_version, e.prompt_version, e.environment, e.id DESC
        )
 SELECT n.snapshot_version,
    n.model_version,
    n.dataset_version,
    n.prompt_version,
    n.environment,
    t.model_provider,
    n.transaction_id,
    n.source,
    n.restored_from_version,
    n.created_at,
    t.metrics,
    public.benchmark_metric_number(t.metrics, VARIADIC ARRAY['f1'::text, 'f1_score'::text]) AS f1_score,
    public.benchmark_metric_number(t.metrics, VARIADIC ARRAY['precision'::text]) AS "precision",
    public.benchmark_metric_number(t.metrics, VARIADIC ARRAY['recall'::text]) AS recall,
    public.benchmark_metric_number(t.metrics, VARIADIC ARRAY['latency_ms'::text]) AS latency_ms,
    (n.snapshot_version = n.version_count) AS is_current,
    COALESCE((b.baseline_version = n.snapshot_version), false) AS is_baseline,
    true AS is_active
   FROM ((numbered n
     JOIN public.benchmark_transactions t ON ((t.id = n.transaction_id)))
     LEFT JOIN baselines b ON (((b.model_version = n.model_version) AND (b.dataset_version = n.dataset_version) AND (b.prompt_version = n.prompt_version) AND (b.environment = n.environment))));

--
-- Name: v_latest_benchmarks; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.v_latest_benchmarks AS
 SELECT s.id AS snapshot_id,
    s.model_version,
    s.dataset_version,
    s.prompt_version,
    s.environment,
    s.model_provider,
    s.snapshot_version,
    s.transaction_id,
    s.source,
    s.restored_from_version,
    s.metrics,
    s.f1_score,
    s."precision",
    s.recall,
    s.latency_ms,
    s.is_baseline,
    s.created_at AS snapshot_created_at,
    t.created_at AS run_created_at,
    t.commit_sha,
    t.branch_name,
    t.tags,
    t.duration_seconds
   FROM (public.benchmark_snapshots s
     JOIN public.benchmark_transactions t ON ((t.id = s.transaction_id)))
  WHERE (s.is_current AND s.is_active);

--
-- Name: v_performance_trends; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.v_performance_trends AS
 SELECT date_trunc('day'::text, t.created_at, 'UTC'::text) AS bucket,
    t.model_version,
    t.dataset_version,
    t.prompt_version,
    t.environment,
    m.key AS metric,
    (avg((m.value)::numeric))::double precision AS avg_value,
    (min((m.value)::numeric))::double precision AS min_value,
    (max((m.value)::numeric))::double precision AS max_value,
    (stddev_samp((m.value)::numeric))::double precision AS stddev_value,
    (count(*))::integer AS run_count
   FROM (public.benchmark_transactions t
     CROSS JOIN LATERAL jsonb_each(t.metrics) m(key, value))
  WHERE (jsonb_typeof(m.value) = 'number'::text)
  GROUP BY (date_trunc('day'::text, t.created_at, 'UTC'::text)), t.model_version, t.dataset_version, t.prompt_version, t.environment, m.key;

--
-- Name: benchledger_migrations benchledger_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.benchledger_migrations
    ADD CONSTRAINT benchledger_migrations_pkey PRIMARY KEY (id);

--
-- Name: benchmark_acknowledgements benchmark_acknowledgements_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.benchmark_acknowledgements
    ADD CONSTRAINT benchmark_acknowledgements_pkey PRIMARY KEY (id);

--
-- Name: benchmark_alerts benchmark_alerts_dedup_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.benchmark_alerts
    ADD CONSTRAINT benchmark_alerts_dedup_key UNIQUE (dedup_key, channel);

--
-- Name: benchmark_alerts benchmark_alerts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.benchmark_alerts
    ADD CONSTRAINT benchmark_alerts_pkey PRIMARY KEY (id);

--
-- Name: benchmark_examples benchmark_examples_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.benchmark_examples
    ADD CONSTRAINT benchmark_examples_pkey PRIMARY KEY (transaction_id, example_id);

--
-- Name: benchmark_findings benchmark_findings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.benchmark_findings
    ADD CONSTRAINT benchmark_findings_pkey PRIMARY KEY (id);

--
-- Name: benchmark_snapshot_events benchmark_snapshot_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.benchmark_snapshot_events
    ADD CONSTRAINT benchmark_snapshot_events_pkey PRIMARY KEY (id);

--
-- Name: benchmark_snapshots benchmark_snapshots_config_version_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.benchmark_snapshots
    ADD CONSTRAINT benchmark_snapshots_config_version_key UNIQUE (model_version, dataset_version, prompt_version, environment, snapshot_version);

--
-- Name: benchmark_snapshots benchmark_snapshots_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.benchmark_snapshots
    ADD CONSTRAINT benchmark_snapshots_pkey PRIMARY KEY (id);

--
-- Name: benchmark_transactions benchmark_transactions_ledger_seq_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.benchmark_transactions
    ADD CONSTRAINT benchmark_transactions_ledger_seq_key UNIQUE (ledger_seq);

--
-- Name: benchmark_transactions benchmark_transactions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.benchmark_transactions
    ADD CONSTRAINT benchmark_transactions_pkey PRIMARY KEY (id);

--
-- Name: benchmark_transactions benchmark_transactions_run_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.benchmark_transactions
    ADD CONSTRAINT benchmark_transactions_run_key_key UNIQUE (run_key);

--
-- Name: benchmark_acknowledgements_lookup_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX benchmark_acknowledgements_lookup_idx ON public.benchmark_acknowledgements USING btree (commit_sha, model_version, dataset_version, prompt_version, environment, metric);

--
-- Name: benchmark_alerts_due_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX benchmark_alerts_due_idx ON public.benchmark_alerts USING btree (next_attempt_at) WHERE (status <> 'delivered'::text);

--
-- Name: benchmark_findings_config_metric_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX benchmark_findings_config_metric_idx ON public.benchmark_findings USING btree (model_version, dataset_version, prompt_version, environment, metric);

--
-- Name: benchmark_findings_created_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX benchmark_findings_created_at_idx ON public.benchmark_findings USING btree (created_at DESC);

--
-- Name: benchmark_findings_open_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX benchmark_findings_open_idx ON public.benchmark_findings USING btree (model_version, dataset_version, prompt_version, environment, created_at DESC) WHERE (verdict = ANY (ARRAY['regression'::text, 'sla'::text, 'tradeoff'::text]));

--
-- Name: benchmark_findings_transaction_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX benchmark_findings_transaction_idx ON public.benchmark_findings USING btree (transaction_id);

--
-- Name: benchmark_snapshots_leaderboard_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX benchmark_snapshots_leaderboard_idx ON public.benchmark_snapshots USING btree (f1_score DESC NULLS LAST) WHERE (is_current AND is_active);

--
-- Name: benchmark_snapshots_one_baseline_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX benchmark_snapshots_one_baseline_idx ON public.benchmark_snapshots USING btree (model_version, dataset_version, prompt_version, environment) WHERE is_baseline;

--
-- Name: benchmark_snapshots_one_current_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX benchmark_snapshots_one_current_idx ON public.benchmark_snapshots USING btree (model_version, dataset_version, prompt_version, environment) WHERE is_current;

--
-- Name: benchmark_snapshots_transaction_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX benchmark_snapshots_transaction_idx ON public.benchmark_snapshots USING btree (transaction_id);

--
-- Name: benchmark_transactions_config_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX benchmark_transactions_config_idx ON public.benchmark_transactions USING btree (model_version, dataset_version, prompt_version, environment, created_at DESC);

--
-- Name: benchmark_transactions_created_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX benchmark_transactions_created_at_idx ON public.benchmark_transactions USING btree (created_at DESC);

--
-- Name: benchmark_transactions_metrics_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX benchmark_transactions_metrics_idx ON public.benchmark_transactions USING gin (metrics jsonb_path_ops);

--
-- Name: benchmark_transactions_model_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX benchmark_transactions_model_idx ON public.benchmark_transactions USING btree (model_version, created_at DESC);

--
-- Name: benchmark_transactions_tags_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX benchmark_transactions_tags_idx ON public.benchmark_transactions USING gin (tags);

--
-- Name: benchmark_acknowledgements benchmark_acknowledgements_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER benchmark_acknowledgements_append_only BEFORE DELETE OR UPDATE OR TRUNCATE ON public.benchmark_acknowledgements FOR EACH STATEMENT EXECUTE FUNCTION public.benchmark_reject_change();

--
-- Name: benchmark_examples benchmark_examples_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER benchmark_examples_append_only BEFORE DELETE OR UPDATE OR TRUNCATE ON public.benchmark_examples FOR EACH STATEMENT EXECUTE FUNCTION public.benchmark_reject_change();

--
-- Name: benchmark_examples benchmark_examples_transaction_exists; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER benchmark_examples_transaction_exists AFTER INSERT ON public.benchmark_examples REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION public.benchmark_require_transactions();

--
-- Name: benchmark_findings benchmark_findings_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER benchmark_findings_append_only BEFORE DELETE OR UPDATE OR TRUNCATE ON public.benchmark_findings FOR EACH STATEMENT EXECUTE FUNCTION public.benchmark_reject_change();

--
-- Name: benchmark_findings benchmark_findings_transaction_exists; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER benchmark_findings_transaction_exists AFTER INSERT ON public.benchmark_findings REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION public.benchmark_require_transactions();

--
-- Name: benchmark_snapshot_events benchmark_snapshot_events_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER benchmark_snapshot_events_append_only BEFORE DELETE OR UPDATE OR TRUNCATE ON public.benchmark_snapshot_events FOR EACH STATEMENT EXECUTE FUNCTION public.benchmark_reject_change();

--
-- Name: benchmark_snapshot_events benchmark_snapshot_events_transaction_exists; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER benchmark_snapshot_events_transaction_exists AFTER INSERT ON public.benchmark_snapshot_events REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION public.benchmark_require_transactions();

--
-- Name: benchmark_snapshots benchmark_snapshots_guard_rows; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER benchmark_snapshots_guard_rows BEFORE DELETE OR UPDATE ON public.benchmark_snapshots FOR EACH ROW EXECUTE FUNCTION public.benchmark_snapshots_guard();

--
-- Name: benchmark_snapshots benchmark_snapshots_guard_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER benchmark_snapshots_guard_truncate BEFORE TRUNCATE ON public.benchmark_snapshots FOR EACH STATEMENT EXECUTE FUNCTION public.benchmark_snapshots_guard();

--
-- Name: benchmark_snapshots benchmark_snapshots_transaction_exists; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER benchmark_snapshots_transaction_exists AFTER INSERT ON public.benchmark_snapshots REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION public.benchmark_require_transactions();

--
-- Name: benchmark_transactions benchmark_transactions_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER benchmark_transactions_append_only BEFORE DELETE OR UPDATE OR TRUNCATE ON public.benchmark_transactions FOR EACH STATEMENT EXECUTE FUNCTION public.benchmark_reject_change();

--
-- PostgreSQL database dump complete
--
