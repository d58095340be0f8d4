-- Case bank: innovations with what was learned, their reuse (adoptions), trials and full history.

-- Digdir's LOS vocabulary of public-service themes (loaded from resources/los/).
create table los_concepts (
  uri text primary key,
  kind text not null check (kind in ('tema','ord','hendelse')),
  label_nb text not null,
  label_nn text not null,
  label_en text not null,
  synonyms_nb text[] not null default '{}',
  synonyms_nn text[] not null default '{}',
  broader text[] not null default '{}',
  -- The top-level theme (one of the 14 main themes) this concept sits under; itself for a main theme.
  main_theme text
);

create table cases (
  id bigint generated always as identity primary key,
  owner_org_id bigint not null references organisations(id),
  contact_user_id bigint references users(id),
  title text not null check (length(title) between 1 and 200),
  summary text not null default '' check (length(summary) <= 2000),
  problem text not null default '',
  what_is_new text not null default '',
  types text[] not null default '{}' check (types <@ array['service','product','process','organisation','communication']),
  novelty text check (novelty in ('new','adapted','copied')),
  novelty_source_case_id bigint references cases(id) on delete set null,
  novelty_source_text text,
  stage text check (stage in ('identify','ideas','proposal','implement','evaluate','diffuse')),
  status text not null default 'active' check (status in ('active','in_use','stopped','archived')),
  taken_into_use_on date,
  stopped_reason text,
  initiators text[] not null default '{}' check (initiators <@ array['leaders','employees','users','business','politicians','civil_society','research']),
  evaluated boolean,
  evaluation_how text,
  evaluation_link text,
  actively_spread boolean,
  spread_how text,
  challenges text not null default '',
  lessons text not null default '',
  success_conditions text not null default '',
  how_to_replicate text not null default '',
  cost_nok numeric(14,0) check (cost_nok >= 0),
  funding_sources text[] not null default '{}',
  links jsonb not null default '[]',
  contact_name text,
  contact_email text,
  contact_phone text,
  visibility text not null default 'public' check (visibility in ('public','public_sector','own_org')),
  language text not null default 'nb' check (language in ('nb','nn','en')),
  cofog text,
  published_at timestamptz,
  source text not null default 'user',
  source_key text,
  source_url text,
  version integer not null default 1,
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- A stopped innovation keeps its record and must say why and what was learned.
  constraint stopped_needs_reason_and_lessons check (status <> 'stopped' or (coalesce(stopped_reason,'') <> '' and lessons <> ''))
);
create index cases_owner_idx on cases (owner_org_id);
create index cases_published_idx on cases (published_at desc nulls last, id desc);
create unique index cases_source_key_idx on cases (source, source_key) where source_key is not null;

create table case_coowners (
  case_id bigint not null references cases(id) on delete cascade,
  org_id bigint not null references organisations(id),
  primary key (case_id, org_id)
);
create index case_coowners_org_idx on case_coowners (org_id);

create table case_themes (
  case_id bigint not null references cases(id) on delete cascade,
  theme_uri text not null references los_concepts(uri),
  primary key (case_id, theme_uri)
);
create index case_themes_theme_idx on case_themes (theme_uri);

create table case_partners (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases(id) on delete cascade,
  position integer not null,
  org_id bigint references organisations(id),
  name text not null,
  actor_type text not null check (actor_type in ('public','business','research','civil_society','citizens'))
);
create index case_partners_case_idx on case_partners (case_id);

create table case_benefits (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases(id) on delete cascade,
  position integer not null,
  category text not null check (category in ('quality','efficiency','avoided_cost','employee_satisfaction','citizen_influence','business_value','other')),
  realised boolean not null,
  description text not null default '',
  value numeric,
  unit text,
  method text
);
create index case_benefits_case_idx on case_benefits (case_id);

create table case_trials (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases(id) on delete cascade,
  title text not null,
  hypothesis text not null,
  method text not null default '',
  measure text not null default '',
  result text check (result in ('confirmed','refuted','inconclusive')),
  decision text check (decision in ('scale','adjust','stop')),
  started_on date,
  ended_on date,
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  check (ended_on is null or started_on is null or ended_on >= started_on)
);
create index case_trials_case_idx on case_trials (case_id);

-- Every change to a case: who, when, and each field's old and new value. Nothing is lost by an edit.
create table case_versions (
  case_id bigint not null references cases(id) on delete cascade,
  version integer not null,
  at timestamptz not null default now(),
  user_id bigint references users(id),
  action text not null,
  changes jsonb not null,
  primary key (case_id, version)
);

create table adoptions (
  id bigint generated always as identity primary key,
  source_case_id bigint not null references cases(id) on delete cascade,
  adopter_org_id bigint not null references organisations(id),
  adopted_on date not null,
  changes text not null default '',
  result text not null default '',
  adopter_case_id bigint references cases(id) on delete set null,
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  unique (source_case_id, adopter_org_id)
);
create index adoptions_adopter_idx on adoptions (adopter_org_id);
create index adoptions_adopter_case_idx on adoptions (adopter_case_id);
