-- Partner search: find organisations by kind, county, the LOS themes they work on and whether they
-- are looking for partners.
--
-- A case says it is looking for partners, and which kinds (the case record's actor types). A
-- challenge needs no flag of its own: posting one *is* asking for partners, and it already says
-- whom it hopes to hear from (looking_for, at least one required). While it is open or in dialogue
-- it is looking; in procurement or partnership it has chosen its way, and closed it is done. A
-- second flag could only disagree with the state.

alter table cases
  add column looking_for_partners boolean not null default false,
  add column partner_needs text[] not null default '{}'
    check (partner_needs <@ array['public','business','research','civil_society','citizens']);

-- What an anonymous visitor may know about an organisation's work, one row per organisation that
-- has any (most of 100k partner organisations have none, so the table stays small and a theme or
-- "looking" filter starts here instead of scanning every organisation). Only published public
-- cases count; challenges are readable by all. Kept current by the triggers below.
create table partner_profiles (
  org_id bigint primary key references organisations(id) on delete cascade,
  public_cases integer not null default 0,
  open_challenges integer not null default 0,
  -- Main LOS themes of its public cases and its challenges, the most frequent first.
  themes text[] not null default '{}',
  looking boolean not null default false,
  -- Kinds of partner its looking cases want (actor types) and what its looking challenges want.
  case_needs text[] not null default '{}',
  challenge_needs text[] not null default '{}'
);
create index partner_profiles_themes_idx on partner_profiles using gin (themes);
create index partner_profiles_looking_idx on partner_profiles (org_id) where looking;

-- The refresh reads an organisation's public cases from the index alone (Oslo owns 12k of 100k
-- bench cases; case rows are wide).
create index cases_owner_public_partner_idx on cases (owner_org_id) include (facet_main_themes, looking_for_partners, partner_needs)
  where published_at is not null and visibility = 'public';

/** Recomputes the partner profiles of the given organisations from their cases and challenges. */
create function refresh_partner_profiles(ids bigint[]) returns void
language sql as $$
  with o as (select distinct x as id from unnest(ids) x where x is not null),
  pc as (
    select o.id as org_id, c.id as case_id, c.facet_main_themes, c.looking_for_partners, c.partner_needs
    from o join cases c on c.owner_org_id = o.id
    where c.published_at is not null and c.visibility = 'public'
    union
    select o.id, c.id, c.facet_main_themes, c.looking_for_partners, c.partner_needs
    from o join case_coowners cc on cc.org_id = o.id join cases c on c.id = cc.case_id
    where c.published_at is not null and c.visibility = 'public'
  ),
  ch as (
    select o.id as org_id, h.id as challenge_id, h.state, h.looking_for
    from o join challenges h on h.owner_org_id = o.id
    union
    select o.id, h.id, h.state, h.looking_for
    from o join challenge_coowners cc on cc.org_id = o.id join challenges h on h.id = cc.challenge_id
  ),
  th as (
    select pc.org_id, t.theme from pc cross join unnest(pc.facet_main_themes) as t(theme)
    union all
    select ch.org_id, coalesce(l.main_theme, l.uri)
    from ch join challenge_themes ct on ct.challenge_id = ch.challenge_id join los_concepts l on l.uri = ct.theme_uri
  ),
  theme_agg as (
    select org_id, array_agg(theme order by n desc, theme) as themes
    from (select org_id, theme, count(*) as n from th where theme is not null group by org_id, theme) x
    group by org_id
  ),
  case_agg as (
    select org_id, count(*)::int as public_cases, bool_or(looking_for_partners) as looking from pc group by org_id
  ),
  case_needs as (
    select pc.org_id, array_agg(distinct n order by n) as needs
    from pc cross join unnest(pc.partner_needs) as n where pc.looking_for_partners group by pc.org_id
  ),
  challenge_agg as (
    select org_id, count(*) filter (where state <> 'closed')::int as open_challenges, bool_or(state in ('open','dialogue')) as looking
    from ch group by org_id
  ),
  challenge_needs as (
    select ch.org_id, array_agg(distinct n order by n) as needs
    from ch cross join unnest(ch.looking_for) as n where ch.state in ('open','dialogue') group by ch.org_id
  ),
  agg as (
    select o.id as org_id,
      coalesce(ca.public_cases, 0) as public_cases,
      coalesce(ha.open_challenges, 0) as open_challenges,
      coalesce(ta.themes, '{}') as themes,
      coalesce(ca.looking, false) or coalesce(ha.looking, false) as looking,
      coalesce(cn.needs, '{}') as case_needs,
      coalesce(hn.needs, '{}') as challenge_needs
    from o
    left join case_agg ca on ca.org_id = o.id
    left join case_needs cn on cn.org_id = o.id
    left join challenge_agg ha on ha.org_id = o.id
    left join challenge_needs hn on hn.org_id = o.id
    left join theme_agg ta on ta.org_id = o.id
  ),
  gone as (
    delete from partner_profiles p using agg
    where p.org_id = agg.org_id and agg.public_cases = 0 and agg.open_challenges = 0 and agg.themes = '{}' and not agg.looking
  )
  insert into partner_profiles (org_id, public_cases, open_challenges, themes, looking, case_needs, challenge_needs)
  select org_id, public_cases, open_challenges, themes, looking, case_needs, challenge_needs from agg
  where public_cases > 0 or open_challenges > 0 or themes <> '{}' or looking
  on conflict (org_id) do update set
    public_cases = excluded.public_cases,
    open_challenges = excluded.open_challenges,
    themes = excluded.themes,
    looking = excluded.looking,
    case_needs = excluded.case_needs,
    challenge_needs = excluded.challenge_needs
