-- The in-memory case search index (src/search/search.index.ts) keeps itself current by asking,
-- before each search, for the cases written since it last looked. "Since" is a transaction id:
-- every insert or update of a case stamps it with the writing transaction's id (search_xid), and
-- the index remembers the oldest transaction still running when it last read
-- (pg_snapshot_xmin). Everything written by a transaction at or after that point is read again
-- next time, so a transaction that commits late is never missed, whatever order commits come in.
-- Changes to a case's co-owners (who may see it) and deletions are stamped the same way.

alter table cases add column search_xid xid8 not null default pg_current_xact_id();
create index cases_search_xid_idx on cases (search_xid);

create function cases_stamp_search_xid() returns trigger language plpgsql as $$
begin
  new.search_xid := pg_current_xact_id();
  return new;
end $$;
create trigger cases_stamp_search_xid before update on cases for each row execute function cases_stamp_search_xid();

create function case_coowners_stamp_case() returns trigger language plpgsql as $$
begin
  update cases set search_xid = pg_current_xact_id()
  where id = case when tg_op = 'DELETE' then old.case_id else new.case_id end;
  return null;
end $$;
create trigger case_coowners_stamp_case after insert or update or delete on case_coowners
  for each row execute function case_coowners_stamp_case();

create table case_search_deletions (
  case_id bigint not null,
  xid xid8 not null default pg_current_xact_id(),
  deleted_at timestamptz not null default now()
);
create index case_search_deletions_xid_idx on case_search_deletions (xid);

create function cases_record_deletion() returns trigger language plpgsql as $$
begin
  insert into case_search_deletions (case_id) values (old.id);
  return null;
end $$;
create trigger cases_record_deletion after delete on cases for each row execute function cases_record_deletion();
