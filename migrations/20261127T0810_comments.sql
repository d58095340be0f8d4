-- Comments and questions on cases and challenges (issue 5, item 5).
--
-- A comment belongs to exactly one case or one challenge; a reply points at a top-level comment on
-- the same thing (one level deep). A question's owners may mark one reply as its answer. Comments
-- are never deleted by their authors, only marked deleted (a reply keeps its place in the thread);
-- a moderator hides one with a reason that everyone sees, the text kept for the author and
-- platform admins.

create table comments (
  id bigint generated always as identity primary key,
  case_id bigint references cases(id) on delete cascade,
  challenge_id bigint references challenges(id) on delete cascade,
  parent_id bigint references comments(id) on delete cascade,
  kind text not null default 'comment' check (kind in ('comment','question')),
  body text not null check (length(body) between 1 and 5000),
  author_id bigint references users(id) on delete set null,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz,
  hidden_at timestamptz,
  hidden_by bigint references users(id) on delete set null,
  hidden_reason text check (length(hidden_reason) <= 1000),
  -- On a question: the reply its owners marked as the answer.
  answer_id bigint references comments(id) on delete set null,
  answered_by bigint references users(id) on delete set null,
  answered_at timestamptz,
  check ((case_id is null) <> (challenge_id is null)),
  check ((hidden_at is null) = (hidden_reason is null)),
  check (answer_id is null or kind = 'question'),
  check (parent_id is null or parent_id <> id)
);
-- A thing's thread in order.
create index comments_case_idx on comments (case_id, created_at, id) where case_id is not null;
create index comments_challenge_idx on comments (challenge_id, created_at, id) where challenge_id is not null;
create index comments_parent_idx on comments (parent_id) where parent_id is not null;
-- The rate limit counts a user's recent comments.
create index comments_author_idx on comments (author_id, created_at desc);

create table comment_flags (
  comment_id bigint not null references comments(id) on delete cascade,
  user_id bigint not null references users(id) on delete cascade,
  reason text not null check (reason in ('spam','offensive','personal_data','other')),
  note text not null default '' check (length(note) <= 1000),
  created_at timestamptz not null default now(),
  -- Set when a moderator hid the comment or dismissed its flags: it leaves the moderation list.
  resolved_at timestamptz,
  resolved_by bigint references users(id) on delete set null,
  -- One flag per user per comment.
  primary key (comment_id, user_id)
);
create index comment_flags_open_idx on comment_flags (comment_id) where resolved_at is null;
-- The rate limit counts a user's recent flags.
create index comment_flags_user_idx on comment_flags (user_id, created_at desc);
