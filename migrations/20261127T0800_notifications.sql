-- Following, notifications and e-mail (issue 5).
--
-- A write that others may want to hear of records an activity event in the same transaction as the
-- write itself (so an event exists exactly when the write committed). A background job fans each
-- event out to the followers of what it concerns: one notification row per (user, event), which
-- the in-app list reads. E-mail goes through a durable outbox: a digest (instant, daily or weekly)
-- is queued in the same transaction that marks its notifications as e-mailed, so a crash can
-- neither lose a digest nor queue the same notifications twice; the sender marks each message
-- sent right after the SMTP server accepted it.

-- What a user follows: a case, a challenge, an organisation, a LOS theme, or a saved search (the
-- search's query string, e.g. "q=velferd&county=46").
create table follows (
  user_id bigint not null references users(id) on delete cascade,
  target_kind text not null check (target_kind in ('case','challenge','organisation','theme','search')),
  target_key text not null check (length(target_key) between 1 and 2000),
  label text not null default '' check (length(label) <= 300),
  created_at timestamptz not null default now(),
  primary key (user_id, target_kind, target_key)
);
create index follows_target_idx on follows (target_kind, target_key);

-- How often a user wants e-mail (weekly by default: Decidim's users felt overwhelmed), and the
-- secret in their one-click unsubscribe link.
alter table users
  add column email_frequency text not null default 'weekly' check (email_frequency in ('instant','daily','weekly','never')),
  add column unsubscribe_token text not null default replace(gen_random_uuid()::text, '-', ''),
  add column last_digest_at timestamptz;
create unique index users_unsubscribe_token_idx on users (unsubscribe_token);

create table activity_events (
  id bigint generated always as identity primary key,
  -- e.g. case.published, case.updated, challenge.created, challenge.state, challenge.response, comment.created
  kind text not null check (length(kind) between 1 and 60),
  -- The thing the event is about (its followers hear of it) and the things around it whose
  -- followers hear too (the owner organisation, the themes): "case:12", "organisation:7", "theme:<uri>".
  subjects text[] not null check (cardinality(subjects) between 1 and 100),
  actor_user_id bigint references users(id) on delete set null,
  -- Shown in the list and the e-mail; in the language it was written in.
  title text not null check (length(title) between 1 and 300),
  -- The page the notification links to, relative to the site ("/cases/12").
  path text not null check (path ~ '^/[^/]'),
  -- Who may see the event: followers who cannot read the subject are not told of it.
  visibility text not null default 'public' check (visibility in ('public','public_sector','owners')),
  owner_org_ids bigint[] not null default '{}',
  at timestamptz not null default now(),
  fanned_out_at timestamptz
);
create index activity_events_pending_idx on activity_events (id) where fanned_out_at is null;

create table notifications (
  id bigint generated always as identity primary key,
  user_id bigint not null references users(id) on delete cascade,
  event_id bigint not null references activity_events(id) on delete cascade,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  -- The outbox message that carried it (null: not e-mailed yet).
  emailed_in bigint,
  unique (user_id, event_id)
);
create index notifications_user_idx on notifications (user_id, id desc);
create index notifications_unread_idx on notifications (user_id) where read_at is null;
create index notifications_unmailed_idx on notifications (user_id) where emailed_in is null;

create table outbox (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('digest','instant','system')),
  user_id bigint references users(id) on delete set null,
  to_address text not null check (to_address ~ '^[^@\s]+@[^@\s]+$'),
  subject text not null,
  text_body text not null,
  html_body text,
  -- Extra headers (List-Unsubscribe, List-Unsubscribe-Post).
  headers jsonb not null default '{}',
  -- Stable across retries: a receiver that sees it twice can tell.
  message_id text not null unique,
  created_at timestamptz not null default now(),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  sent_at timestamptz,
  -- 'smtp' or 'outbox' (no SMTP_URL: kept here and shown on the admin page).
  delivered_via text check (delivered_via in ('smtp','outbox'))
);
create index outbox_due_idx on outbox (next_attempt_at, id) where sent_at is null;
create index outbox_created_idx on outbox (created_at desc, id desc);
alter table notifications add constraint notifications_emailed_in_fk foreign key (emailed_in) references outbox(id) on delete set null;