$$;

-- Statement-level triggers with transition tables: a bulk import refreshes each organisation once
-- per statement, not once per row. Two transactions writing cases of the same organisation at the
-- same moment may leave its profile one write behind until its next write (no lock is taken: a
-- stale count is a smaller harm than a deadlock on save).

create function partner_profiles_cases_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform refresh_partner_profiles(array(select n.owner_org_id from new_rows n where n.published_at is not null and n.visibility = 'public'));
  elsif tg_op = 'DELETE' then
    perform refresh_partner_profiles(array(select o.owner_org_id from old_rows o));
  else
    perform refresh_partner_profiles(array(
      with changed as (
        select n.id, n.owner_org_id as new_owner, o.owner_org_id as old_owner
        from new_rows n join old_rows o on o.id = n.id
        where row(n.owner_org_id, n.published_at is not null and n.visibility = 'public', n.facet_main_themes, n.looking_for_partners, n.partner_needs)
              is distinct from
              row(o.owner_org_id, o.published_at is not null and o.visibility = 'public', o.facet_main_themes, o.looking_for_partners, o.partner_needs)
      )
      select new_owner from changed
      union select old_owner from changed
      union select cc.org_id from changed join case_coowners cc on cc.case_id = changed.id));
  end if;
  return null;
end $$;
create trigger partner_profiles_cases_ins after insert on cases referencing new table as new_rows
  for each statement execute function partner_profiles_cases_changed();
create trigger partner_profiles_cases_upd after update on cases referencing old table as old_rows new table as new_rows
  for each statement execute function partner_profiles_cases_changed();
create trigger partner_profiles_cases_del after delete on cases referencing old table as old_rows
  for each statement execute function partner_profiles_cases_changed();

create function partner_profiles_org_rows_changed() returns trigger language plpgsql as $$
begin
  -- case_coowners and challenge_coowners: the organisation that joined or left.
  if tg_op in ('INSERT', 'UPDATE') then
    perform refresh_partner_profiles(array(select n.org_id from new_rows n));
  end if;
  if tg_op in ('DELETE', 'UPDATE') then
    perform refresh_partner_profiles(array(select o.org_id from old_rows o));
  end if;
  return null;
end $$;
create trigger partner_profiles_case_coowners_ins after insert on case_coowners referencing new table as new_rows
  for each statement execute function partner_profiles_org_rows_changed();
create trigger partner_profiles_case_coowners_del after delete on case_coowners referencing old table as old_rows
  for each statement execute function partner_profiles_org_rows_changed();
create trigger partner_profiles_challenge_coowners_ins after insert on challenge_coowners referencing new table as new_rows
  for each statement execute function partner_profiles_org_rows_changed();
create trigger partner_profiles_challenge_coowners_del after delete on challenge_coowners referencing old table as old_rows
  for each statement execute function partner_profiles_org_rows_changed();

create function partner_profiles_challenges_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform refresh_partner_profiles(array(select n.owner_org_id from new_rows n));
  elsif tg_op = 'DELETE' then
    perform refresh_partner_profiles(array(select o.owner_org_id from old_rows o));
  else
    perform refresh_partner_profiles(array(
      with changed as (
        select n.id, n.owner_org_id as new_owner, o.owner_org_id as old_owner
        from new_rows n join old_rows o on o.id = n.id
        where row(n.owner_org_id, n.state, n.looking_for) is distinct from row(o.owner_org_id, o.state, o.looking_for)
      )
      select new_owner from changed
      union select old_owner from changed
      union select cc.org_id from changed join challenge_coowners cc on cc.challenge_id = changed.id));
  end if;
  return null;
end $$;
create trigger partner_profiles_challenges_ins after insert on challenges referencing new table as new_rows
  for each statement execute function partner_profiles_challenges_changed();
create trigger partner_profiles_challenges_upd after update on challenges referencing old table as old_rows new table as new_rows
  for each statement execute function partner_profiles_challenges_changed();
create trigger partner_profiles_challenges_del after delete on challenges referencing old table as old_rows
  for each statement execute function partner_profiles_challenges_changed();

-- A challenge's themes changed: its owners' profiles. (Transition tables are read only in the
-- branch of the trigger's own operation: an insert trigger has no old rows.)
create function partner_profiles_challenge_themes_changed() returns trigger language plpgsql as $$
declare
  ids bigint[];
begin
  if tg_op = 'INSERT' then
    ids := array(select distinct challenge_id from new_rows);
  else
    ids := array(select distinct challenge_id from old_rows);
  end if;
  perform refresh_partner_profiles(array(
    select h.owner_org_id from challenges h where h.id = any(ids)
    union
    select cc.org_id from challenge_coowners cc where cc.challenge_id = any(ids)));
  return null;
end $$;
create trigger partner_profiles_challenge_themes_ins after insert on challenge_themes referencing new table as new_rows
  for each statement execute function partner_profiles_challenge_themes_changed();
create trigger partner_profiles_challenge_themes_del after delete on challenge_themes referencing old table as old_rows
  for each statement execute function partner_profiles_challenge_themes_changed();

-- Everything already there.
select refresh_partner_profiles(array(
  select owner_org_id from cases where published_at is not null and visibility = 'public'
  union select cc.org_id from case_coowners cc
  union select owner_org_id from challenges
  union select org_id from challenge_coowners));
