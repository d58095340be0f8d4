-- One-time links sent by e-mail: finishing a registration, and resetting a password. Keyed by the
-- hash of the link's secret (the secret itself is only in the mail). A registration keeps the name
-- and the password's hash chosen in the form, so no account exists until the address is proved
-- (and the form answers the same whether or not the address already has an account). Deleted when
-- used or expired; a backup leaves them out, as it leaves out sessions.
create table email_links (
  id_hash bytea primary key,
  purpose text not null check (purpose in ('register', 'reset')),
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254),
  -- reset: the account whose password the link sets
  user_id bigint references users(id) on delete cascade,
  -- register: the new account's name and password hash
  name text,
  password_hash text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  check ((purpose = 'reset') = (user_id is not null)),
  check ((purpose = 'register') = (name is not null and password_hash is not null))
);
create index email_links_expires_idx on email_links (expires_at);
create index email_links_user_idx on email_links (user_id);

-- An org admin invites an address to an organisation; the person behind it becomes a member only
-- when, signed in with an account of that (confirmed) address, they accept. Until then nothing
-- about the invitation is tied to an account, so inviting answers the same whether or not the
-- address has one. Declined, withdrawn and accepted invitations are deleted (the audit log keeps
-- the history).
create table membership_invitations (
  id bigint generated always as identity primary key,
  organisation_id bigint not null references organisations(id) on delete cascade,
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254),
  role text not null check (role in ('member', 'org_admin')),
  invited_by bigint references users(id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create unique index membership_invitations_org_email_idx on membership_invitations (organisation_id, lower(email));
create index membership_invitations_email_idx on membership_invitations (lower(email));
