-- Case search: a weighted full-text vector per case and the facet values the search counts by,
-- kept up to date by refresh_case_search() after every write to a case or its children.

-- Accents off for search (é → e, ü → u, č → c), but æ ø å kept: in Norwegian they are letters of
-- their own («sår» is not «sar»), which the stock unaccent rules get wrong.
create function nytenk_fold(t text) returns text
language sql immutable parallel safe as $$
  select translate(lower(coalesce(t, '')),
    'áàâäãāéèêëēíìîïīóòôöõōúùûüūýÿçñčšžđŋŧǧǩʒ',
    'aaaaaaeeeeeiiiiioooooouuuuuyycncszdntgkz')
$$;

alter table cases
  add column search_vector tsvector,
  add column facet_main_themes text[] not null default '{}',
  add column facet_county text,
  add column facet_org_kind text,
  add column facet_actor_types text[] not null default '{}',
  add column facet_year integer,
  add column facet_has_lessons boolean not null default false,
  add column adoption_count integer not null default 0;

-- Measured (STACK-NOTES.md): a tsvector stored out of line costs a TOAST fetch per match; kept
-- inline, exact ranking is 2–6× faster.
alter table cases alter column search_vector set storage main;

create index cases_search_idx on cases using gin (search_vector);
create index cases_facet_themes_idx on cases using gin (facet_main_themes);

/** Rebuilds the search vector and facet values of the given cases from the case and its children. */
create function refresh_case_search(ids bigint[]) returns void
language sql as $$
  update cases c set
    search_vector =
      setweight(to_tsvector(x.cfg, nytenk_fold(c.title)), 'A') ||
      setweight(to_tsvector(x.cfg, nytenk_fold(c.summary || ' ' || x.theme_text || ' ' || x.org_text)), 'B') ||
      setweight(to_tsvector(x.cfg, nytenk_fold(c.problem || ' ' || c.what_is_new || ' ' || c.challenges || ' ' || c.lessons || ' ' || coalesce(c.stopped_reason, ''))), 'C') ||
      setweight(to_tsvector(x.cfg, nytenk_fold(c.success_conditions || ' ' || c.how_to_replicate || ' ' || x.partner_text || ' ' || x.benefit_text || ' ' || coalesce(c.cofog, ''))), 'D'),
    facet_main_themes = x.main_themes,
    facet_county = x.county,
    facet_org_kind = x.org_kind,
    facet_actor_types = x.actor_types,
    facet_year = extract(year from c.taken_into_use_on)::int,
    facet_has_lessons = (c.lessons <> '' or c.challenges <> ''),
    adoption_count = x.adoptions
  from (
    select c2.id,
      case when c2.language = 'en' then 'english'::regconfig else 'norwegian'::regconfig end as cfg,
      coalesce((select string_agg(l.label_nb || ' ' || l.label_nn || ' ' || l.label_en || ' ' ||
                                  array_to_string(l.synonyms_nb, ' ') || ' ' || array_to_string(l.synonyms_nn, ' '), ' ')
                from case_themes ct join los_concepts l on l.uri = ct.theme_uri where ct.case_id = c2.id), '') as theme_text,
      o.name || ' ' || coalesce(o.name_sami, '') || ' ' || coalesce((select string_agg(co.name, ' ')
                from case_coowners cc join organisations co on co.id = cc.org_id where cc.case_id = c2.id), '') as org_text,
      coalesce((select string_agg(p.name, ' ') from case_partners p where p.case_id = c2.id), '') as partner_text,
      coalesce((select string_agg(b.description || ' ' || coalesce(b.method, ''), ' ') from case_benefits b where b.case_id = c2.id), '') as benefit_text,
      coalesce((select array_agg(distinct coalesce(l.main_theme, l.uri)) from case_themes ct join los_concepts l on l.uri = ct.theme_uri
                where ct.case_id = c2.id and coalesce(l.main_theme, l.uri) is not null), '{}') as main_themes,
      o.county_number as county,
      o.kind as org_kind,
      coalesce((select array_agg(distinct p.actor_type) from case_partners p where p.case_id = c2.id), '{}') as actor_types,
      (select count(*)::int from adoptions a where a.source_case_id = c2.id) as adoptions
    from cases c2 join organisations o on o.id = c2.owner_org_id
    where c2.id = any(ids)
  ) x
  where c.id = x.id
$$;
