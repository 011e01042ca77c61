-- benchledger 0004: alert quality.
--
-- An acknowledgement now says what kind it is: `expected` (a real, intended change: the
-- alert was right) or `false-positive` (the alert was wrong). Both stop `check` failing on
-- the finding, as before; `benchledger alerts quality` counts them to measure how often
-- alerts are right. Rows acknowledged before this migration were all of the first kind.
--
-- ADD COLUMN with a constant default fills the existing rows without an UPDATE, so the
-- append-only trigger of benchmark_acknowledgements is not fired.
alter table benchmark_acknowledgements
  add column kind text not null default 'expected',
  add constraint benchmark_acknowledgements_kind_check check (kind in ('expected', 'false-positive'));

-- `alerts quality` finds the run after an alerted one among the findings of its config and metric.
create index benchmark_findings_config_metric_idx on benchmark_findings
  (model_version, dataset_version, prompt_version, environment, metric);
