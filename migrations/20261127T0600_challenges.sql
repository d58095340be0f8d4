-- Challenges: a public body posts a need; peers answer "same need" (and may join as co-owners),
-- "we solved this" (a case), or partners send proposals. A challenge moves open → dialogue →
-- procurement or partnership → closed (solved / not solved / merged into another), each move kept
-- with its reason and date.

create table challenges (
  id bigint generated always as identity primary key,
  owner_org_id bigint not null references organisations(id),
  created_by bigint references users(id) on delete set null,
  title text not null check (length(title) between 1 and 200),
  description text not null default '' check (length(description) <= 10000),
  users_concerned text not null default '' check (length(users_concerned) <= 2000),
  looking_for text[] not null default '{}' check (looking_for <@ array['peers','solutions','suppliers','research','civil_society']),
  deadline date,
  contact_name text,
  contact_email text,
  language text not null default 'nb' check (language in ('nb','nn','en')),
  state text not null default 'open' check (state in ('open','dialogue','procurement','partnership','closed')),
  outcome text check (outcome in ('solved','not_solved','merged')),
  merged_into_id bigint references challenges(id) on delete set null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- A closed challenge says how it ended; an open one has no outcome.
  check ((state = 'closed') = (outcome is not null)),
  check ((outcome = 'merged') = (merged_into_id is not null)),
  check (merged_into_id <> id)
);
create index challenges_state_idx on challenges (state, created_at desc);
-- The list's order (newest first) without sorting every challenge.
create index challenges_created_idx on challenges (created_at desc, id desc);
create index challenges_owner_idx on challenges (owner_org_id);

create table challenge_themes (
  challenge_id bigint not null references challenges(id) on delete cascade,
  theme_uri text not null references los_concepts(uri),
  primary key (challenge_id, theme_uri)
);
create index challenge_themes_theme_idx on challenge_themes (theme_uri);

-- Public bodies that joined with "we have the same need": they own the challenge with its poster.
create table challenge_coowners (
  challenge_id bigint not null references challenges(id) on delete cascade,
  org_id bigint not null references organisations(id),
  joined_at timestamptz not null default now(),
  primary key (challenge_id, org_id)
);
create index challenge_coowners_org_idx on challenge_coowners (org_id);

create table challenge_state_changes (
  id bigint generated always as identity primary key,
  challenge_id bigint not null references challenges(id) on delete cascade,
  from_state text,
  to_state text not null,
  outcome text,
  merged_into_id bigint references challenges(id) on delete set null,
  reason text not null default '',
  changed_on date not null default current_date,
  changed_by bigint references users(id) on delete set null,
  at timestamptz not null default now()
);
create index challenge_state_changes_idx on challenge_state_changes (challenge_id, at);

create table challenge_responses (
  id bigint generated always as identity primary key,
  challenge_id bigint not null references challenges(id) on delete cascade,
  kind text not null check (kind in ('same_need','solved','proposal')),
  org_id bigint not null references organisations(id),
  user_id bigint references users(id) on delete set null,
  body text not null default '' check (length(body) <= 5000),
  case_id bigint references cases(id) on delete cascade,
  -- A proposal is seen by the challenge's owners and the proposer only, unless made public.
  public boolean not null default true,
  created_at timestamptz not null default now(),
  check ((kind = 'solved') = (case_id is not null)),
  check (kind = 'proposal' or public)
);
create index challenge_responses_idx on challenge_responses (challenge_id, created_at);
create index challenge_responses_case_idx on challenge_responses (case_id) where case_id is not null;
-- One "same need" per organisation and one link per solving case: a second would only repeat it.
create unique index challenge_responses_same_need_uq on challenge_responses (challenge_id, org_id) where kind = 'same_need';
create unique index challenge_responses_solved_uq on challenge_responses (challenge_id, case_id) where kind = 'solved';
