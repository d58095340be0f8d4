-- Foundation: organisations, users, memberships, sessions, API tokens, audit log.

create extension if not exists pg_trgm;

-- Norwegian organisation numbers end in a MOD11 check digit (weights 3,2,7,6,5,4,3,2). The
-- application checks it too; the constraint makes sure no path into the database skips the check.
create function is_valid_orgnr(value text) returns boolean
language sql immutable parallel safe as $$
  select value ~ '^[0-9]{9}$' and (
    with s as (
      select (substr(value,1,1)::int*3 + substr(value,2,1)::int*2 + substr(value,3,1)::int*7 +
              substr(value,4,1)::int*6 + substr(value,5,1)::int*5 + substr(value,6,1)::int*4 +
              substr(value,7,1)::int*3 + substr(value,8,1)::int*2) % 11 as r
    )
    select case when r = 0 then 0 when r = 1 then -1 else 11 - r end = substr(value,9,1)::int from s
  )
$$;

-- array_to_string is only STABLE in PostgreSQL's catalogue; for text[] it is in fact immutable, which a
-- generated column needs.
create function org_search_text(name text, name_sami text, aliases text[], orgnr text) returns text
language sql immutable parallel safe as $$
  select lower(name || ' ' || coalesce(name_sami, '') || ' ' || array_to_string(aliases, ' ') || ' ' || coalesce(orgnr, ''))
$$;

create table counties (
  number text primary key check (number ~ '^[0-9]{2}$'),
  name text not null,
  orgnr text
);

create table organisations (
  id bigint generated always as identity primary key,
  orgnr text unique check (orgnr is null or is_valid_orgnr(orgnr)),
  name text not null check (length(name) between 1 and 200),
  name_sami text,
  aliases text[] not null default '{}',
  kind text not null check (kind in ('municipality','county_authority','state_agency','other_public','business','research','civil_society')),
  org_form text,
  county_number text references counties(number),
  municipality_number text unique check (municipality_number ~ '^[0-9]{4}$'),
  parent_id bigint references organisations(id),
  website text,
  country text not null default 'NO' check (country ~ '^[A-Z]{2}$'),
  -- 'reference' rows are refreshed from the committed reference data; others belong to users or imports.
  source text not null,
  created_by bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Norwegian public bodies carry an orgnr. The exceptions: foreign organisations, partners, and a
  -- municipality whose number the reference data lacks (Haram, re-established 2024), keyed by kommunenummer.
  check (orgnr is not null or country <> 'NO' or kind in ('business','research','civil_society') or municipality_number is not null),
  search_text text generated always as (org_search_text(name, name_sami, aliases, orgnr)) stored
);
create index organisations_kind_idx on organisations (kind);
create index organisations_county_idx on organisations (county_number);
create index organisations_search_trgm_idx on organisations using gin (search_text gin_trgm_ops);

create table users (
  id bigint generated always as identity primary key,
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254),
  name text not null check (length(name) between 1 and 200),
  password_hash text,
  platform_role text check (platform_role in ('admin','analyst')),
  locale text check (locale in ('nb','nn','en')),
  created_at timestamptz not null default now(),
  disabled_at timestamptz
);
create unique index users_email_idx on users (lower(email));

alter table organisations add constraint organisations_created_by_fk foreign key (created_by) references users(id);

create table memberships (
  user_id bigint not null references users(id) on delete cascade,
  organisation_id bigint not null references organisations(id) on delete cascade,
  role text not null check (role in ('member','org_admin')),
  -- 'pending': asked to join, waits for an org admin; 'active': approved or invited by one.
  status text not null check (status in ('pending','active')),
  decided_by bigint references users(id),
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  primary key (user_id, organisation_id)
);
create index memberships_org_idx on memberships (organisation_id, status);

create table sessions (
  id_hash bytea primary key,
  user_id bigint not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now()
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id bigint generated always as identity primary key,
  user_id bigint not null references users(id) on delete cascade,
  name text not null,
  token_hash bytea not null unique,
  prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_user_id bigint references users(id) on delete set null,
  action text not null,
  entity_type text not null,
  entity_id text,
  details jsonb not null default '{}',
  request_id text
);
create index audit_log_entity_idx on audit_log (entity_type, entity_id);
create index audit_log_at_idx on audit_log (at desc);
