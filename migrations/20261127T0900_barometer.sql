-- The innovation barometer's collection side (issue 6): rounds, workplaces invited by one-time link,
-- in-progress drafts, and the anonymous answers.
--
-- Unlinkability: an answer row carries the organisation, its kind and county, the sector and size
-- band, but nothing that joins it to the invitation or the leader's e-mail address: no foreign key or
-- id of the invitation, a random uuid for its own id, and only the day it was submitted. The draft
-- (which is keyed to the invitation) is deleted in the submitting transaction, the invitation's
-- tokens are deleted, and the invitation only learns "answered" — with no time and no reference. The
-- same transaction rewrites every invitation of that organisation in the round, so that even the
-- rows' transaction ids (xmin) cannot pick out which invitation was answered together with which
-- answer. Submissions are not written to the audit log.

create table barometer_rounds (
  id bigint generated always as identity primary key,
  key text not null unique check (key ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  title text not null check (length(title) between 1 and 200),
  year integer not null check (year between 2000 and 2100),
  -- The period the questions ask about ("the last two years").
  period_from date not null,
  period_to date not null,
  opens_on date not null,
  -- The last day answers are taken; from the day after, answers and drafts are frozen.
  closes_on date not null,
  questionnaire_version integer not null default 1,
  created_by bigint references users(id) on delete set null,
  created_at timestamptz not null default now(),
  check (period_from <= period_to),
  check (opens_on <= closes_on)
);

create table barometer_answers (
  id uuid primary key default gen_random_uuid(),
  round_id bigint not null references barometer_rounds(id),
  questionnaire_version integer not null,
  org_id bigint not null references organisations(id),
  org_kind text not null,
  county_number text,
  sector text not null,
  size_band text not null,
  language text not null,
  innovated boolean not null,
  innovation_count text,
  under_development boolean,
  latest jsonb,
  drivers jsonb not null,
  barriers jsonb not null,
  case_id bigint references cases(id) on delete set null,
  submitted_on date not null
);
create index barometer_answers_round_idx on barometer_answers (round_id);

-- A workplace (unit) invited to a round: its leader gets a one-time link by e-mail.
create table barometer_invitations (
  id bigint generated always as identity primary key,
  round_id bigint not null references barometer_rounds(id) on delete cascade,
  org_id bigint not null references organisations(id),
  unit_name text not null check (length(unit_name) between 1 and 200),
  sector text not null check (sector in ('municipal','county','state')),
  size_band text not null check (size_band in ('1-9','10-49','50-249','250+')),
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254),
  -- The language of the e-mails and the questionnaire's first page.
  language text not null default 'nb' check (language in ('nb','nn','en')),
  created_by bigint references users(id) on delete set null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  reminded_at timestamptz,
  reminder_count integer not null default 0,
  answered boolean not null default false
);
create unique index barometer_invitations_unit_uq on barometer_invitations (round_id, org_id, lower(email), lower(unit_name));
create index barometer_invitations_org_idx on barometer_invitations (round_id, org_id);

-- The links' secrets, stored as SHA-256 hashes only. Every e-mail (first and reminders) adds one, so an
-- older link keeps working until the questionnaire is submitted; then all of them are deleted.
create table barometer_invitation_tokens (
  token_hash bytea primary key,
  invitation_id bigint not null references barometer_invitations(id) on delete cascade
);
create index barometer_invitation_tokens_inv_idx on barometer_invitation_tokens (invitation_id);

-- A half-filled questionnaire, saved page by page; deleted when the answer is submitted.
create table barometer_drafts (
  invitation_id bigint primary key references barometer_invitations(id) on delete cascade,
  answers jsonb not null default '{}',
  language text not null default 'nb' check (language in ('nb','nn','en')),
  -- The pages saved so far (the respondent may come back to any of them).
  pages_done text[] not null default '{}',
  updated_at timestamptz not null default now()
);
