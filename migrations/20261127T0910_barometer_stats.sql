-- The barometer's statistics (issue 6, items 4–6): per round, the number of answers choosing each
-- option of each item in each finest cell (county × organisation kind × sector × size band). Every
-- published figure is a sum over these cells, so a statistics page reads a few hundred rows however
-- many answers the round has (a round of 100,000 answers has ~40,000 rows here, and a page sums a
-- subset of them), instead of unnesting every answer's jsonb on each request.
--
-- Kept by statement-level triggers on barometer_answers (insert, update, delete), so every writer
-- (the questionnaire's submit, the CLI, the benchmark's bulk loader) keeps it right in its own
-- transaction. Rows of one statement are added in key order, so concurrent submissions lock the
-- shared rows in the same order and cannot deadlock each other.

-- An answer's (item, option) pairs. Item ids are the questionnaire's (src/barometer/questionnaire.ts):
-- yes/no items give 'yes'/'no'; the latest-innovation block gives one pair per chosen option of a list
-- and one per single choice; a scale gives '1'–'6' or 'dont_know' (stored as JSON null). Items not
-- asked (null columns) give nothing.
create function barometer_answer_items(
  innovated boolean, innovation_count text, under_development boolean, latest jsonb, drivers jsonb, barriers jsonb, sector text, size_band text
) returns table (item text, option text)
language sql immutable parallel safe as $$
  select 'innovated', case when innovated then 'yes' else 'no' end
  union all select 'innovationCount', innovation_count where innovation_count is not null
  union all select 'underDevelopment', case when under_development then 'yes' else 'no' end where under_development is not null
  union all
  select 'latest.' || e.key, case when jsonb_typeof(e.value) = 'array' then x.v else e.value #>> '{}' end
    from jsonb_each(case when jsonb_typeof(latest) = 'object' then latest else '{}'::jsonb end) e
    left join lateral jsonb_array_elements_text(case when jsonb_typeof(e.value) = 'array' then e.value else '[]'::jsonb end) x(v) on true
   where (jsonb_typeof(e.value) = 'array' and x.v is not null) or jsonb_typeof(e.value) in ('string', 'number', 'boolean')
  union all select 'drivers.' || d.key, coalesce(d.value #>> '{}', 'dont_know') from jsonb_each(drivers) d
  union all select 'barriers.' || b.key, coalesce(b.value #>> '{}', 'dont_know') from jsonb_each(barriers) b
  union all select 'sector', sector
  union all select 'sizeBand', size_band
$$;

create table barometer_stat_counts (
  round_id bigint not null references barometer_rounds(id) on delete cascade,
  -- '' when the organisation has no county.
  county_number text not null,
  org_kind text not null,
  sector text not null,
  size_band text not null,
  item text not null,
  option text not null,
  n integer not null,
  primary key (round_id, county_number, org_kind, sector, size_band, item, option)
);
-- Trends read one item across rounds.
create index barometer_stat_counts_item_idx on barometer_stat_counts (item, round_id);

create function barometer_stat_counts_apply() returns trigger language plpgsql as $$
begin
  if tg_op in ('DELETE', 'UPDATE') then
    insert into barometer_stat_counts as s (round_id, county_number, org_kind, sector, size_band, item, option, n)
    select o.round_id, coalesce(o.county_number, ''), o.org_kind, o.sector, o.size_band, i.item, i.option, -count(*)
      from old_rows o
      cross join lateral barometer_answer_items(o.innovated, o.innovation_count, o.under_development, o.latest, o.drivers, o.barriers, o.sector, o.size_band) i
     group by 1, 2, 3, 4, 5, 6, 7
     order by 1, 2, 3, 4, 5, 6, 7
    on conflict (round_id, county_number, org_kind, sector, size_band, item, option) do update set n = s.n + excluded.n;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into barometer_stat_counts as s (round_id, county_number, org_kind, sector, size_band, item, option, n)
    select a.round_id, coalesce(a.county_number, ''), a.org_kind, a.sector, a.size_band, i.item, i.option, count(*)
      from new_rows a
      cross join lateral barometer_answer_items(a.innovated, a.innovation_count, a.under_development, a.latest, a.drivers, a.barriers, a.sector, a.size_band) i
     group by 1, 2, 3, 4, 5, 6, 7
     order by 1, 2, 3, 4, 5, 6, 7
    on conflict (round_id, county_number, org_kind, sector, size_band, item, option) do update set n = s.n + excluded.n;
  end if;
  return null;
end $$;

-- A trigger with transition tables takes one event only: three triggers, one function.
create trigger barometer_stat_counts_ins after insert on barometer_answers
  referencing new table as new_rows for each statement execute function barometer_stat_counts_apply();
create trigger barometer_stat_counts_upd after update on barometer_answers
  referencing old table as old_rows new table as new_rows for each statement execute function barometer_stat_counts_apply();
create trigger barometer_stat_counts_del after delete on barometer_answers
  referencing old table as old_rows for each statement execute function barometer_stat_counts_apply();

-- Answers already there (none in a fresh install; any in a database migrated mid-round).
insert into barometer_stat_counts (round_id, county_number, org_kind, sector, size_band, item, option, n)
select a.round_id, coalesce(a.county_number, ''), a.org_kind, a.sector, a.size_band, i.item, i.option, count(*)
  from barometer_answers a
  cross join lateral barometer_answer_items(a.innovated, a.innovation_count, a.under_development, a.latest, a.drivers, a.barriers, a.sector, a.size_band) i
 group by 1, 2, 3, 4, 5, 6, 7;

-- An organisation's own results and its members' peer comparison read its answers in a round.
create index barometer_answers_round_org_idx on barometer_answers (round_id, org_id);
