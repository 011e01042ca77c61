-- benchledger 0002: regression checks.
--
--   detect_regression()          the seed's baseline comparison, with direction and threshold
--   benchmark_findings           the verdicts of `benchledger check`, kept with the runs they judge
--   benchmark_acknowledgements   expected changes that should stop failing `check`
--
-- Both tables are append-only, like the log: a verdict or an acknowledgement is history.

-- The current version of a config against its baseline version (or, with none marked or
-- when the current version is the baseline, the version before the current one), for one
-- metric (a dot path for nested metrics). A regression is a change in the bad direction
-- of at least p_threshold, absolute or, with p_relative, as a fraction of the baseline.
create function detect_regression(
  p_model_version   text,
  p_dataset_version text,
  p_prompt_version  text,
  p_environment     text,
  p_metric          text default 'f1',
  p_threshold       numeric default 0.05,
  p_direction       text default 'higher',
  p_relative        boolean default false)
returns table (
  metric text, current_version integer, current_value numeric, baseline_version integer,
  baseline_value numeric, delta numeric, threshold numeric, is_regression boolean)
language plpgsql stable
as $$
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

create table benchmark_findings (
  id                      uuid primary key default gen_random_uuid(),
  created_at              timestamptz not null default now(),
  check_id                uuid not null,
  transaction_id          uuid not null,
  baseline_transaction_id uuid,
  model_version           text not null,
  dataset_version         text not null,
  prompt_version          text not null,
  environment             text not null,
  commit_sha              text,
  metric                  text not null,
  verdict                 text not null,
  method                  text not null,
  current_value           double precision,
  baseline_value          double precision,
  delta                   double precision,
  p_value                 double precision,
  q_value                 double precision,
  ci_low                  double precision,
  ci_high                 double precision,
  details                 jsonb not null default '{}',
  constraint benchmark_findings_verdict_check
    check (verdict in ('regression', 'sla', 'tradeoff', 'inconclusive', 'improvement', 'ok'))
);

create index benchmark_findings_transaction_idx on benchmark_findings (transaction_id);
create index benchmark_findings_created_at_idx on benchmark_findings (created_at desc);
create index benchmark_findings_open_idx on benchmark_findings
  (model_version, dataset_version, prompt_version, environment, created_at desc)
  where verdict in ('regression', 'sla', 'tradeoff');

create table benchmark_acknowledgements (
  id              uuid primary key default gen_random_uuid(),
  created_at      timestamptz not null default now(),
  model_version   text not null,
  dataset_version text not null,
  prompt_version  text not null,
  environment     text not null,
  metric          text not null,
  commit_sha      text not null,
  reason          text not null,
  acknowledged_by text,
  constraint benchmark_acknowledgements_reason_check check (btrim(reason) <> ''),
  constraint benchmark_acknowledgements_metric_check check (btrim(metric) <> ''),
  constraint benchmark_acknowledgements_commit_check check (btrim(commit_sha) <> '')
);

create index benchmark_acknowledgements_lookup_idx on benchmark_acknowledgements
  (commit_sha, model_version, dataset_version, prompt_version, environment, metric);

create trigger benchmark_findings_transaction_exists
  before insert on benchmark_findings
  for each row execute function benchmark_require_transaction();

create trigger benchmark_findings_append_only
  before update or delete or truncate on benchmark_findings
  for each statement execute function benchmark_reject_change();
create trigger benchmark_acknowledgements_append_only
  before update or delete or truncate on benchmark_acknowledgements
  for each statement execute function benchmark_reject_change();
