-- OpenID Connect sign-in: identities at external providers linked to users, the transient state of
-- logins under way, and the ID token of sessions begun at a provider (for RP-initiated logout).

-- One row per (provider, subject): the provider's stable id for the person. A user may have several
-- (ID-porten and Entra ID, say); a subject belongs to one user.
create table user_identities (
  provider text not null check (provider ~ '^[a-z][a-z0-9]{0,31}$'),
  subject text not null check (length(subject) between 1 and 255),
  user_id bigint not null references users(id) on delete cascade,
  -- The address the provider gave when the identity was linked (for the audit trail; users.email rules).
  email text,
  created_at timestamptz not null default now(),
  primary key (provider, subject)
);
create index user_identities_user_idx on user_identities (user_id);

-- A login between «go to the provider» and its callback. Keyed by the hash of a random handle kept in
-- an HttpOnly cookie, so only the browser that started it can finish it; deleted when used (a
-- replayed callback finds nothing) and short-lived.
create table oidc_logins (
  id_hash bytea primary key,
  provider text not null,
  state text not null,
  nonce text not null,
  code_verifier text not null,
  redirect_uri text not null,
  next text not null,
  expires_at timestamptz not null
);
create index oidc_logins_expires_idx on oidc_logins (expires_at);

-- The ID token a session was begun with: the provider's end-session endpoint wants it as
-- id_token_hint. Goes with the session.
create table oidc_sessions (
  session_id_hash bytea primary key references sessions(id_hash) on delete cascade,
  provider text not null,
  id_token text not null
);
