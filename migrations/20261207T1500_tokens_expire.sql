-- API tokens expire. Tokens made before this had no expiry: they get one year from now, and from
-- here on every token has one (the application sets it from API_TOKEN_DAYS; the default only
-- covers rows written by other paths, such as a restore of an older backup).
update api_tokens set expires_at = now() + interval '1 year' where expires_at is null;
alter table api_tokens alter column expires_at set default now() + interval '1 year';
alter table api_tokens alter column expires_at set not null;
-- «Sign out everywhere» after a password change and the token list both look tokens up by user.
create index api_tokens_user_idx on api_tokens (user_id);
