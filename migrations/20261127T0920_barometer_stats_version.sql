-- A version per round, bumped by every statement that changes its answers (the same triggers as
-- barometer_stat_counts), so computed statistics can be cached per round and version: a request reads
-- one small row instead of re-summing the counts, and a new answer makes the next request recompute.
create table barometer_stat_versions (
  round_id bigint primary key references barometer_rounds(id) on delete cascade,
  version bigint not null
);

create or replace function barometer_stat_counts_apply() returns trigger language plpgsql as $$
begin
  if tg_op in ('DELETE', 'UPDATE') then
    insert into barometer_stat_counts as s (round_id, county_number, org_kind, sector, size_band, item, option, n)
    select o.round_id, coalesce(o.county_number, ''), o.org_kind, o.sector, o.size_band, i.item, i.option, -count(*)
      from old_rows o
      cross join lateral barometer_answer_items(o.innovated, o.innovation_count, o.under_development, o.latest, o.drivers, o.barriers, o.sector, o.size_band) i
     group by 1, 2, 3, 4, 5, 6, 7
     order by 1, 2, 3, 4, 5, 6, 7
    on conflict (round_id, county_number, org_kind, sector, size_band, item, option) do update set n = s.n + excluded.n;
    insert into barometer_stat_versions as v (round_id, version)
    select distinct round_id, 1 from old_rows order by 1
    on conflict (round_id) do update set version = v.version + 1;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into barometer_stat_counts as s (round_id, county_number, org_kind, sector, size_band, item, option, n)
    select a.round_id, coalesce(a.county_number, ''), a.org_kind, a.sector, a.size_band, i.item, i.option, count(*)
      from new_rows a
      cross join lateral barometer_answer_items(a.innovated, a.innovation_count, a.under_development, a.latest, a.drivers, a.barriers, a.sector, a.size_band) i
     group by 1, 2, 3, 4, 5, 6, 7
     order by 1, 2, 3, 4, 5, 6, 7
    on conflict (round_id, county_number, org_kind, sector, size_band, item, option) do update set n = s.n + excluded.n;
    insert into barometer_stat_versions as v (round_id, version)
    select distinct round_id, 1 from new_rows order by 1
    on conflict (round_id) do update set version = v.version + 1;
  end if;
  return null;
end $$;

insert into barometer_stat_versions (round_id, version) select distinct round_id, 1 from barometer_answers;
