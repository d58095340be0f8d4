-- A first sign-in at a provider that gives no verified e-mail address (ID-porten and Ansattporten send
-- only `sub` and the national identity number): the identity waits here while the person confirms an
-- address with a one-time code sent to it. Keyed by the hash of a random handle kept in an HttpOnly
-- cookie, so only the browser that signed in at the provider can finish it; deleted when used, when
-- the code has been guessed wrong too often, or when it expires. No column holds the national
-- identity number (`pid`); ID-porten's ID token carries it, and the token is kept as oidc_sessions
-- keeps it, for the end-session request.
create table oidc_email_confirmations (
  id_hash bytea primary key,
  provider text not null,
  subject text not null check (length(subject) between 1 and 255),
  -- A name from the provider's claims, for a new user (null: the address's local part is used).
  name text,
  -- An address the provider gave without verifying it: offered in the form, never trusted.
  claimed_email text,
  next text not null,
  -- The sign-in's ID token, for the session's end-session (id_token_hint) once the identity is linked.
  id_token text not null,
  -- The address the latest code went to, and the code's hash (keyed with the browser's handle).
  email text check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254),
  code_hash bytea,
  codes_sent int not null default 0,
  attempts int not null default 0,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index oidc_email_confirmations_expires_idx on oidc_email_confirmations (expires_at);
