-- Issue 14: «who may read a case» is written once, in src/cases/cases.access.ts. The partner
-- profiles counted «published and public» cases with their own copy of that rule (in the refresh and
-- in the cases trigger). They now call case_readable_by_anyone(c cases), which the migrator derives
-- from the TypeScript rule (caseReadableBy(ANONYMOUS)) and installs after the migrations at every
-- start (src/db/derived.ts), refreshing all profiles when the rule changed. The function does not
-- exist yet while this file runs, so bodies are not checked here; nothing calls them before it does.
set local check_function_bodies = off;

create or replace function refresh_partner_profiles_unlocked(ids bigint[]) returns void
language sql as $$
  with o as (select distinct x as id from unnest(ids) x where x is not null),
  pc as (
    select o.id as org_id, c.id as case_id, c.facet_main_themes, c.looking_for_partners, c.partner_needs
    from o join cases c on c.owner_org_id = o.id
    where case_readable_by_anyone(c)
    union
    select o.id, c.id, c.facet_main_themes, c.looking_for_partners, c.partner_needs
    from o join case_coowners cc on cc.org_id = o.id join cases c on c.id = cc.case_id
    where case_readable_by_anyone(c)
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

create or replace function partner_profiles_cases_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform refresh_partner_profiles(array(select n.owner_org_id from new_rows n where case_readable_by_anyone(n::cases)));
  elsif tg_op = 'DELETE' then
    perform refresh_partner_profiles(array(select o.owner_org_id from old_rows o));
  else
    perform refresh_partner_profiles(array(
      with changed as (
        select n.id, n.owner_org_id as new_owner, o.owner_org_id as old_owner
        from new_rows n join old_rows o on o.id = n.id
        where row(n.owner_org_id, case_readable_by_anyone(n::cases), n.facet_main_themes, n.looking_for_partners, n.partner_needs)
              is distinct from
              row(o.owner_org_id, case_readable_by_anyone(o::cases), o.facet_main_themes, o.looking_for_partners, o.partner_needs)
      )
      select new_owner from changed
      union select old_owner from changed
      union select cc.org_id from changed join case_coowners cc on cc.case_id = changed.id));
  end if;
  return null;
end $$;
